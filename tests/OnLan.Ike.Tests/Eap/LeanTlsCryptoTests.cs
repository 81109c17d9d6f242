using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OnLan.Ike.Eap;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.X509;
using TlsHash = Org.BouncyCastle.Tls.HashAlgorithm;
using CertificateRequest = System.Security.Cryptography.X509Certificates.CertificateRequest;

namespace OnLan.Ike.Tests.Eap;

/// <summary>
/// The pieces of <see cref="LeanTlsCrypto"/> written on .NET's crypto (the size contract's replacement for BouncyCastle's
/// general factories): signatures checked against BouncyCastle's own verifiers, ECDH against .NET's derivation, and
/// what was left out refused cleanly.
/// </summary>
public class LeanTlsCryptoTests
{
    private static readonly LeanTlsCrypto Crypto = new();
    private static readonly byte[] Message = "ServerKeyExchange params"u8.ToArray();

    private static X509Certificate2 SelfSigned(AsymmetricAlgorithm key, X509KeyUsageFlags? usage = null)
    {
        var request = key switch
        {
            RSA rsa => new CertificateRequest("CN=test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => new CertificateRequest("CN=test", ecdsa, HashAlgorithmName.SHA256),
            _ => throw new ArgumentException("key"),
        };
        if (usage is { } flags)
            request.CertificateExtensions.Add(new X509KeyUsageExtension(flags, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    public static TheoryData<short, short> RsaSchemes => new()
    {
        { TlsHash.sha256, SignatureAlgorithm.rsa },
        { TlsHash.sha1, SignatureAlgorithm.rsa },
        { TlsHash.sha384, SignatureAlgorithm.rsa },
        { TlsHash.Intrinsic, SignatureAlgorithm.rsa_pss_rsae_sha256 },
        { TlsHash.Intrinsic, SignatureAlgorithm.rsa_pss_rsae_sha512 },
    };

    [Theory]
    [MemberData(nameof(RsaSchemes))]
    public void RsaSignatureIsAcceptedByBouncyCastleAndByOurVerifier(short hash, short signature)
    {
        using var key = RSA.Create(2048);
        using var certificate = SelfSigned(key);
        AssertSignerAndVerifiersAgree(key, certificate, new SignatureAndHashAlgorithm(hash, signature));
    }

    [Fact]
    public void EcdsaSignatureIsAcceptedByBouncyCastleAndByOurVerifier()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = SelfSigned(key);
        AssertSignerAndVerifiersAgree(key, certificate, new SignatureAndHashAlgorithm(TlsHash.sha256, SignatureAlgorithm.ecdsa));
        AssertSignerAndVerifiersAgree(key, certificate, new SignatureAndHashAlgorithm(TlsHash.sha384, SignatureAlgorithm.ecdsa));
    }

    // Our signer against BouncyCastle's verifier (which the peers' TLS stacks behave like) and our verifier against
    // both a good and a spoiled signature.
    private static void AssertSignerAndVerifiersAgree(AsymmetricAlgorithm key, X509Certificate2 certificate, SignatureAndHashAlgorithm algorithm)
    {
        var hashName = DotNetSignatures.HashFor(algorithm)!.Value;
        byte[] hash = HashOf(hashName, Message);
        byte[] signature = new DotNetTlsSigner(key).GenerateRawSignature(algorithm, hash);

        var bouncyCastle = new BcTlsCrypto(new SecureRandom()).CreateCertificate(certificate.RawData);
        Assert.True(bouncyCastle.CreateVerifier(algorithm.Signature).VerifyRawSignature(new DigitallySigned(algorithm, signature), hash));

        var ours = Crypto.CreateCertificate(certificate.RawData).CreateVerifier(algorithm.Signature);
        Assert.True(ours.VerifyRawSignature(new DigitallySigned(algorithm, signature), hash));
        signature[^1] ^= 1;
        Assert.False(ours.VerifyRawSignature(new DigitallySigned(algorithm, signature), hash));
        Assert.False(ours.VerifyRawSignature(new DigitallySigned(algorithm, (byte[])signature.Clone()), HashOf(hashName, "other"u8.ToArray())));
    }

    private static byte[] HashOf(HashAlgorithmName name, byte[] data)
    {
        using var hash = IncrementalHash.CreateHash(name);
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }

    [Fact]
    public void RsaCertificateDoesNotOfferEcdsaAndEcdsaCertificateDoesNotOfferRsa()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rsaCertificate = Crypto.CreateCertificate(SelfSigned(rsa).RawData);
        var ecCertificate = Crypto.CreateCertificate(SelfSigned(ec).RawData);
        Assert.Equal(SignatureAlgorithm.rsa, rsaCertificate.GetLegacySignatureAlgorithm());
        Assert.Equal(SignatureAlgorithm.ecdsa, ecCertificate.GetLegacySignatureAlgorithm());
        Assert.True(rsaCertificate.SupportsSignatureAlgorithm(SignatureAlgorithm.rsa_pss_rsae_sha256));
        Assert.False(rsaCertificate.SupportsSignatureAlgorithm(SignatureAlgorithm.ecdsa));
        Assert.False(ecCertificate.SupportsSignatureAlgorithm(SignatureAlgorithm.rsa));
        var error = Assert.Throws<TlsFatalAlert>(() => ecCertificate.CreateVerifier(SignatureAlgorithm.rsa));
        Assert.Equal(AlertDescription.unsupported_certificate, error.AlertDescription);
    }

    [Fact]
    public void KeyUsageWithoutDigitalSignatureIsRefused()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = Crypto.CreateCertificate(SelfSigned(ec, X509KeyUsageFlags.KeyEncipherment).RawData);
        Assert.Equal(-1, certificate.GetLegacySignatureAlgorithm());
        Assert.Throws<TlsFatalAlert>(() => certificate.CreateVerifier(SignatureAlgorithm.ecdsa));
    }

    [Fact]
    public void CertificateFieldsMatchBouncyCastlesReading()
    {
        using var rsa = RSA.Create(2048);
        using var x509 = SelfSigned(rsa, X509KeyUsageFlags.DigitalSignature);
        var ours = Crypto.CreateCertificate(x509.RawData);
        var theirs = new BcTlsCrypto(new SecureRandom()).CreateCertificate(x509.RawData);
        Assert.Equal(theirs.GetEncoded(), ours.GetEncoded());
        Assert.Equal(theirs.SerialNumber, ours.SerialNumber);
        Assert.Equal(theirs.SigAlgOid, ours.SigAlgOid);
        Assert.Equal(theirs.GetSigAlgParams(), ours.GetSigAlgParams());
        Assert.Equal(theirs.GetExtension(X509Extensions.KeyUsage), ours.GetExtension(X509Extensions.KeyUsage));
        Assert.Null(ours.GetExtension(X509Extensions.SubjectAlternativeName));
    }

    [Fact]
    public void Ed25519CertificateIsRefusedCleanly()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var builder = new X509V3CertificateGenerator();
        builder.SetSerialNumber(Org.BouncyCastle.Math.BigInteger.One);
        builder.SetIssuerDN(new X509Name("CN=ed"));
        builder.SetSubjectDN(new X509Name("CN=ed"));
        builder.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        builder.SetNotAfter(DateTime.UtcNow.AddDays(1));
        builder.SetPublicKey(pair.Public);
        byte[] encoding = builder.Generate(new Asn1SignatureFactory("Ed25519", pair.Private)).GetEncoded();

        var certificate = Crypto.CreateCertificate(encoding);
        Assert.Equal(-1, certificate.GetLegacySignatureAlgorithm());
        Assert.False(certificate.SupportsSignatureAlgorithm(SignatureAlgorithm.ed25519));
        Assert.False(certificate.SupportsSignatureAlgorithm(SignatureAlgorithm.rsa));
        Assert.Throws<TlsFatalAlert>(() => certificate.CreateVerifier(SignatureAlgorithm.ed25519));
        Assert.False(Crypto.HasSignatureAlgorithm(SignatureAlgorithm.ed25519));
    }

