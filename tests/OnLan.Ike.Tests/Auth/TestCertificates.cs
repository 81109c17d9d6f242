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
        using var issued = request.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }

    public static X509Certificate2 Issue(X509Certificate2 ca, string subject, string? email = null, string? dns = null, IPAddress? address = null)
    {
        var now = DateTimeOffset.UtcNow;
        return Issue(ca, subject, now.AddDays(-1), now.AddDays(30), email, dns, address);
    }
}
