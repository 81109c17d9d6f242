using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OnLan.Ike.Auth;

/// <summary>
/// Checks a peer's certificates (RFC 7296 §3.6: the first CERT holds the key that signed AUTH, further CERTs may be
/// intermediates) against the one CA that issues client certificates. No revocation check and no downloads: the
/// gateway trusts its CA's current issue, nothing else.
/// </summary>
public sealed class CertificateValidator
{
    public CertificateValidator(X509Certificate2 authority)
    {
        Authority = authority;
        AuthorityKeyHash = SHA1.HashData(authority.PublicKey.ExportSubjectPublicKeyInfo());
    }

    public X509Certificate2 Authority { get; }

    /// <summary>SHA-1 of the CA's SubjectPublicKeyInfo: the CERTREQ's Certification Authority field (RFC 7296 §3.7).</summary>
    public byte[] AuthorityKeyHash { get; }

    /// <summary>
    /// Validates <paramref name="certificates"/> (DER, end entity first) at <paramref name="time"/>. On success
    /// <paramref name="endEntity"/> is the peer's certificate, owned by the caller.
    /// </summary>
    public CertificateValidation Validate(IReadOnlyList<byte[]> certificates, DateTimeOffset time, out X509Certificate2? endEntity)
    {
        endEntity = null;
        if (certificates.Count == 0) return CertificateValidation.NoCertificate;
        var loaded = new List<X509Certificate2>(certificates.Count);
        try
        {
            foreach (var der in certificates)
            {
                // The only parser is the throwing one; peer bytes (authenticated only by the AUTH still to be checked)
                // may be anything, so this is the one place that catches.
                try
                {
                    loaded.Add(X509CertificateLoader.LoadCertificate(der));
                }
                catch (CryptographicException)
                {
                    return CertificateValidation.Malformed;
                }
            }
            using var chain = new X509Chain();
            var policy = chain.ChainPolicy;
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.Add(Authority);
            policy.RevocationMode = X509RevocationMode.NoCheck;
            policy.DisableCertificateDownloads = true;
            policy.VerificationTime = time.UtcDateTime;
            for (int i = 1; i < loaded.Count; i++) policy.ExtraStore.Add(loaded[i]);

            bool built = chain.Build(loaded[0]);
            var result = built ? CertificateValidation.Valid : Classify(chain);
            var elements = chain.ChainElements; // copies, ours to dispose
            // CustomRootTrust already insists on our CA as the root; say so explicitly all the same.
            if (result == CertificateValidation.Valid &&
                !elements[^1].Certificate.RawDataMemory.Span.SequenceEqual(Authority.RawDataMemory.Span))
                result = CertificateValidation.Untrusted;
            foreach (var element in elements) element.Certificate.Dispose();
            if (result != CertificateValidation.Valid) return result;
            endEntity = loaded[0];
            loaded.RemoveAt(0);
            return result;
        }
        finally
        {
            foreach (var certificate in loaded) certificate.Dispose();
        }
    }

    private static CertificateValidation Classify(X509Chain chain)
    {
        var flags = X509ChainStatusFlags.NoError;
        foreach (var status in chain.ChainStatus) flags |= status.Status;
        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0) return CertificateValidation.Untrusted;
        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0) return CertificateValidation.Expired;
        return CertificateValidation.Invalid;
    }
}