    [Fact]
    public void GarbageIsNoCertificate()
    {
        var error = Assert.Throws<TlsFatalAlert>(() => Crypto.CreateCertificate([0x30, 0x03, 0x02, 0x01, 0x01]));
        Assert.Equal(AlertDescription.bad_certificate, error.AlertDescription);
    }

    [Theory]
    [InlineData(NamedGroup.secp256r1, "nistP256")]
    [InlineData(NamedGroup.secp384r1, "nistP384")]
    public void EcdhSecretEqualsDotNetsDerivationOnTheOtherSide(int group, string curveName)
    {
        var curve = ECCurve.CreateFromFriendlyName(curveName);
        var agreement = Crypto.CreateECDomain(new TlsECConfig(group)).CreateECDH();
        byte[] ours = agreement.GenerateEphemeral();

        using var peer = ECDiffieHellman.Create(curve);
        var q = peer.ExportParameters(false).Q;
        agreement.ReceivePeerValue([0x04, .. q.X!, .. q.Y!]);
        byte[] secret = agreement.CalculateSecret().Extract();

        int n = (ours.Length - 1) / 2;
        Assert.Equal(0x04, ours[0]);
        using var ourKey = ECDiffieHellman.Create(new ECParameters
        {
            Curve = curve,
            Q = new ECPoint { X = ours.AsSpan(1, n).ToArray(), Y = ours.AsSpan(1 + n, n).ToArray() },
        });
        Assert.Equal(peer.DeriveRawSecretAgreement(ourKey.PublicKey), secret);
        Assert.Equal(n, secret.Length);
    }

