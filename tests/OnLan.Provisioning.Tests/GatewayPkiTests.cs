using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OnLan.Provisioning.Pki;

namespace OnLan.Provisioning.Tests;

public sealed class GatewayPkiTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] WanAddresses = ["203.0.113.1"];
    private readonly TemporaryDirectory _directory = new();

    private string Dir => _directory.Path;

    public void Dispose() => _directory.Dispose();

    private GatewayPkiPaths Create(DateTimeOffset? now = null, KeyAlgorithm algorithm = KeyAlgorithm.Rsa2048) =>
        GatewayPki.EnsureCreated(Dir, "vpn.example.com", WanAddresses, now ?? Now, algorithm);

    private static X509Certificate2 Load(string path) => X509CertificateLoader.LoadCertificateFromFile(path);

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(certificate);
    }

    private static IReadOnlyList<string> Ekus(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value!).ToList();

    private static X509KeyUsageFlags KeyUsage(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages;

    private static Dictionary<string, byte[]> Snapshot(GatewayPkiPaths paths) => new()
    {
        ["ca"] = File.ReadAllBytes(paths.CaCertificate), ["cakey"] = File.ReadAllBytes(paths.CaKey),
        ["server"] = File.ReadAllBytes(paths.ServerCertificate), ["serverkey"] = File.ReadAllBytes(paths.ServerKey),
    };

    /// <summary>rfc822Name [1] and dNSName [2] entries of the subjectAltName, as (tag, text).</summary>
    private static List<(int Tag, string Value)> SanStrings(X509Certificate2 certificate)
    {
        var raw = certificate.Extensions["2.5.29.17"]!.RawData;
        var names = new AsnReader(raw, AsnEncodingRules.DER).ReadSequence();
        var result = new List<(int, string)>();
        while (names.HasData)
        {
            var tag = names.PeekTag();
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 1 or 2)
                result.Add((tag.TagValue, names.ReadCharacterString(UniversalTagNumber.IA5String, tag)));
            else
                names.ReadEncodedValue();
        }
        return result;
    }

    [Fact]
    public void EnsureCreated_writes_the_four_files_in_the_directory()
    {
        var paths = Create();
        Assert.Equal(Path.Combine(Dir, "ca.pem"), paths.CaCertificate);
        Assert.Equal(Path.Combine(Dir, "ca.key"), paths.CaKey);
        Assert.Equal(Path.Combine(Dir, "server.pem"), paths.ServerCertificate);
        Assert.Equal(Path.Combine(Dir, "server.key"), paths.ServerKey);
        Assert.Equal(["ca.key", "ca.pem", "server.key", "server.pem"], Directory.GetFiles(Dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Ca_is_a_self_signed_rsa_2048_ca_with_path_length_zero_for_ten_years()
    {
        var paths = Create();
        using var ca = Load(paths.CaCertificate);
        Assert.Equal(ca.SubjectName.RawData, ca.IssuerName.RawData);
        var constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.HasPathLengthConstraint);
        Assert.Equal(0, constraints.PathLengthConstraint);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, KeyUsage(ca));
        Assert.Equal(2048, ca.GetRSAPublicKey()!.KeySize);
        Assert.InRange((ca.NotAfter - ca.NotBefore).TotalDays, 3650, 3651);
        Assert.True(ChainsTo(ca, ca, Now));
    }

    [Fact]
    public void Server_certificate_chains_to_the_ca_and_names_the_wan_name_and_address()
    {
        var paths = Create();
        using var ca = Load(paths.CaCertificate);
        using var server = Load(paths.ServerCertificate);
        Assert.True(ChainsTo(server, ca, Now));
        Assert.Equal("vpn.example.com", server.GetNameInfo(X509NameType.SimpleName, false));
        var san = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["vpn.example.com"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("203.0.113.1")], san.EnumerateIPAddresses());
    }

    [Fact]
    public void Server_certificate_has_the_usages_apple_and_windows_require_and_lasts_under_825_days()
    {
        var paths = Create();
        using var server = Load(paths.ServerCertificate);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.8.2.2"], Ekus(server));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, KeyUsage(server));
        Assert.False(server.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(2048, server.GetRSAPublicKey()!.KeySize);
        double days = (server.NotAfter - server.NotBefore).TotalDays;
        Assert.InRange(days, 730, 825);
        Assert.True(server.NotBefore.ToUniversalTime() <= Now.UtcDateTime);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Private_keys_are_created_0600_and_certificates_0644()
    {
        var paths = Create();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.CaKey));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.ServerKey));
        var publicMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        Assert.Equal(publicMode, File.GetUnixFileMode(paths.CaCertificate));
        Assert.Equal(publicMode, File.GetUnixFileMode(paths.ServerCertificate));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Reissued_key_is_0600_too()
    {
        Create();
        var paths = GatewayPki.ReissueServer(Dir, "vpn.example.com", WanAddresses, Now);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.ServerKey));
    }

    [Fact]
    public void Keys_are_pkcs8_pem_that_match_their_certificates()
    {
        var paths = Create();
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(paths.ServerKey));
        using var server = X509Certificate2.CreateFromPemFile(paths.ServerCertificate, paths.ServerKey);
        Assert.True(server.HasPrivateKey);
        using var ca = X509Certificate2.CreateFromPemFile(paths.CaCertificate, paths.CaKey);
        Assert.True(ca.HasPrivateKey);
    }

    [Fact]
    public void EnsureCreated_twice_keeps_every_file_byte_for_byte()
    {
        var paths = Create();
        var before = Snapshot(paths);
        Create(Now.AddDays(100));
        var after = Snapshot(paths);
        foreach (var (name, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[name]), name + " changed");
        Assert.Equal(4, Directory.GetFiles(Dir).Length); // no temporary files left
    }

    [Fact]
    public void Server_certificate_with_less_than_30_days_left_is_reissued_and_the_ca_kept()
    {
        var paths = Create();
        var before = Snapshot(paths);
        var late = Now.AddDays(730 - 29);
        Create(late);
        var after = Snapshot(paths);
        Assert.Equal(before["ca"], after["ca"]);
        Assert.Equal(before["cakey"], after["cakey"]);
        Assert.NotEqual(before["server"], after["server"]);
        Assert.NotEqual(before["serverkey"], after["serverkey"]);
        using var ca = Load(paths.CaCertificate);
        using var server = Load(paths.ServerCertificate);
        Assert.True(ChainsTo(server, ca, late));
        Assert.True(server.NotAfter.ToUniversalTime() > late.UtcDateTime.AddDays(700));
    }

    [Fact]
    public void Server_certificate_with_31_days_left_is_kept()
    {
        var paths = Create();
        var before = Snapshot(paths);
        Create(Now.AddDays(730 - 31));
        Assert.Equal(before["server"], Snapshot(paths)["server"]);
    }

    [Fact]
    public void Expired_ca_is_replaced_with_a_new_ca_and_server_certificate()
    {
        var paths = Create();
        var before = Snapshot(paths);
        var later = Now.AddDays(3651);
        Create(later);
        var after = Snapshot(paths);
        Assert.NotEqual(before["ca"], after["ca"]);
        using var ca = Load(paths.CaCertificate);
        using var server = Load(paths.ServerCertificate);
        Assert.True(ChainsTo(server, ca, later));
    }

    [Fact]
    public void A_new_wan_name_gets_a_new_server_certificate_from_the_same_ca()
    {
        var paths = Create();
        var before = Snapshot(paths);
        GatewayPki.EnsureCreated(Dir, "gw.example.net", ["203.0.113.1", "2001:db8::1"], Now);
        var after = Snapshot(paths);
        Assert.Equal(before["ca"], after["ca"]);
        using var server = Load(paths.ServerCertificate);
        var san = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["gw.example.net"], san.EnumerateDnsNames());
        Assert.Equal(2, san.EnumerateIPAddresses().Count());
    }

    [Fact]
    public void A_server_key_that_does_not_match_its_certificate_is_replaced()
    {
        var paths = Create();
        var before = Snapshot(paths);
        using (var other = RSA.Create(2048)) File.WriteAllText(paths.ServerKey, other.ExportPkcs8PrivateKeyPem());
        Create();
        using var server = X509Certificate2.CreateFromPemFile(paths.ServerCertificate, paths.ServerKey);
        Assert.NotEqual(before["server"], Snapshot(paths)["server"]);
    }

    [Fact]
    public void A_server_certificate_from_another_ca_is_replaced()
    {
        var paths = Create();
        using var other = new TemporaryDirectory();
        var foreign = GatewayPki.EnsureCreated(other.Path, "vpn.example.com", WanAddresses, Now);
        File.Copy(foreign.ServerCertificate, paths.ServerCertificate, overwrite: true);
        File.Copy(foreign.ServerKey, paths.ServerKey, overwrite: true);
        Create();
        using var ca = Load(paths.CaCertificate);
        using var server = Load(paths.ServerCertificate);
        Assert.True(ChainsTo(server, ca, Now));
    }

    [Fact]
    public void ReissueServer_makes_a_new_key_under_the_same_ca()
    {
        var paths = Create();
        var before = Snapshot(paths);
        GatewayPki.ReissueServer(Dir, "vpn.example.com", WanAddresses, Now.AddDays(1));
        var after = Snapshot(paths);
        Assert.Equal(before["ca"], after["ca"]);
        Assert.NotEqual(before["serverkey"], after["serverkey"]);
        using var ca = Load(paths.CaCertificate);
        using var server = Load(paths.ServerCertificate);
        Assert.True(ChainsTo(server, ca, Now.AddDays(1)));
    }

    [Fact]
    public void ReissueServer_without_a_ca_refuses()
    {
        Assert.Throws<InvalidOperationException>(() => GatewayPki.ReissueServer(Dir, "vpn.example.com", WanAddresses, Now));
    }

    [Fact]
    public void RenewCa_replaces_both_and_the_old_server_certificate_no_longer_chains()
    {
        var paths = Create();
        using var oldServer = Load(paths.ServerCertificate);
        GatewayPki.RenewCa(Dir, "vpn.example.com", WanAddresses, Now.AddDays(2));
        using var ca = Load(paths.CaCertificate);
        using var server = Load(paths.ServerCertificate);
        Assert.True(ChainsTo(server, ca, Now.AddDays(2)));
        Assert.False(ChainsTo(oldServer, ca, Now.AddDays(2)));
    }

    [Fact]
    public void Client_certificate_for_an_email_identity_has_an_rfc822_name_and_client_auth()
    {
        var paths = Create();
        var client = GatewayPki.IssueClient(Dir, "alice@example.com", "pw", Now);
        using var certificate = X509Certificate2.CreateFromPem(client.CertificatePem, client.KeyPem);
        using var ca = Load(paths.CaCertificate);
        Assert.True(ChainsTo(certificate, ca, Now));
        Assert.Equal([(1, "alice@example.com")], SanStrings(certificate));
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], Ekus(certificate));
        Assert.Equal("alice@example.com", certificate.GetNameInfo(X509NameType.SimpleName, false));
        Assert.InRange((certificate.NotAfter - certificate.NotBefore).TotalDays, 730, 731);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, KeyUsage(certificate));
    }

    [Fact]
    public void Client_certificate_for_an_fqdn_identity_has_a_dns_name()
    {
        Create();
        var client = GatewayPki.IssueClient(Dir, "laptop.example.com", null, Now);
        using var certificate = X509Certificate2.CreateFromPem(client.CertificatePem);
        Assert.Equal([(2, "laptop.example.com")], SanStrings(certificate));
    }

    [Fact]
    public void Client_pkcs12_opens_with_its_password_and_holds_the_key()
    {
        Create();
        var client = GatewayPki.IssueClient(Dir, "alice@example.com", "s3cret", Now);
        using var loaded = X509CertificateLoader.LoadPkcs12(client.Pkcs12, "s3cret", X509KeyStorageFlags.EphemeralKeySet);
        Assert.True(loaded.HasPrivateKey);
        using var pem = X509Certificate2.CreateFromPem(client.CertificatePem);
        Assert.Equal(pem.RawData, loaded.RawData);
        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12(client.Pkcs12, "wrong", X509KeyStorageFlags.EphemeralKeySet));
    }

    [Fact]
    public void Client_certificates_are_not_stored_on_the_gateway()
    {
        Create();
        GatewayPki.IssueClient(Dir, "alice@example.com", "pw", Now);
        Assert.Equal(4, Directory.GetFiles(Dir).Length);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("CN=alice,O=x")]
    [InlineData("two words@example.com")]
    [InlineData("")]
    public void Client_identity_of_no_known_form_is_refused_or_taken_as_a_host_name(string identity)
    {
        Create();
        if (identity == "alice")
        {
            // A plain name is what strongSwan calls an FQDN identity: a dNSName.
            var client = GatewayPki.IssueClient(Dir, identity, null, Now);
            using var certificate = X509Certificate2.CreateFromPem(client.CertificatePem);
            Assert.Equal([(2, "alice")], SanStrings(certificate));
            return;
        }
        Assert.Throws<ArgumentException>(() => GatewayPki.IssueClient(Dir, identity, null, Now));
    }

    [Fact]
    public void Ecdsa_option_makes_p256_keys_without_key_encipherment()
    {
        var paths = Create(algorithm: KeyAlgorithm.EcdsaP256);
        using var ca = Load(paths.CaCertificate);
        using var server = Load(paths.ServerCertificate);
        Assert.Null(server.GetRSAPublicKey());
        using var key = server.GetECDsaPublicKey()!;
        Assert.Equal(256, key.KeySize);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, KeyUsage(server));
        Assert.True(ChainsTo(server, ca, Now));
        var client = GatewayPki.IssueClient(Dir, "bob@example.com", "pw", Now, KeyAlgorithm.EcdsaP256);
        using var clientCertificate = X509Certificate2.CreateFromPem(client.CertificatePem, client.KeyPem);
        Assert.True(ChainsTo(clientCertificate, ca, Now));
        Assert.Equal(KeyAlgorithm.EcdsaP256, client.KeyAlgorithm);
    }

    [Fact]
    public void Certificates_issued_near_the_end_of_the_ca_end_with_it()
    {
        var paths = Create();
        using var ca = Load(paths.CaCertificate);
        var late = Now.AddDays(3650 - 100);
        var client = GatewayPki.IssueClient(Dir, "alice@example.com", null, late);
        using var certificate = X509Certificate2.CreateFromPem(client.CertificatePem);
        Assert.True(certificate.NotAfter <= ca.NotAfter);
        Assert.True(ChainsTo(certificate, ca, late));
    }
}
