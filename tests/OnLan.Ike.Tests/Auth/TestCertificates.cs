using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OnLan.Ike.Tests.Auth;

/// <summary>CAs and certificates made in memory for the tests (no files): ECDSA P-256 keys, quick to make.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=OnLan Test", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddYears(-1), now.AddYears(5));
    }

    /// <summary>An end-entity certificate from <paramref name="ca"/> (which must hold its private key), with its key.</summary>
    public static X509Certificate2 Issue(X509Certificate2 ca, string subject, DateTimeOffset notBefore, DateTimeOffset notAfter,
        string? email = null, string? dns = null, IPAddress? address = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (email is not null) names.AddEmailAddress(email);
        if (dns is not null) names.AddDnsName(dns);
        if (address is not null) names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        using var issued = SignedBy(request, ca, notBefore, notAfter);
        return issued.CopyWithPrivateKey(key);
    }

    public static X509Certificate2 Issue(X509Certificate2 ca, string subject, string? email = null, string? dns = null, IPAddress? address = null)
    {
        var now = DateTimeOffset.UtcNow;
        return Issue(ca, subject, now.AddDays(-1), now.AddDays(30), email, dns, address);
    }

    /// <summary>An RSA-2048 CA, self-signed with <paramref name="hash"/> and PKCS#1 v1.5 or PSS.</summary>
    public static X509Certificate2 CreateRsaCa(string name, HashAlgorithmName hash, RSASignaturePadding padding)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, O=OnLan Test", key, hash, padding);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddYears(-1), now.AddYears(5));
    }

    /// <summary>
    /// An intermediate CA from <paramref name="issuer"/>, with its key: basicConstraints cA = <paramref name="isCa"/>
    /// (critical), the path length constraint if given, keyUsage keyCertSign unless <paramref name="keyCertSign"/> is false.
    /// </summary>
    public static X509Certificate2 CreateIntermediate(X509Certificate2 issuer, string name, bool isCa = true, int? pathLength = null,
        bool keyCertSign = true, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=OnLan Test", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, pathLength is not null, pathLength ?? 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            keyCertSign ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature, true));
        var now = DateTimeOffset.UtcNow;
        using var issued = SignedBy(request, issuer, notBefore ?? now.AddDays(-10), notAfter ?? now.AddYears(2));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>An end-entity certificate signed by an RSA <paramref name="ca"/> with <paramref name="hash"/> and <paramref name="padding"/>.</summary>
    public static X509Certificate2 IssueFromRsa(X509Certificate2 ca, string subject, HashAlgorithmName hash, RSASignaturePadding padding)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var caKey = ca.GetRSAPrivateKey()!;
        var request = new CertificateRequest(subject, key, hash);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        var now = DateTimeOffset.UtcNow;
        var generator = hash == HashAlgorithmName.SHA1 ? new RsaSha1Generator(caKey) : X509SignatureGenerator.CreateForRSA(caKey, padding);
        using var issued = request.Create(ca.SubjectName, generator, now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>A certificate for <paramref name="subject"/> with an extra extension (e.g. an unknown critical one).</summary>
    public static X509Certificate2 IssueWithExtension(X509Certificate2 ca, string subject, X509Extension extension)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(extension);
        var now = DateTimeOffset.UtcNow;
        using var issued = SignedBy(request, ca, now.AddDays(-1), now.AddDays(30));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Signs with <paramref name="issuer"/>'s private key under its name, without CertificateRequest's checks of the
    /// issuer (CA flag, keyCertSign, validity inside the issuer's), so that the tests can make bad chains.
    /// </summary>
    private static X509Certificate2 SignedBy(CertificateRequest request, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var ecdsa = issuer.GetECDsaPrivateKey();
        using var rsa = ecdsa is null ? issuer.GetRSAPrivateKey() : null;
        var generator = ecdsa is not null ? X509SignatureGenerator.CreateForECDsa(ecdsa) : X509SignatureGenerator.CreateForRSA(rsa!, RSASignaturePadding.Pkcs1);
        return request.Create(issuer.SubjectName, generator, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
    }

    /// <summary>sha1WithRSAEncryption, which .NET's own generator no longer makes (old CAs still sign with it).</summary>
    private sealed class RsaSha1Generator(RSA key) : X509SignatureGenerator
    {
        private static readonly byte[] Sha1WithRsa = [0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05, 0x05, 0x00];

        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) => Sha1WithRsa;

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

        protected override PublicKey BuildPublicKey() => X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1).PublicKey;
    }
}
