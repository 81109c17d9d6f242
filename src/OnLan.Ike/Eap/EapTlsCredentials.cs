using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OnLan.Ike.Auth;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace OnLan.Ike.Eap;

/// <summary>
/// What every EAP-TLS authentication of one configuration shares: the gateway's certificate and key (the ones IKE_AUTH
/// uses), in the form BouncyCastle's TLS stack takes, and the CAs whose client certificates are accepted. Made once
/// when a configuration is put into force, not per login.
/// </summary>
public sealed class EapTlsCredentials
{
    private EapTlsCredentials(byte[] serverCertificate, AsymmetricAlgorithm serverKey, bool serverKeyIsRsa,
        IReadOnlyList<CertificateValidator> authorities, IReadOnlyList<X509Name> authorityNames)
    {
        ServerCertificate = serverCertificate;
        ServerKey = serverKey;
        ServerKeyIsRsa = serverKeyIsRsa;
        Authorities = authorities;
        AuthorityNames = authorityNames;
    }

    /// <summary>The server certificate, DER.</summary>
    public byte[] ServerCertificate { get; }

    /// <summary>
    /// The gateway's RSA or ECDsa key, kept as .NET's object: TLS signs with it through <see cref="DotNetTlsSigner"/>
    /// (BouncyCastle's key classes and PrivateKeyFactory bring in every key type, over the binary's size contract).
    /// </summary>
    internal AsymmetricAlgorithm ServerKey { get; }

    /// <summary>RSA (ECDHE_RSA suites) or else ECDSA (ECDHE_ECDSA suites).</summary>
    public bool ServerKeyIsRsa { get; }

    /// <summary>One validator per accepted CA: a client certificate is good when any of them says Valid.</summary>
    public IReadOnlyList<CertificateValidator> Authorities { get; }

    /// <summary>The CAs' subject names, for CertificateRequest's certificate_authorities (a client picks its certificate by them).</summary>
    internal IReadOnlyList<X509Name> AuthorityNames { get; }

    /// <summary>
    /// From the gateway's certificate with its private key (RSA or ECDSA; the key must be exportable, as keys read
    /// from PEM files are) and the CA certificates that issue client certificates.
    /// </summary>
    /// <exception cref="ArgumentException">No private key of a kind TLS can sign with, or no CA.</exception>
    public static EapTlsCredentials Create(X509Certificate2 serverCertificate, IReadOnlyList<X509Certificate2> authorities)
    {
        if (authorities.Count == 0)
            throw new ArgumentException("EAP-TLS needs at least one CA to check client certificates against", nameof(authorities));
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)serverCertificate.GetRSAPrivateKey() ?? serverCertificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException("the server certificate has no RSA or ECDSA private key", nameof(serverCertificate));
        return new EapTlsCredentials(serverCertificate.RawData, key, key is RSA,
            [.. authorities.Select(a => new CertificateValidator(a))],
            [.. authorities.Select(a => X509Name.GetInstance(Asn1Object.FromByteArray(a.SubjectName.RawData)))]);
    }
}
