using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace OnLan.Ike.Eap;

/// <summary>
/// Signs the gateway's ServerKeyExchange with its .NET key: RSA PKCS#1 v1.5 or RSASSA-PSS, or ECDSA with a DER
/// signature, over the hash BouncyCastle computed. Replaces BcDefaultTlsCredentialedSigner and PrivateKeyFactory, whose
/// switches over every key type cost the binary's size contract too much (see <see cref="LeanTlsCrypto"/>).
/// </summary>
internal sealed class DotNetTlsSigner(AsymmetricAlgorithm key) : TlsSigner
{
    public byte[] GenerateRawSignature(SignatureAndHashAlgorithm algorithm, byte[] hash)
    {
        // TLS 1.2 always names the algorithm (RFC 5246 §4.7); the MD5+SHA-1 signatures of older versions are not made.
        if (DotNetSignatures.HashFor(algorithm) is not { } hashName)
            throw new TlsFatalAlert(AlertDescription.internal_error, "unsupported signature algorithm " + algorithm);
        try
        {
            return key switch
            {
                RSA rsa when DotNetSignatures.IsRsaScheme(algorithm.Signature) =>
                    rsa.SignHash(hash, hashName, DotNetSignatures.RsaPadding(algorithm.Signature)),
                ECDsa ecdsa when algorithm.Signature == SignatureAlgorithm.ecdsa =>
                    ecdsa.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence),
                _ => throw new TlsFatalAlert(AlertDescription.internal_error, "the server key cannot make " + algorithm),
            };
        }
        catch (CryptographicException e)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }

    // Null: BouncyCastle then hashes the signed data itself and calls GenerateRawSignature.
    public TlsStreamSigner? GetStreamSigner(SignatureAndHashAlgorithm algorithm) => null;
}
