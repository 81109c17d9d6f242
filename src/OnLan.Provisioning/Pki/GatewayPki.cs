using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OnLan.Provisioning.Pki;

/// <summary>
/// The gateway's own small PKI: a CA made on first start, the server certificate IKE_AUTH presents, and client
/// certificates for users. Files in one directory: <c>ca.pem</c>, <c>ca.key</c>, <c>server.pem</c>, <c>server.key</c>.
/// Client keys are returned, never stored. Time is a parameter, as everywhere in the gateway.
/// </summary>
/// <remarks>
/// What clients demand of the server certificate, and why each extension is here:
/// <list type="bullet">
/// <item>subjectAltName with the name or address the client dials: Windows and Apple match it, not the CN;</item>
/// <item>EKU serverAuth (1.3.6.1.5.5.7.3.1) for Windows and Apple, plus IKE intermediate (1.3.6.1.5.5.8.2.2), which
/// macOS wants for IKEv2;</item>
/// <item>at most 825 days of validity: Apple refuses longer-lived server certificates (we issue 2 years).</item>
/// </list>
/// No <see cref="X509Chain"/> here: on Linux it can fetch issuers over HTTP and links the HTTP stack into the binary.
/// </remarks>
public static class GatewayPki
{
    public const string CaCertificateFileName = "ca.pem";
    public const string CaKeyFileName = "ca.key";
    public const string ServerCertificateFileName = "server.pem";
    public const string ServerKeyFileName = "server.key";

    public static readonly TimeSpan CaValidity = TimeSpan.FromDays(3650);
    public static readonly TimeSpan ServerValidity = TimeSpan.FromDays(730);
    public static readonly TimeSpan ClientValidity = TimeSpan.FromDays(730);

    /// <summary>A server certificate with less than this left is re-issued by <see cref="EnsureCreated"/>.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    /// <summary>Back-dating of notBefore, so a client whose clock is a little behind accepts a fresh certificate.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    public const string IkeIntermediateOid = "1.3.6.1.5.5.8.2.2";

    public static GatewayPkiPaths PathsIn(string directory) => new(
        Path.Combine(directory, CaCertificateFileName), Path.Combine(directory, CaKeyFileName),
        Path.Combine(directory, ServerCertificateFileName), Path.Combine(directory, ServerKeyFileName));

    /// <summary>
    /// Makes the CA and server certificate unless usable ones exist. Kept: a CA valid at <paramref name="now"/>, and a
    /// server certificate that the CA issued, for exactly these names, valid for at least <see cref="RenewBefore"/>
    /// more (or as long as the CA itself lasts). Anything missing, unreadable or mismatched is made anew; a new CA
    /// always brings a new server certificate.
    /// </summary>
    /// <param name="serverName">The name clients dial (a DNS name, or an address); the server certificate's CN.</param>
    /// <param name="serverAddresses">Further IPv4/IPv6 addresses for the subjectAltName (e.g. the WAN address).</param>
    public static GatewayPkiPaths EnsureCreated(string directory, string serverName, IEnumerable<string> serverAddresses,
        DateTimeOffset now, KeyAlgorithm keyAlgorithm = KeyAlgorithm.Rsa2048)
    {
        var names = ServerNames.From(serverName, serverAddresses);
        Directory.CreateDirectory(directory);
        var paths = PathsIn(directory);
        using var ca = TryLoad(paths.CaCertificate, paths.CaKey);
        if (ca is null || !IsUsableCa(ca, now))
            return CreateCaAndServer(paths, names, now, keyAlgorithm);

        using var server = TryLoad(paths.ServerCertificate, paths.ServerKey);
        if (server is null || !IsUsableServer(server, ca, names, now))
            IssueServer(paths, ca, names, now, keyAlgorithm);
        return paths;
    }

