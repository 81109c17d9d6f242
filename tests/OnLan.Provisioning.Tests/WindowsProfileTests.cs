using System.Text.RegularExpressions;
using OnLan.Provisioning.Profiles;

namespace OnLan.Provisioning.Tests;

public sealed class WindowsProfileTests(ProfileFixture fixture) : IClassFixture<ProfileFixture>
{
    // Set-VpnConnectionIPsecConfiguration's value names (Microsoft's VpnClient documentation) and what they put on the
    // wire, in the gateway's names. The test's own table: a value missing here fails the test.
    private static readonly Dictionary<string, string[]> EncryptionMethod = new()
    {
        ["AES128"] = ["aes128"], ["AES256"] = ["aes256"], ["GCMAES128"] = ["aes128gcm16"], ["GCMAES256"] = ["aes256gcm16"],
        ["DES"] = ["des"], ["DES3"] = ["3des"], ["AES192"] = ["aes192"],
    };
    private static readonly Dictionary<string, string[]> IntegrityCheckMethod = new()
    {
        // IKE integrity, and the PRF Windows pairs with it.
        ["SHA1"] = ["sha1", "prfsha1"], ["SHA256"] = ["sha256", "prfsha256"], ["SHA384"] = ["sha384", "prfsha384"], ["MD5"] = ["md5"],
    };
    private static readonly Dictionary<string, string[]> DhGroup = new()
    {
        ["Group1"] = ["modp768"], ["Group2"] = ["modp1024"], ["Group14"] = ["modp2048"], ["ECP256"] = ["ecp256"], ["ECP384"] = ["ecp384"],
        ["Group24"] = ["modp2048s256"],
    };
    private static readonly Dictionary<string, string[]> PfsGroup = new()
    {
        ["None"] = [], ["PFS1"] = ["modp768"], ["PFS2"] = ["modp1024"], ["PFS2048"] = ["modp2048"], ["ECP256"] = ["ecp256"],
        ["ECP384"] = ["ecp384"], ["PFSMM"] = ["modp2048"], ["PFS24"] = ["modp2048s256"],
    };
    private static readonly Dictionary<string, string[]> CipherTransform = new()
    {
        ["AES128"] = ["aes128"], ["AES256"] = ["aes256"], ["GCMAES128"] = ["aes128gcm16"], ["GCMAES256"] = ["aes256gcm16"],
        ["DES"] = ["des"], ["DES3"] = ["3des"], ["AES192"] = ["aes192"], ["GCMAES192"] = ["aes192gcm16"], ["None"] = ["null"],
    };
    private static readonly Dictionary<string, string[]> AuthenticationTransform = new()
    {
        // With a GCM cipher transform the GCM value here is the same AEAD, no separate integrity.
        ["SHA196"] = ["sha1"], ["SHA256128"] = ["sha256"], ["GCMAES128"] = ["aes128gcm16"], ["GCMAES256"] = ["aes256gcm16"],
        ["GCMAES192"] = ["aes192gcm16"], ["MD596"] = ["md5"], ["None"] = [],
    };

    private static string Parameter(string script, string name)
    {
        var matches = Regex.Matches(script, @"(?<=\s)-" + name + @" (\S+)");
        Assert.True(matches.Count == 1, $"-{name} appears {matches.Count} times");
        return matches[0].Groups[1].Value;
    }

    private static bool Accepted(string name) =>
        ClientProfiles.AcceptedProposals.All.Any(a => a.Name == name && !a.LegacyOnly);

    private static void AssertMapsToAccepted(string script, string parameter, Dictionary<string, string[]> table)
    {
        string value = Parameter(script, parameter);
        Assert.True(table.TryGetValue(value, out var names), $"-{parameter} {value} is not a value Windows documents");
        foreach (string name in names!) Assert.True(Accepted(name), $"-{parameter} {value} means {name}, which the gateway does not accept");
    }

