using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace OnLan.Ike.Eap;

/// <summary>
/// Checks a TLS 1.2 signature (the peer's CertificateVerify) with .NET: RSA PKCS#1 v1.5 or RSASSA-PSS, or ECDSA with
/// its DER-encoded signature, over the hash BouncyCastle's handshake computed. Takes the place of BouncyCastle's
/// verifiers for the size contract (see <see cref="LeanTlsCrypto"/>).
/// </summary>
internal sealed class DotNetTlsVerifier : TlsVerifier
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;
    private readonly short _signatureAlgorithm;

    public DotNetTlsVerifier(RSA rsa, short signatureAlgorithm)
    {
        _rsa = rsa;
        _signatureAlgorithm = signatureAlgorithm;
    }

    public DotNetTlsVerifier(ECDsa ecdsa, short signatureAlgorithm)
    {
        _ecdsa = ecdsa;
        _signatureAlgorithm = signatureAlgorithm;
    }

    // Null: BouncyCastle then hashes the handshake itself and calls VerifyRawSignature.
    public TlsStreamVerifier? GetStreamVerifier(DigitallySigned digitallySigned) => null;

    public bool VerifyRawSignature(DigitallySigned digitallySigned, byte[] hash)
    {
        var algorithm = digitallySigned.Algorithm;
        if (algorithm is null || algorithm.Signature != _signatureAlgorithm || DotNetSignatures.HashFor(algorithm) is not { } hashName)
            throw new TlsFatalAlert(AlertDescription.internal_error, "signature algorithm mismatch");
        try
        {
            return _rsa is not null
                ? _rsa.VerifyHash(hash, digitallySigned.Signature, hashName, DotNetSignatures.RsaPadding(_signatureAlgorithm))
                : _ecdsa!.VerifyHash(hash, digitallySigned.Signature, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