    /// <summary>A new server key and certificate from the existing CA (after a WAN name change, or a key compromise).</summary>
    public static GatewayPkiPaths ReissueServer(string directory, string serverName, IEnumerable<string> serverAddresses,
        DateTimeOffset now, KeyAlgorithm keyAlgorithm = KeyAlgorithm.Rsa2048)
    {
        var names = ServerNames.From(serverName, serverAddresses);
        var paths = PathsIn(directory);
        using var ca = LoadUsableCa(paths, now);
        IssueServer(paths, ca, names, now, keyAlgorithm);
        return paths;
    }

    /// <summary>
    /// A new CA and a new server certificate under it. Every client certificate and every installed CA certificate of
    /// the old CA stops working: clients need new profiles.
    /// </summary>
    public static GatewayPkiPaths RenewCa(string directory, string serverName, IEnumerable<string> serverAddresses,
        DateTimeOffset now, KeyAlgorithm keyAlgorithm = KeyAlgorithm.Rsa2048)
    {
        var names = ServerNames.From(serverName, serverAddresses);
        Directory.CreateDirectory(directory);
        return CreateCaAndServer(PathsIn(directory), names, now, keyAlgorithm);
    }

    /// <summary>
    /// A client certificate for <paramref name="identity"/> (the IKE identity the client sends): an e-mail style
    /// identity (<c>user@domain</c>) goes into the subjectAltName as rfc822Name, an FQDN or plain name as dNSName, an
    /// address as iPAddress; CN = the identity. EKU clientAuth, 2 years (never past the CA). The PKCS#12 is protected
    /// with <paramref name="password"/> (none when null) using PBE-SHA1-3DES, the one scheme every Windows, macOS, iOS
    /// and Android release imports.
    /// </summary>
    public static ClientCredential IssueClient(string directory, string identity, string? password, DateTimeOffset now,
        KeyAlgorithm keyAlgorithm = KeyAlgorithm.Rsa2048)
    {
        var san = new SubjectAlternativeNameBuilder();
        switch (IdentityForms.Classify(identity))
        {
            case IdentityForm.Email: san.AddEmailAddress(identity); break;
            case IdentityForm.Address: san.AddIpAddress(IPAddress.Parse(identity)); break;
            case IdentityForm.DnsName: san.AddDnsName(identity); break;
            default: throw new ArgumentException($"'{identity}' is not an e-mail style identity, a DNS name or an address", nameof(identity));
        }
        using var ca = LoadUsableCa(PathsIn(directory), now);
        using var key = NewKey(keyAlgorithm);
        var request = key.Request(Subject(identity));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(EndEntityKeyUsage(keyAlgorithm), true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthOid)], false));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));

        var (notBefore, notAfter) = Validity(now, ClientValidity, ca);
        using var issued = request.Create(ca, notBefore, notAfter, NewSerialNumber());
        using var withKey = key.Attach(issued);
        byte[] pkcs12 = withKey.ExportPkcs12(Pkcs12ExportPbeParameters.Pkcs12TripleDesSha1, password);
        return new ClientCredential(identity, issued.ExportCertificatePem() + "\n", key.ExportPem(), pkcs12, keyAlgorithm);
    }

    /// <summary>The CA certificate (PEM) that profiles embed.</summary>
    public static string ReadCaCertificatePem(string directory) => File.ReadAllText(PathsIn(directory).CaCertificate);

    private static GatewayPkiPaths CreateCaAndServer(GatewayPkiPaths paths, ServerNames names, DateTimeOffset now, KeyAlgorithm keyAlgorithm)
    {
        using var key = NewKey(keyAlgorithm);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("OnLan");
        // The date tells an old CA from its renewal in a client's trust store; the CN stays within 64 characters.
        subject.AddCommonName("OnLan CA " + Truncate(names.Primary, 40) + " " + now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var request = key.Request(subject.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var ca = request.CreateSelfSigned(now - ClockSkew, now + CaValidity);

        // Keys before certificates: a crash in between leaves a pair that does not load, which the next start replaces.
        AtomicFile.Write(paths.CaKey, key.ExportPem(), AtomicFile.Private);
        AtomicFile.Write(paths.CaCertificate, ca.ExportCertificatePem() + "\n", AtomicFile.Public);
        IssueServer(paths, ca, names, now, keyAlgorithm);
        return paths;
    }

    private static void IssueServer(GatewayPkiPaths paths, X509Certificate2 ca, ServerNames names, DateTimeOffset now, KeyAlgorithm keyAlgorithm)
    {
        using var key = NewKey(keyAlgorithm);
        var request = key.Request(Subject(names.Primary));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(EndEntityKeyUsage(keyAlgorithm), true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid), new Oid(IkeIntermediateOid)], false));
        request.CertificateExtensions.Add(names.SubjectAlternativeName());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));

        var (notBefore, notAfter) = Validity(now, ServerValidity, ca);
        using var server = request.Create(ca, notBefore, notAfter, NewSerialNumber());
        AtomicFile.Write(paths.ServerKey, key.ExportPem(), AtomicFile.Private);
        AtomicFile.Write(paths.ServerCertificate, server.ExportCertificatePem() + "\n", AtomicFile.Public);
    }

    private static X509Certificate2 LoadUsableCa(GatewayPkiPaths paths, DateTimeOffset now)
    {
        var ca = TryLoad(paths.CaCertificate, paths.CaKey)
            ?? throw new InvalidOperationException($"no readable CA in {Path.GetDirectoryName(paths.CaCertificate)}: run EnsureCreated first");
        if (IsUsableCa(ca, now)) return ca;
        ca.Dispose();
        throw new InvalidOperationException("the CA is not valid at this time: renew it");
    }

    private static bool IsUsableCa(X509Certificate2 ca, DateTimeOffset now) =>
        ca.NotBefore.ToUniversalTime() <= now.UtcDateTime && now.UtcDateTime < ca.NotAfter.ToUniversalTime() &&
        ca.Extensions[BasicConstraintsOid] is X509BasicConstraintsExtension { CertificateAuthority: true };

    private static bool IsUsableServer(X509Certificate2 server, X509Certificate2 ca, ServerNames names, DateTimeOffset now)
    {
        if (!server.IssuerName.RawData.AsSpan().SequenceEqual(ca.SubjectName.RawData)) return false;
        // Issued by this CA (not an earlier one with the same name): the authority key identifier names the CA's key.
        if (server.Extensions[AuthorityKeyIdentifierOid] is not X509AuthorityKeyIdentifierExtension aki ||
            ca.Extensions[SubjectKeyIdentifierOid] is not X509SubjectKeyIdentifierExtension ski ||
            aki.KeyIdentifier is not { } keyId || !keyId.Span.SequenceEqual(ski.SubjectKeyIdentifierBytes.Span))
            return false;
        if (!names.Matches(server)) return false;
        var notAfter = server.NotAfter.ToUniversalTime();
        if (server.NotBefore.ToUniversalTime() > now.UtcDateTime || notAfter <= now.UtcDateTime) return false;
        // Near expiry: re-issue, unless the CA ends first and a new certificate could not last longer anyway.
        bool nearExpiry = notAfter - now.UtcDateTime < RenewBefore;
        bool couldExtend = ca.NotAfter.ToUniversalTime() - notAfter > TimeSpan.FromDays(1);
        return !(nearExpiry && couldExtend);
    }

    private const string BasicConstraintsOid = "2.5.29.19";
    private const string SubjectKeyIdentifierOid = "2.5.29.14";
    private const string AuthorityKeyIdentifierOid = "2.5.29.35";

    /// <summary>The certificate with its private key, or null when either file is missing, unreadable or they do not match.</summary>
    private static X509Certificate2? TryLoad(string certificatePath, string keyPath)
    {
        if (!File.Exists(certificatePath) || !File.Exists(keyPath)) return null;
        try
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException or IOException)
        {
            return null;
        }
    }

    private static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) Validity(DateTimeOffset now, TimeSpan validity, X509Certificate2 ca)
    {
        var caNotAfter = new DateTimeOffset(ca.NotAfter.ToUniversalTime());
        var notAfter = now + validity;
        return (now - ClockSkew, notAfter < caNotAfter ? notAfter : caNotAfter);
    }

    private static X500DistinguishedName Subject(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    private static X509KeyUsageFlags EndEntityKeyUsage(KeyAlgorithm algorithm) => algorithm == KeyAlgorithm.Rsa2048
        ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment
        : X509KeyUsageFlags.DigitalSignature; // keyEncipherment means RSA key transport: wrong for an EC key

    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER
        serial[0] |= 0x01; // and no leading zero octet to trim
        return serial;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static KeyPair NewKey(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Rsa2048 => new KeyPair(RSA.Create(2048)),
        KeyAlgorithm.EcdsaP256 => new KeyPair(ECDsa.Create(ECCurve.NamedCurves.nistP256)),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    /// <summary>An RSA or ECDSA key, the one place that tells them apart.</summary>
    private sealed class KeyPair(AsymmetricAlgorithm key) : IDisposable
    {
        public CertificateRequest Request(X500DistinguishedName subject) => key switch
        {
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256),
            _ => throw new InvalidOperationException(),
        };

        public X509Certificate2 Attach(X509Certificate2 certificate) => key switch
        {
            RSA rsa => certificate.CopyWithPrivateKey(rsa),
            ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
            _ => throw new InvalidOperationException(),
        };

        public string ExportPem() => key.ExportPkcs8PrivateKeyPem() + "\n";

        public void Dispose() => key.Dispose();
    }

    /// <summary>The server certificate's names: CN and subjectAltName entries (DNS names and addresses).</summary>
    private sealed class ServerNames
    {
        private ServerNames(string primary, List<string> dnsNames, List<IPAddress> addresses)
        {
            Primary = primary;
            DnsNames = dnsNames;
            Addresses = addresses;
        }

        public string Primary { get; }
        public List<string> DnsNames { get; }
        public List<IPAddress> Addresses { get; }

        public static ServerNames From(string serverName, IEnumerable<string> serverAddresses)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(serverName);
            var dns = new List<string>();
            var addresses = new List<IPAddress>();
            switch (IdentityForms.Classify(serverName))
            {
                case IdentityForm.Address: addresses.Add(IPAddress.Parse(serverName)); break;
                case IdentityForm.DnsName: dns.Add(serverName.ToLowerInvariant()); break;
                default: throw new ArgumentException($"'{serverName}' is neither a DNS name nor an address", nameof(serverName));
            }
            foreach (string text in serverAddresses)
            {
                if (!IPAddress.TryParse(text, out var address) || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
                    throw new ArgumentException($"'{text}' is not an IP address", nameof(serverAddresses));
                if (!addresses.Contains(address)) addresses.Add(address);
            }
            return new ServerNames(serverName, dns, addresses);
        }

        public X509Extension SubjectAlternativeName()
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (string name in DnsNames) san.AddDnsName(name);
            foreach (var address in Addresses) san.AddIpAddress(address);
            return san.Build();
        }

        public bool Matches(X509Certificate2 certificate)
        {
            if (certificate.Extensions["2.5.29.17"] is not X509SubjectAlternativeNameExtension san) return false;
            var dns = san.EnumerateDnsNames().Select(n => n.ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();
            var addresses = san.EnumerateIPAddresses().Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList();
            return dns.SequenceEqual(DnsNames.Order(StringComparer.Ordinal)) &&
                addresses.SequenceEqual(Addresses.Select(a => a.ToString()).Order(StringComparer.Ordinal));
        }
    }
}