    [Theory]
    [InlineData("psk")]
    [InlineData("certificate")]
    [InlineData("eap")]
    public void Ipsec_configuration_names_only_proposals_the_gateway_accepts(string kind)
    {
        var request = kind switch { "psk" => fixture.Alice, "certificate" => fixture.Carol, _ => fixture.CarolEap };
        string script = ClientProfiles.Windows(request);
        AssertMapsToAccepted(script, "EncryptionMethod", EncryptionMethod);
        AssertMapsToAccepted(script, "IntegrityCheckMethod", IntegrityCheckMethod);
        AssertMapsToAccepted(script, "DHGroup", DhGroup);
        AssertMapsToAccepted(script, "PfsGroup", PfsGroup);
        AssertMapsToAccepted(script, "CipherTransformConstants", CipherTransform);
        AssertMapsToAccepted(script, "AuthenticationTransformConstants", AuthenticationTransform);
        // ESP: a GCM cipher needs the same GCM as "authentication" transform, or Windows proposes GMAC over ESP-NULL.
        string cipher = Parameter(script, "CipherTransformConstants");
        if (cipher.StartsWith("GCM", StringComparison.Ordinal)) Assert.Equal(cipher, Parameter(script, "AuthenticationTransformConstants"));
        Assert.NotEqual("None", cipher);
    }

    [Fact]
    public void Connection_is_ikev2_with_split_tunneling_and_routes_to_the_lan_and_split_networks()
    {
        string script = ClientProfiles.Windows(fixture.Carol);
        Assert.Contains("$server = 'vpn.example.com'", script);
        Assert.Equal("Ikev2", Parameter(script, "TunnelType"));
        Assert.Equal("Required", Parameter(script, "EncryptionLevel"));
        Assert.Equal("MachineCertificate", Parameter(script, "AuthenticationMethod"));
        Assert.Contains("-SplitTunneling", script);
        Assert.Equal("'lan.example'", Parameter(script, "DnsSuffix"));
        var routes = Regex.Matches(script, @"Add-VpnConnectionRoute .*-DestinationPrefix (\S+)").Select(m => m.Groups[1].Value);
        Assert.Equal(["198.18.0.0/24", "10.20.0.0/16"], routes);
    }

    [Fact]
    public void Ca_is_embedded_and_imported_into_the_machine_root_store()
    {
        string script = ClientProfiles.Windows(fixture.Alice);
        var base64 = Regex.Match(script, @"\$caFile, \[System\.Convert\]::FromBase64String\('([A-Za-z0-9+/=]+)'\)");
        Assert.True(base64.Success);
        Assert.Equal(fixture.CaDer, Convert.FromBase64String(base64.Groups[1].Value));
        Assert.Contains("Import-Certificate -FilePath $caFile -CertStoreLocation Cert:\\LocalMachine\\Root", script);
    }

    [Fact]
    public void Certificate_user_gets_the_pkcs12_imported_with_a_password_asked_at_run_time()
    {
        string script = ClientProfiles.Windows(fixture.Carol);
        var base64 = Regex.Match(script, @"\$p12File, \[System\.Convert\]::FromBase64String\('([A-Za-z0-9+/=]+)'\)");
        Assert.Equal(fixture.CarolCertificate.Pkcs12, Convert.FromBase64String(base64.Groups[1].Value));
        Assert.Contains("Read-Host -AsSecureString", script);
        Assert.Contains("Cert:\\LocalMachine\\My", script);
        Assert.DoesNotContain("carol-p12-password", script);
    }

    [Fact]
    public void Psk_user_gets_a_machine_certificate_connection_and_an_explanation_not_the_psk()
    {
        string script = ClientProfiles.Windows(fixture.Alice);
        Assert.Equal("MachineCertificate", Parameter(script, "AuthenticationMethod"));
        Assert.DoesNotContain("L2tpPsk ", script.Replace("-L2tpPsk is", ""));
        Assert.Contains("cannot use one", script);
        Assert.DoesNotContain(ProfileFixture.AliceSecret, script);
    }

    [Fact]
    public void Eap_user_gets_an_eap_connection()
    {
        string script = ClientProfiles.Windows(fixture.CarolEap);
        Assert.Equal("Eap", Parameter(script, "AuthenticationMethod"));
    }

    [Fact]
    public void Quotes_in_names_are_doubled_in_powershell_strings()
    {
        string script = ClientProfiles.Windows(fixture.Carol with { ConnectionName = "Bob's VPN" });
        Assert.Contains("$name = 'Bob''s VPN'", script);
    }
}
