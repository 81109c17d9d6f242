using System.Text;
using OnLan.Provisioning.Profiles;

namespace OnLan.Provisioning.Tests;

public sealed class ProfileSecretTests(ProfileFixture fixture) : IClassFixture<ProfileFixture>
{
    public static TheoryData<string, string> Cases => new()
    {
        { "windows", "alice" }, { "apple", "alice" }, { "strongswan", "alice" },
        { "windows", "carol" }, { "apple", "carol" }, { "android", "carol" }, { "strongswan", "carol" },
        { "windows", "carol-eap" }, { "apple", "carol-eap" }, { "android", "carol-eap" }, { "strongswan", "carol-eap" },
    };

    private string Generate(string format, string user)
    {
        var request = user switch { "alice" => fixture.Alice, "carol" => fixture.Carol, _ => fixture.CarolEap };
        return format switch
        {
            "windows" => ClientProfiles.Windows(request),
            "apple" => ClientProfiles.Apple(request),
            "android" => ClientProfiles.Android(request),
            _ => ClientProfiles.StrongSwan(request),
        };
    }

    private static IEnumerable<string> Forms(string secret)
    {
        yield return secret;
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        yield return Convert.ToHexString(Encoding.UTF8.GetBytes(secret));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void No_other_users_secret_appears_in_any_profile(string format, string user)
    {
        string text = Generate(format, user);
        foreach (string form in Forms(ProfileFixture.BobSecret)) Assert.DoesNotContain(form, text, StringComparison.OrdinalIgnoreCase);
        if (user != "alice")
            foreach (string form in Forms(ProfileFixture.AliceSecret)) Assert.DoesNotContain(form, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_user_without_a_psk_cannot_get_a_psk_profile()
    {
        var request = fixture.Carol with { Authentication = ClientAuthentication.PreSharedKey };
        Assert.Throws<ArgumentException>(() => ClientProfiles.StrongSwan(request));
    }

    [Fact]
    public void A_user_the_configuration_does_not_know_gets_no_psk_profile()
    {
        var request = fixture.Alice with { Identity = "mallory@example.com", Authentication = ClientAuthentication.PreSharedKey };
        Assert.Throws<ArgumentException>(() => ClientProfiles.Apple(request));
    }

    [Fact]
    public void A_certificate_of_another_identity_is_refused()
    {
        var request = fixture.Alice with { Authentication = ClientAuthentication.Certificate, ClientCertificate = fixture.CarolCertificate };
        Assert.Throws<ArgumentException>(() => ClientProfiles.Windows(request));
    }
}
