using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace OnLan.Ike.Eap;

/// <summary>
/// BouncyCastle's TLS crypto cut down to what EAP-TLS here uses: X.509 certificates with RSA or ECDSA keys (checked
/// with .NET's RSA/ECDsa), ECDHE on x25519, secp256r1 and secp384r1, AES-GCM and ChaCha20-Poly1305 (.NET's), SHA-1/2.
/// </summary>
/// <remarks>
/// Why it exists: the binary has a size contract (BinaryTests.MaxArm64Size). <see cref="BcTlsCrypto"/>'s general
/// factories (every key type through PublicKeyFactory, every named curve's tables, ML-KEM, ARIA, Camellia, SM4, SRP,
/// DH…) added over 2 MB to the NativeAOT binary. NativeAOT compiles a virtual method only for the types constructed,
/// and this sealed class is the only crypto object made, so each base method overridden here without calling base is
/// left out with everything only it reaches. Anything not kept is refused with a fatal alert, and the Has* answers
/// say so, so BouncyCastle never negotiates it.
/// </remarks>
// The random source is .NET's (CryptoApiRandomGenerator): SecureRandom's default constructor looks its PRNG up by
// name through DigestUtilities, which brings every digest BouncyCastle has into the binary.
internal sealed class LeanTlsCrypto() : BcTlsCrypto(new SecureRandom(new CryptoApiRandomGenerator()))
{
    public override TlsCertificate CreateCertificate(short type, byte[] encoding) =>
        type == CertificateType.X509
            ? DotNetTlsCertificate.Parse(encoding)
            : throw new TlsFatalAlert(AlertDescription.unsupported_certificate, "only X.509 certificates");

    // AEAD suites only, sealed by .NET (DotNetTlsAead). The CBC suites are not offered: strongSwan and Windows take
    // ECDHE with AES-GCM, and CBC would keep BouncyCastle's AES engine and CBC mode in the binary just for them.
    public override TlsCipher CreateCipher(TlsCryptoParameters cryptoParams, int encryptionAlgorithm, int macAlgorithm) =>
        encryptionAlgorithm switch
        {
            EncryptionAlgorithm.AES_128_GCM => Aead(cryptoParams, chaCha: false, 16, TlsAeadCipher.AEAD_GCM),
            EncryptionAlgorithm.AES_256_GCM => Aead(cryptoParams, chaCha: false, 32, TlsAeadCipher.AEAD_GCM),
            EncryptionAlgorithm.CHACHA20_POLY1305 when ChaCha20Poly1305.IsSupported =>
                Aead(cryptoParams, chaCha: true, 32, TlsAeadCipher.AEAD_CHACHA20_POLY1305),
            _ => throw new TlsFatalAlert(AlertDescription.internal_error, "encryption algorithm " + encryptionAlgorithm),
        };

    private static TlsAeadCipher Aead(TlsCryptoParameters cryptoParams, bool chaCha, int keySize, int aeadType) =>
        new(cryptoParams, new DotNetTlsAead(chaCha, encrypt: true), new DotNetTlsAead(chaCha, encrypt: false), keySize, 16, aeadType);

    public override bool HasEncryptionAlgorithm(int encryptionAlgorithm) => encryptionAlgorithm switch
    {
        EncryptionAlgorithm.AES_128_GCM or EncryptionAlgorithm.AES_256_GCM => true,
        EncryptionAlgorithm.CHACHA20_POLY1305 => ChaCha20Poly1305.IsSupported,
        _ => false,
    };

    protected override IBlockCipher CreateBlockCipher(int encryptionAlgorithm) => throw new TlsFatalAlert(AlertDescription.internal_error);

    public override bool HasMacAlgorithm(int macAlgorithm) => macAlgorithm
        is MacAlgorithm.hmac_sha1 or MacAlgorithm.hmac_sha256 or MacAlgorithm.hmac_sha384 or MacAlgorithm.hmac_sha512;

    // TLS 1.2's PRF is SHA-256/384; signatures hash with SHA-1/2 (no SHA-224: .NET has no name for it). No MD5: it
    // is only for TLS 1.0/1.1, which the handshake does not offer.
    public override bool HasCryptoHashAlgorithm(int cryptoHashAlgorithm) => cryptoHashAlgorithm
        is CryptoHashAlgorithm.sha1 or CryptoHashAlgorithm.sha256 or CryptoHashAlgorithm.sha384 or CryptoHashAlgorithm.sha512;

