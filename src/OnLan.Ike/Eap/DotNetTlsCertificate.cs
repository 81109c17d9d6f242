using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace OnLan.Ike.Eap;

/// <summary>
/// A TLS certificate for <see cref="LeanTlsCrypto"/>: read by .NET's <see cref="X509Certificate2"/>, its RSA or ECDSA
/// key checking signatures with .NET (see <see cref="DotNetTlsVerifier"/>). BouncyCastle's own certificate class
/// decodes every key type there is (Ed25519, Ed448, DSA, ML-DSA, SLH-DSA, every named curve), which the size contract
/// cannot afford; other key types are refused here.
/// </summary>
internal sealed class DotNetTlsCertificate : TlsCertificate
{
    private const string RsaKeyOid = "1.2.840.113549.1.1.1";
    private const string EcKeyOid = "1.2.840.10045.2.1";

    private readonly X509Certificate2 _certificate;
    private readonly byte[] _encoding;

    private DotNetTlsCertificate(X509Certificate2 certificate, byte[] encoding)
    {
        _certificate = certificate;
        _encoding = encoding;
    }

    /// <exception cref="TlsFatalAlert">bad_certificate when <paramref name="encoding"/> is no certificate.</exception>
    public static DotNetTlsCertificate Parse(byte[] encoding)
    {
        try
        {
            return new DotNetTlsCertificate(X509CertificateLoader.LoadCertificate(encoding), (byte[])encoding.Clone());
        }
        catch (CryptographicException e)
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, e);
        }
    }

    private bool IsRsa => _certificate.PublicKey.Oid.Value == RsaKeyOid;
    private bool IsEc => _certificate.PublicKey.Oid.Value == EcKeyOid;

    public TlsEncryptor CreateEncryptor(int tlsCertificateRole) =>
        throw new TlsFatalAlert(AlertDescription.internal_error, "no RSA key transport");

    public TlsVerifier CreateVerifier(short signatureAlgorithm)
    {
        if (!AllowsUsage(X509KeyUsageFlags.DigitalSignature))
            throw new TlsFatalAlert(AlertDescription.certificate_unknown, "the certificate's key usage does not allow signing");
        if (!SupportsSignatureAlgorithm(signatureAlgorithm))
            throw new TlsFatalAlert(AlertDescription.unsupported_certificate, "no verifier for signature algorithm " + signatureAlgorithm);
        try
        {
            return IsRsa
                ? new DotNetTlsVerifier(_certificate.GetRSAPublicKey()!, signatureAlgorithm)
                : new DotNetTlsVerifier(_certificate.GetECDsaPublicKey()!, signatureAlgorithm);
        }
        catch (CryptographicException e)
        {
            throw new TlsFatalAlert(AlertDescription.unsupported_certificate, e);
        }
    }

    // TLS 1.3 only, which the handshake does not offer.
    public Tls13Verifier CreateVerifier(int signatureScheme) => throw new TlsFatalAlert(AlertDescription.internal_error);

    public byte[] GetEncoded() => (byte[])_encoding.Clone();

    public byte[]? GetExtension(DerObjectIdentifier extensionOid)
    {
        foreach (var extension in _certificate.Extensions)
            if (extension.Oid?.Value == extensionOid.Id)
                return (byte[])extension.RawData.Clone();
        return null;
    }

    public BigInteger SerialNumber => new(_certificate.SerialNumberBytes.ToArray());

    public string SigAlgOid => _certificate.SignatureAlgorithm.Value!;

    /// <summary>The parameters of the certificate's signatureAlgorithm (RFC 5280 §4.1.1.2), or null when absent.</summary>
    public Asn1Encodable? GetSigAlgParams()
    {
        try
        {
            var certificate = new AsnReader(_encoding, AsnEncodingRules.DER).ReadSequence();
            certificate.ReadEncodedValue(); // tbsCertificate
            var algorithm = certificate.ReadSequence();
            algorithm.ReadObjectIdentifier();
            return algorithm.HasData ? Asn1Object.FromByteArray(algorithm.ReadEncodedValue().ToArray()) : null;
        }
        catch (Exception e) when (e is AsnContentException or IOException)
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, e);
        }
    }

    // RFC 5246 §7.4.6: the signature a client certificate's key makes in CertificateVerify.
    public short GetLegacySignatureAlgorithm() =>
        !AllowsUsage(X509KeyUsageFlags.DigitalSignature) ? (short)-1
        : IsRsa ? SignatureAlgorithm.rsa
        : IsEc ? SignatureAlgorithm.ecdsa
        : (short)-1;

    public bool SupportsSignatureAlgorithm(short signatureAlgorithm) =>
        AllowsUsage(X509KeyUsageFlags.DigitalSignature) && KeyMakes(signatureAlgorithm);

    public bool SupportsSignatureAlgorithmCA(short signatureAlgorithm) =>
        AllowsUsage(X509KeyUsageFlags.KeyCertSign) && KeyMakes(signatureAlgorithm);

    // Static (EC)DH certificates: no suite here uses them.
    public TlsCertificate CheckUsageInRole(int tlsCertificateRole) => throw new TlsFatalAlert(AlertDescription.internal_error);

    private bool KeyMakes(short signatureAlgorithm) =>
        IsRsa ? DotNetSignatures.IsRsaScheme(signatureAlgorithm) : IsEc && signatureAlgorithm == SignatureAlgorithm.ecdsa;

    // Without a keyUsage extension every usage is allowed (RFC 5280 §4.2.1.3).
    private bool AllowsUsage(X509KeyUsageFlags usage)
    {
        foreach (var extension in _certificate.Extensions)
            if (extension is X509KeyUsageExtension keyUsage)
                return (keyUsage.KeyUsages & usage) == usage;
        return true;
    }
}
