using OnLan.Testing;
using OnLan.Testing.StrongSwan;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// Certificate authentication against strongSwan 5.9.8 (RFC 7296 §2.15, RFC 7427): the road warrior proves itself
/// with a certificate from the gateway's client CA, the gateway answers with its own certificate (always sent) and
/// signature. PKIs are made per test with strongSwan's <c>pki</c> (<see cref="TestPki"/>).
/// <code>
///   wan-peer (charon, client.pem)  203.0.113.2 ---- 203.0.113.1  gateway (onlan, server.pem + ca.pem) ---- LAN 198.18.0.0/24
/// </code>
/// </summary>
public sealed class CertificateTests : IDisposable
{
    private readonly TwoPortTopology _net = new();
    private readonly string _pkiDirectory = Path.Combine(Path.GetTempPath(), $"onlan-pki-{Guid.NewGuid():N}");

    public void Dispose()
    {
        _net.Dispose();
        if (Directory.Exists(_pkiDirectory)) Directory.Delete(_pkiDirectory, recursive: true);
    }

    private static string CertificateConfiguration(TestPki pki) => TwoPortTopology.VpnConfiguration($"""
        set vpn certificate {pki.ServerCertificatePath} {pki.ServerKeyPath}
        set vpn ca {pki.CaCertificatePath}
        """);

    private GatewayProcess StartGateway(TestPki pki)
    {
        var gateway = GatewayProcess.Start(_net.Gateway, CertificateConfiguration(pki));
        gateway.WaitForLine("vpn: IKEv2 responder", Patience);
        gateway.WaitForLine("wan: port wan0 up", Patience);
        return gateway;
    }

    private StrongSwanPeer StartClient(TestPki pki, string certificate, string key, string? charonSettings = null, string? ikeSection = null) =>
        StrongSwanPeer.Start(_net.WanPeer, new StrongSwanConnection
        {
            LocalAddress = WanPeerAddress,
            RemoteAddress = GatewayWanAddress,
            CertificatePath = certificate,
            KeyPath = key,
            CaCertificatePath = pki.CaCertificatePath,
            ExtraCharonSettings = charonSettings,
            ExtraIkeSection = ikeSection,
        });

    // strongSwan's names for the schemes: the client's (verified by us) and ours (verified by it).
    [RootTheory]
    [InlineData(TestKeyType.Rsa2048, "RSA_EMSA_PKCS1_SHA2_256", "RSA_EMSA_PKCS1_SHA2_512")]
    [InlineData(TestKeyType.EcdsaP256, "ECDSA_WITH_SHA256_DER", "ECDSA_WITH_SHA256_DER")]
    public void Client_with_a_certificate_from_the_ca_connects_and_verifies_the_gateway_certificate(TestKeyType keyType, string clientScheme, string gatewayScheme)
    {
        var pki = TestPki.Create(_pkiDirectory, keyType);
        using var gateway = StartGateway(pki);
        using var peer = StartClient(pki, pki.ClientCertificatePath, pki.ClientKeyPath);

        var initiate = peer.Initiate(Patience);

        string sas = peer.ListSas();
        Assert.True(initiate.Succeeded, $"{keyType}: {initiate.StdOut}\n{sas}\n--- gateway\n{gateway.Log}\n--- strongSwan\n{peer.Log}");
        Assert.Contains("ESTABLISHED", sas);
        Assert.Contains("INSTALLED", sas);
        Assert.StartsWith("198.18.0.2", peer.VirtualIp);
        Assert.Contains("198.18.0.0/24", sas);
        // The gateway asked for a certificate from its CA, sent its own, and strongSwan checked it and our signature.
        Assert.Contains("received cert request for \"C=XX, O=OnLan Test, CN=OnLan Test CA\"", peer.Log);
        Assert.Contains("received end entity cert \"C=XX, O=OnLan Test, CN=gw.onlan.test\"", peer.Log);
        Assert.Contains($"authentication of 'client@onlan.test' (myself) with {clientScheme} successful", peer.Log);
        Assert.Contains($"authentication of 'gw.onlan.test' with {gatewayScheme} successful", peer.Log);
        Assert.Contains("IKE_SA gw[1] established between", peer.Log);
        Assert.Matches(@"parsed IKE_AUTH response 1 \[ IDr CERT AUTH CPRP\(", peer.Log);
        if (keyType == TestKeyType.Rsa2048)
        {
            // ~1,350 bytes with an RSA-2048 certificate: it comes in RFC 7383 fragments.
            Assert.Contains("received fragment #1 of 2", peer.Log);
            Assert.Contains("reassembled fragmented IKE message", peer.Log);
        }
        gateway.WaitForLine("vpn: client@onlan.test authenticated", Patience);
        gateway.WaitForLine("vpn: child SA up for client@onlan.test: 198.18.0.200", Patience);
    }