    [Fact]
    public void PointOffTheCurveOrCompressedIsRefused()
    {
        var agreement = Crypto.CreateECDomain(new TlsECConfig(NamedGroup.secp256r1)).CreateECDH();
        byte[] point = agreement.GenerateEphemeral();
        point[^1] ^= 1;
        var offCurve = Assert.Throws<TlsFatalAlert>(() => agreement.ReceivePeerValue(point));
        Assert.Equal(AlertDescription.illegal_parameter, offCurve.AlertDescription);
        var compressed = Assert.Throws<TlsFatalAlert>(() => agreement.ReceivePeerValue([0x02, .. point.AsSpan(1, 32)]));
        Assert.Equal(AlertDescription.illegal_parameter, compressed.AlertDescription);
    }

    [Fact]
    public void X25519StillAgrees()
    {
        var server = Crypto.CreateECDomain(new TlsECConfig(NamedGroup.x25519)).CreateECDH();
        var client = new BcTlsCrypto(new SecureRandom()).CreateECDomain(new TlsECConfig(NamedGroup.x25519)).CreateECDH();
        server.ReceivePeerValue(client.GenerateEphemeral());
        client.ReceivePeerValue(server.GenerateEphemeral());
        Assert.Equal(client.CalculateSecret().Extract(), server.CalculateSecret().Extract());
    }

    [Theory]
    [InlineData(NamedGroup.secp521r1)]
    [InlineData(NamedGroup.brainpoolP256r1)]
    [InlineData(NamedGroup.x448)]
    [InlineData(NamedGroup.ffdhe2048)]
    [InlineData(NamedGroup.MLKEM768)]
    public void OtherGroupsAreNotOfferedAndRefused(int group)
    {
        Assert.False(Crypto.HasNamedGroup(group));
        if (NamedGroup.RefersToAnECDHCurve(group))
            Assert.Throws<TlsFatalAlert>(() => Crypto.CreateECDomain(new TlsECConfig(group)));
    }

    [Fact]
    public void OnlyAeadCiphersRemain()
    {
        Assert.True(Crypto.HasEncryptionAlgorithm(EncryptionAlgorithm.AES_128_GCM));
        Assert.True(Crypto.HasEncryptionAlgorithm(EncryptionAlgorithm.AES_256_GCM));
        Assert.False(Crypto.HasEncryptionAlgorithm(EncryptionAlgorithm.CAMELLIA_128_GCM));
        Assert.False(Crypto.HasEncryptionAlgorithm(EncryptionAlgorithm.AES_128_CCM));
        Assert.False(Crypto.HasEncryptionAlgorithm(EncryptionAlgorithm.cls_3DES_EDE_CBC));
        Assert.False(Crypto.HasEncryptionAlgorithm(EncryptionAlgorithm.AES_128_CBC));
        Assert.False(Crypto.HasSignatureAndHashAlgorithm(new SignatureAndHashAlgorithm(TlsHash.sha224, SignatureAlgorithm.rsa)));
        Assert.False(Crypto.HasSignatureAndHashAlgorithm(new SignatureAndHashAlgorithm(TlsHash.md5, SignatureAlgorithm.rsa)));
        Assert.True(Crypto.HasSignatureAndHashAlgorithm(new SignatureAndHashAlgorithm(TlsHash.sha256, SignatureAlgorithm.rsa)));
    }
}