    public override IDigest CreateDigest(int cryptoHashAlgorithm) => cryptoHashAlgorithm switch
    {
        CryptoHashAlgorithm.sha1 => new Sha1Digest(),
        CryptoHashAlgorithm.sha256 => new Sha256Digest(),
        CryptoHashAlgorithm.sha384 => new Sha384Digest(),
        CryptoHashAlgorithm.sha512 => new Sha512Digest(),
        _ => throw new TlsFatalAlert(AlertDescription.internal_error, "hash " + cryptoHashAlgorithm),
    };

    public override IDigest CloneDigest(int cryptoHashAlgorithm, IDigest digest) => cryptoHashAlgorithm switch
    {
        CryptoHashAlgorithm.sha1 => new Sha1Digest((Sha1Digest)digest),
        CryptoHashAlgorithm.sha256 => new Sha256Digest((Sha256Digest)digest),
        CryptoHashAlgorithm.sha384 => new Sha384Digest((Sha384Digest)digest),
        CryptoHashAlgorithm.sha512 => new Sha512Digest((Sha512Digest)digest),
        _ => throw new TlsFatalAlert(AlertDescription.internal_error, "hash " + cryptoHashAlgorithm),
    };

    // Signatures: RSA (PKCS#1 v1.5 and RSASSA-PSS with an rsaEncryption key) and ECDSA, made and checked by .NET.
    public override bool HasSignatureAlgorithm(short signatureAlgorithm) => signatureAlgorithm
        is SignatureAlgorithm.rsa or SignatureAlgorithm.ecdsa or SignatureAlgorithm.rsa_pss_rsae_sha256
        or SignatureAlgorithm.rsa_pss_rsae_sha384 or SignatureAlgorithm.rsa_pss_rsae_sha512;

    public override bool HasCryptoSignatureAlgorithm(int cryptoSignatureAlgorithm) => cryptoSignatureAlgorithm
        is CryptoSignatureAlgorithm.rsa or CryptoSignatureAlgorithm.ecdsa or CryptoSignatureAlgorithm.rsa_pss_rsae_sha256
        or CryptoSignatureAlgorithm.rsa_pss_rsae_sha384 or CryptoSignatureAlgorithm.rsa_pss_rsae_sha512;

    public override bool HasSignatureAndHashAlgorithm(SignatureAndHashAlgorithm sigAndHashAlgorithm) =>
        DotNetSignatures.HashFor(sigAndHashAlgorithm) is not null;

    public override bool HasSignatureScheme(int signatureScheme) =>
        HasSignatureAndHashAlgorithm(SignatureScheme.GetSignatureAndHashAlgorithm(signatureScheme));

    // Signatures are computed over the hash the TLS layer makes, so nothing needs the whole handshake buffered.
    public override bool HasAnyStreamVerifiers(IList<SignatureAndHashAlgorithm> signatureAndHashAlgorithms) => false;

    public override bool HasAnyStreamVerifiersLegacy(short[] clientCertificateTypes) => false;

    // Key exchange: ECDHE only.
    public override bool HasNamedGroup(int namedGroup) =>
        namedGroup is NamedGroup.x25519 or NamedGroup.secp256r1 or NamedGroup.secp384r1;

    public override TlsECDomain CreateECDomain(TlsECConfig ecConfig) => ecConfig.NamedGroup switch
    {
        // X25519 comes from BouncyCastle's RFC 7748 code, which IKE's group 31 keeps in the binary anyway.
        NamedGroup.x25519 => new BcX25519Domain(this),
        NamedGroup.secp256r1 => new DotNetEcdhDomain(this, ECCurve.NamedCurves.nistP256, 32),
        NamedGroup.secp384r1 => new DotNetEcdhDomain(this, ECCurve.NamedCurves.nistP384, 48),
        _ => throw new TlsFatalAlert(AlertDescription.internal_error, "named group " + ecConfig.NamedGroup),
    };

    public override bool HasDHAgreement() => false;

    public override bool HasKemAgreement() => false;

    public override bool HasRsaEncryption() => false;

    public override bool HasSrpAuthentication() => false;

    public override TlsDHDomain CreateDHDomain(TlsDHConfig dhConfig) => throw new TlsFatalAlert(AlertDescription.internal_error);

    public override TlsKemDomain CreateKemDomain(TlsKemConfig kemConfig) => throw new TlsFatalAlert(AlertDescription.internal_error);

    public override TlsSrp6Client CreateSrp6Client(TlsSrpConfig srpConfig) => throw new TlsFatalAlert(AlertDescription.internal_error);

    public override TlsSrp6Server CreateSrp6Server(TlsSrpConfig srpConfig, BigInteger srpVerifier) =>
        throw new TlsFatalAlert(AlertDescription.internal_error);

    public override TlsSrp6VerifierGenerator CreateSrp6VerifierGenerator(TlsSrpConfig srpConfig) =>
        throw new TlsFatalAlert(AlertDescription.internal_error);
}