    // Without RFC 7427 (no SIGNATURE_HASH_ALGORITHMS) both sides fall back to the classic methods: 1 (RSA, SHA-1)
    // and 9 (ECDSA P-256); with rsa/pss the client signs RSASSA-PSS inside method 14.
    [RootTheory]
    [InlineData(TestKeyType.Rsa2048, "signature_authentication = no", null, "RSA signature successful", "RSA signature successful")]
    [InlineData(TestKeyType.EcdsaP256, "signature_authentication = no", null, "ECDSA-256 signature successful", "ECDSA-256 signature successful")]
    [InlineData(TestKeyType.Rsa2048, null, "local { auth = rsa/pss-sha256 }", "RSA_EMSA_PSS_SHA2_256_SALT_32", "RSA_EMSA_PKCS1_SHA2_512")]
    public void Classic_methods_and_rsa_pss_interoperate(TestKeyType keyType, string? charonSettings, string? ikeSection, string clientScheme, string gatewayScheme)
    {
        var pki = TestPki.Create(_pkiDirectory, keyType);
        using var gateway = StartGateway(pki);
        using var peer = StartClient(pki, pki.ClientCertificatePath, pki.ClientKeyPath, charonSettings, ikeSection);

        var initiate = peer.Initiate(Patience);

        Assert.True(initiate.Succeeded, $"{initiate.StdOut}\n--- gateway\n{gateway.Log}\n--- strongSwan\n{peer.Log}");
        Assert.Contains("ESTABLISHED", peer.ListSas());
        Assert.Contains($"authentication of 'client@onlan.test' (myself) with {clientScheme}", peer.Log);
        Assert.Contains($"authentication of 'gw.onlan.test' with {gatewayScheme}", peer.Log);
    }

    [RootFact]
    public void Client_certificate_from_another_ca_is_refused_with_authentication_failed()
    {
        var pki = TestPki.Create(_pkiDirectory, TestKeyType.EcdsaP256);
        using var gateway = StartGateway(pki);
        using var peer = StartClient(pki, pki.OtherClientCertificatePath, pki.OtherClientKeyPath);

        var result = peer.Initiate(Patience);

        Assert.False(result.Succeeded, peer.Log);
        Assert.Contains("AUTHENTICATION_FAILED", peer.Log);
        Assert.DoesNotContain("ESTABLISHED", peer.ListSas());
        gateway.WaitForLine("vpn: authentication of client@onlan.test failed: certificate Untrusted", Patience);
        Assert.DoesNotContain("child SA up", gateway.Log);
    }

    [RootFact]
    public void Gateway_with_a_missing_certificate_file_refuses_to_start_and_names_the_file()
    {
        var pki = TestPki.Create(_pkiDirectory, TestKeyType.EcdsaP256);
        string missing = Path.Combine(_pkiDirectory, "missing.pem");
        string configuration = TwoPortTopology.VpnConfiguration($"""
            set vpn certificate {missing} {pki.ServerKeyPath}
            set vpn ca {pki.CaCertificatePath}
            """);
        using var gateway = GatewayProcess.Start(_net.Gateway, configuration);

        Assert.Equal(1, gateway.WaitForExit(Patience));
        Assert.Contains(gateway.Lines, line => line.Contains("error: vpn: certificate " + missing + ": cannot read", StringComparison.Ordinal));
    }
}
