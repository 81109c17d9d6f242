using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using TlsHash = Org.BouncyCastle.Tls.HashAlgorithm;

namespace OnLan.Ike.Eap;

/// <summary>The TLS 1.2 signature schemes <see cref="LeanTlsCrypto"/> keeps, in .NET's terms.</summary>
internal static class DotNetSignatures
{
    /// <summary>
    /// The hash of a kept scheme (RSA PKCS#1 v1.5 or ECDSA with SHA-1/256/384/512, RSASSA-PSS rsae with SHA-256/384/512);
    /// null for any other.
    /// </summary>
    public static HashAlgorithmName? HashFor(SignatureAndHashAlgorithm? algorithm)
    {
        if (algorithm is null) return null;
        return algorithm.Signature switch
        {
            SignatureAlgorithm.rsa or SignatureAlgorithm.ecdsa => algorithm.Hash switch
            {
                TlsHash.sha1 => HashAlgorithmName.SHA1,
                TlsHash.sha256 => HashAlgorithmName.SHA256,
                TlsHash.sha384 => HashAlgorithmName.SHA384,
                TlsHash.sha512 => HashAlgorithmName.SHA512,
                _ => null,
            },
            _ when algorithm.Hash != TlsHash.Intrinsic => null,
            SignatureAlgorithm.rsa_pss_rsae_sha256 => HashAlgorithmName.SHA256,
            SignatureAlgorithm.rsa_pss_rsae_sha384 => HashAlgorithmName.SHA384,
            SignatureAlgorithm.rsa_pss_rsae_sha512 => HashAlgorithmName.SHA512,
            _ => null,
        };
    }

    public static bool IsRsaScheme(short signatureAlgorithm) => signatureAlgorithm
        is SignatureAlgorithm.rsa or SignatureAlgorithm.rsa_pss_rsae_sha256 or SignatureAlgorithm.rsa_pss_rsae_sha384
        or SignatureAlgorithm.rsa_pss_rsae_sha512;

    /// <summary>PKCS#1 v1.5 for rsa; PSS (salt as long as the hash, as TLS requires and .NET does) for rsa_pss_rsae_*.</summary>
    public static RSASignaturePadding RsaPadding(short signatureAlgorithm) =>
        signatureAlgorithm == SignatureAlgorithm.rsa ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss;
}
