using System.Text.Json;
using OnLan.Provisioning.Profiles;

namespace OnLan.Provisioning.Tests;

public sealed class AndroidProfileTests(ProfileFixture fixture) : IClassFixture<ProfileFixture>
{
    [Fact]
    public void Certificate_profile_has_the_fields_the_app_reads()
    {
        using var document = JsonDocument.Parse(ClientProfiles.Android(fixture.Carol));
        var root = document.RootElement;
        Assert.True(Guid.TryParse(root.GetProperty("uuid").GetString(), out _));
        Assert.Equal("OnLan", root.GetProperty("name").GetString());
        Assert.Equal("ikev2-cert", root.GetProperty("type").GetString());
        var remote = root.GetProperty("remote");
        Assert.Equal("vpn.example.com", remote.GetProperty("addr").GetString());
        Assert.Equal("vpn.example.com", remote.GetProperty("id").GetString());
        Assert.Equal(fixture.CaDer, Convert.FromBase64String(remote.GetProperty("cert").GetString()!));
        var local = root.GetProperty("local");
        Assert.Equal("carol@example.com", local.GetProperty("id").GetString());
        Assert.Equal(fixture.CarolCertificate.Pkcs12, Convert.FromBase64String(local.GetProperty("p12").GetString()!));
        Assert.Equal(["198.18.0.0/24", "10.20.0.0/16"],
            root.GetProperty("split-tunneling").GetProperty("subnets").EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public void Proposals_are_single_proposals_the_gateway_accepts()
    {
        using var document = JsonDocument.Parse(ClientProfiles.Android(fixture.Carol));
        string ike = document.RootElement.GetProperty("ike-proposal").GetString()!;
        string esp = document.RootElement.GetProperty("esp-proposal").GetString()!;
        Assert.DoesNotContain(",", ike);
        Assert.DoesNotContain(",", esp);
        ProposalNames.AssertAccepted(ike, ike: true);
        ProposalNames.AssertAccepted(esp, ike: false);
    }

    [Fact]
    public void Eap_profile_names_the_eap_identity()
    {
        using var document = JsonDocument.Parse(ClientProfiles.Android(fixture.CarolEap));
        Assert.Equal("ikev2-eap", document.RootElement.GetProperty("type").GetString());
        Assert.Equal("carol@example.com", document.RootElement.GetProperty("local").GetProperty("eap_id").GetString());
    }

    [Fact]
    public void Psk_is_refused_because_the_app_has_none()
    {
        Assert.Throws<NotSupportedException>(() => ClientProfiles.Android(fixture.Alice));
    }

    [Fact]
    public void A_psk_user_given_a_certificate_gets_a_certificate_profile()
    {
        var request = fixture.Alice with { Authentication = ClientAuthentication.Certificate };
        string text = ClientProfiles.Android(request);
        Assert.DoesNotContain(ProfileFixture.AliceSecret, text);
        using var document = JsonDocument.Parse(text);
        Assert.Equal("ikev2-cert", document.RootElement.GetProperty("type").GetString());
    }
}
