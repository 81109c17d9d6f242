using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using OnLan.Testing;
using OnLan.Testing.StrongSwan;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// Certificate login in EAP (EAP-TLS, RFC 5216, inside IKE_AUTH per RFC 7296 §2.16) with strongSwan's eap-tls plugin
/// as the client. The client certificate comes from the running gateway (<c>request pki client</c>, its own CA); the
/// client checks the gateway's TLS and IKE certificates against that CA too.
/// </summary>
public sealed partial class EapTlsTests : IDisposable
{
    private const string User = "alice@onlan.test";

    private readonly TwoPortTopology _net = new();
    private readonly string _files = Directory.CreateTempSubdirectory("onlan-eaptls-").FullName;

    public void Dispose()
    {
        _net.Dispose();
        Directory.Delete(_files, recursive: true);
    }

    // The MSCHAPv2 user bob's secret is there too, for the client that Naks EAP-TLS.
    private static string ClientConf(string authentication, string? eapId = null) => EapTests.RoadWarriorConf(
        $"auth = {authentication}\nid = {User}\n" + (authentication == "eap-tls" ? "certs = client.pem" : $"eap_id = {eapId}"),
        "eap-bob {\nid = bob\nsecret = \"bob's password\"\n}");

    [GeneratedRegex("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", RegexOptions.Singleline)]
    private static partial Regex CertificatePem();

    [GeneratedRegex("-----BEGIN PRIVATE KEY-----.*?-----END PRIVATE KEY-----", RegexOptions.Singleline)]
    private static partial Regex KeyPem();

    /// <summary>Writes a PEM certificate and key to the test's folder; returns their paths.</summary>
    private (string Certificate, string Key) WriteCredential(string name, string certificatePem, string keyPem)
    {
        string certificate = Path.Combine(_files, name + ".pem"), key = Path.Combine(_files, name + ".key");
        File.WriteAllText(certificate, certificatePem + "\n");
        File.WriteAllText(key, keyPem + "\n");
        return (certificate, key);
    }

    private StrongSwanPeer StartClient(GatewayProcess gateway, string conf, (string Certificate, string Key)? credential = null) =>
        StrongSwanPeer.StartWithSwanctlConf(_net.WanPeer, conf, "gw", "net", WanPeerAddress, GatewayWanAddress,
            caCertificatePath: Path.Combine(gateway.StateDirectory, "pki", "ca.pem"),
            clientCertificatePath: credential?.Certificate, clientKeyPath: credential?.Key);

    [RootFact]
    public void A_client_certificate_from_the_gateway_logs_in_with_eap_tls_gets_a_lan_address_and_reaches_the_lan()
    {
        using var gateway = _net.StartVpnGateway("set vpn eap tls enable");
        var issued = gateway.Cli($"request pki client {User}");
        Assert.True(issued.Succeeded, issued.StdOut + issued.StdErr);
        var credential = WriteCredential("alice", CertificatePem().Match(issued.StdOut).Value, KeyPem().Match(issued.StdOut).Value);

        using var peer = StartClient(gateway, ClientConf("eap-tls"), credential);
        var initiate = peer.Initiate(Patience);

        Assert.True(initiate.Succeeded, $"{initiate.StdOut}\n{gateway.Log}\n{peer.Log}");
        Assert.Contains("EAP_TLS", peer.Log); // the method strongSwan ran, as it logs it
        Assert.Contains("negotiated TLS 1.2 using suite TLS_ECDHE_RSA_", peer.Log);
        Assert.Contains("EAP method EAP_TLS succeeded, MSK established", peer.Log);
        Assert.StartsWith("198.18.0.2", peer.VirtualIp);
        var ping = _net.WanPeer.Run($"ping -c 2 -i 0.2 -W 2 {LanHostAddress}");
        Assert.True(ping.Succeeded, ping.StdOut + gateway.Log);
        gateway.WaitForLine($"vpn: {User} authenticated", Patience);
        Assert.Contains(User, gateway.Cli("show leases").StdOut);
    }

    [RootFact]
    public void A_client_certificate_from_another_ca_is_refused_and_leaves_no_lease()
    {
        using var gateway = _net.StartVpnGateway("set vpn eap tls enable");
        var (certificatePem, keyPem) = IssueFromOwnCa(User);
        var credential = WriteCredential("stranger", certificatePem, keyPem);

        using var peer = StartClient(gateway, ClientConf("eap-tls"), credential);
        var initiate = peer.Initiate(Patience);

        Assert.False(initiate.Succeeded, peer.Log);
        Assert.Contains("AUTHENTICATION_FAILED", peer.Log);
        gateway.WaitForLine("EAP authentication failed", Patience);
        Assert.DoesNotContain("leased", gateway.Cli("show leases").StdOut);
        // strongSwan did send its certificate: the refusal is the gateway's path check, not an empty Certificate.
        Assert.Contains($"vpn: EAP-TLS for {User}: the client certificate is not from a configured CA", gateway.Log);
    }

    [RootFact]
    public void With_eap_tls_offered_first_an_mschapv2_client_naks_and_logs_in_with_its_password()
    {
        using var gateway = _net.StartVpnGateway("set vpn eap tls enable\nset vpn user bob password \"bob's password\"");

        using var peer = StartClient(gateway, ClientConf("eap-mschapv2", eapId: "bob"));
        var initiate = peer.Initiate(Patience);

        Assert.True(initiate.Succeeded, $"{initiate.StdOut}\n{gateway.Log}\n{peer.Log}");
        Assert.StartsWith("198.18.0.2", peer.VirtualIp);
        gateway.WaitForLine("vpn: bob authenticated", Patience);
    }

    /// <summary>A CA of our own (not the gateway's) and a client certificate from it that is right in every other way.</summary>
    private static (string CertificatePem, string KeyPem) IssueFromOwnCa(string identity)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Not the gateway's CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={identity}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddEmailAddress(identity);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var issued = request.Create(ca, now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(8));
        return (issued.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
