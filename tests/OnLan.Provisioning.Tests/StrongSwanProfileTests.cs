using System.Text;
using System.Text.RegularExpressions;
using OnLan.Provisioning.Profiles;

namespace OnLan.Provisioning.Tests;

public sealed partial class StrongSwanProfileTests(ProfileFixture fixture) : IClassFixture<ProfileFixture>
{
    /// <summary>Braces outside double-quoted strings must balance and never go below zero.</summary>
    internal static void AssertBalanced(string text)
    {
        int depth = 0;
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
                continue;
            }
            if (c == '#')
            {
                while (i < text.Length && text[i] != '\n') i++;
                continue;
            }
            if (c == '"') quoted = true;
            else if (c == '{') depth++;
            else if (c == '}') Assert.True(--depth >= 0, "a '}' closes nothing");
        }
        Assert.False(quoted, "an unterminated string");
        Assert.Equal(0, depth);
    }

    private static string Setting(string text, string key)
    {
        var match = Regex.Match(text, @"^\s*" + Regex.Escape(key) + @" = (.*)$", RegexOptions.Multiline);
        Assert.True(match.Success, key + " missing");
        return match.Groups[1].Value;
    }

    [Fact]
    public void Psk_snippet_is_balanced_and_holds_the_connection_and_the_users_secret()
    {
        string text = ClientProfiles.StrongSwan(fixture.Alice);
        AssertBalanced(text);
        Assert.StartsWith("connections {", text.Split('\n').First(l => !l.StartsWith('#')));
        Assert.Equal("2", Setting(text, "version"));
        Assert.Equal("\"vpn.example.com\"", Setting(text, "remote_addrs"));
        Assert.Equal("0.0.0.0", Setting(text, "vips"));
        Assert.Equal("198.18.0.0/24, 10.20.0.0/16", Setting(text, "remote_ts"));
        Assert.Equal("none", Setting(text, "start_action"));
        Assert.Equal(2, Regex.Matches(text, @"^\s*auth = psk$", RegexOptions.Multiline).Count);
        Assert.Contains("id = \"alice@example.com\"", text);
        Assert.Contains("id = \"vpn.example.com\"", text);
        Assert.Contains("secrets {", text);
        Assert.Equal("\"" + ProfileFixture.AliceSecret + "\"", Setting(text, "secret"));
    }

    [Fact]
    public void Proposals_are_ones_the_gateway_accepts()
    {
        string text = ClientProfiles.StrongSwan(fixture.Alice);
        var ike = ProposalNames.AssertAccepted(Setting(text, "proposals"), ike: true);
        ProposalNames.AssertAccepted(Setting(text, "esp_proposals"), ike: false);
        Assert.Contains(ike, a => a.Name == "aes256gcm16");
    }

    [Fact]
    public void Rekey_times_come_before_the_gateways_lifetimes()
    {
        var request = fixture.Alice with
        {
            Configuration = fixture.Configuration with { Vpn = fixture.Configuration.Vpn with { LifetimeSeconds = 7200, ChildLifetimeSeconds = 3600 } },
        };
        string text = ClientProfiles.StrongSwan(request);
        var times = Regex.Matches(text, @"rekey_time = (\d+)s").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(2, times.Count);
        Assert.InRange(times[0], 3600, 7199);
        Assert.InRange(times[1], 1800, 3599);
    }

    [Fact]
    public void Certificate_snippet_uses_pubkey_and_the_ca_file_and_has_no_secrets()
    {
        string text = ClientProfiles.StrongSwan(fixture.Carol);
        AssertBalanced(text);
        Assert.Equal(2, Regex.Matches(text, @"^\s*auth = pubkey$", RegexOptions.Multiline).Count);
        Assert.Equal("\"onlan-client.pem\"", Setting(text, "certs"));
        Assert.Equal("\"onlan-ca.pem\"", Setting(text, "cacerts"));
        Assert.DoesNotContain("secrets {", text);
    }

    [Fact]
    public void Eap_snippet_uses_eap_mschapv2_with_the_identity()
    {
        string text = ClientProfiles.StrongSwan(fixture.CarolEap);
        AssertBalanced(text);
        Assert.Equal("eap-mschapv2", Setting(text, "auth"));
        Assert.Equal("\"carol@example.com\"", Setting(text, "eap_id"));
    }

    [Theory]
    [InlineData("with \"quote\" and \\ backslash")]
    [InlineData("0x1234")]
    [InlineData("grüße $x")]
    public void Secrets_swanctl_would_misread_are_written_as_base64(string secret)
    {
        var vpn = fixture.Configuration.Vpn;
        var request = fixture.Alice with
        {
            Configuration = fixture.Configuration with { Vpn = vpn with { Users = vpn.Users.SetItem("alice@example.com", new(secret)) } },
        };
        string text = ClientProfiles.StrongSwan(request);
        AssertBalanced(text);
        string value = Setting(text, "secret");
        Assert.StartsWith("\"0s", value);
        Assert.Equal(secret, Encoding.UTF8.GetString(Convert.FromBase64String(value[3..^1])));
    }
}
