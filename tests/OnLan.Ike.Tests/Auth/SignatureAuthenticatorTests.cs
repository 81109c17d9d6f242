using System.Security.Cryptography;
using OnLan.Ike.Auth;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Tests.Auth;

public class SignatureAuthenticatorTests
{
    private static readonly byte[] Octets = Enumerable.Range(0, 400).Select(i => (byte)(i * 7)).ToArray();
    private static readonly byte[] OtherOctets = [.. Octets[..^1], (byte)(Octets[^1] ^ 1)];
    private static readonly RSA Rsa = RSA.Create(2048);

    private static AsymmetricAlgorithm Key(string kind) => kind switch
    {
        "rsa" => Rsa,
        "p256" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        "p384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        _ => ECDsa.Create(ECCurve.NamedCurves.nistP521),
    };

    private static AsymmetricAlgorithm PublicOnly(AsymmetricAlgorithm key)
    {
        if (key is RSA rsa)
        {
            var copy = RSA.Create();
            copy.ImportParameters(rsa.ExportParameters(false));
            return copy;
        }
        var ecdsa = ECDsa.Create();
        ecdsa.ImportParameters(((ECDsa)key).ExportParameters(false));
        return ecdsa;
    }

    public static TheoryData<string, AuthenticationMethod, string> Methods => new()
    {
        { "rsa", AuthenticationMethod.RsaDigitalSignature, "sha1" },
        { "p256", AuthenticationMethod.EcdsaSha256P256, "sha256" },
        { "p384", AuthenticationMethod.EcdsaSha384P384, "sha384" },
        { "p521", AuthenticationMethod.EcdsaSha512P521, "sha512" },
        { "rsa", AuthenticationMethod.DigitalSignature, "sha256" },
        { "rsa", AuthenticationMethod.DigitalSignature, "sha384" },
        { "rsa", AuthenticationMethod.DigitalSignature, "sha512" },
        { "rsa", AuthenticationMethod.DigitalSignature, "pss-sha256" },
        { "rsa", AuthenticationMethod.DigitalSignature, "pss-sha512" },
        { "p256", AuthenticationMethod.DigitalSignature, "sha256" },
        { "p256", AuthenticationMethod.DigitalSignature, "sha512" },
        { "p384", AuthenticationMethod.DigitalSignature, "sha384" },
    };

    private static SignatureScheme Scheme(AsymmetricAlgorithm key, string hash)
    {
        var kind = key is RSA ? SignatureKeyKind.Rsa : SignatureKeyKind.Ecdsa;
        bool pss = hash.StartsWith("pss-");
        var name = hash.Replace("pss-", "") switch
        {
            "sha1" => HashAlgorithmName.SHA1,
            "sha256" => HashAlgorithmName.SHA256,
            "sha384" => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        };
        return new SignatureScheme(kind, name, pss);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Signature_made_for_a_method_verifies_with_the_public_key(string keyKind, AuthenticationMethod method, string hash)
    {
        var key = Key(keyKind);
        byte[] auth = SignatureAuthenticator.Sign(key, method, Scheme(key, hash), Octets);

        Assert.True(SignatureAuthenticator.Verify(PublicOnly(key), method, auth, Octets));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Signature_over_other_octets_fails(string keyKind, AuthenticationMethod method, string hash)
    {
        var key = Key(keyKind);
        byte[] auth = SignatureAuthenticator.Sign(key, method, Scheme(key, hash), Octets);

        Assert.False(SignatureAuthenticator.Verify(PublicOnly(key), method, auth, OtherOctets));
    }

    [Fact]
    public void Signature_by_another_key_fails()
    {
        using var other = RSA.Create(2048);
        byte[] auth = SignatureAuthenticator.Sign(other, AuthenticationMethod.DigitalSignature, SignatureScheme.RsaSha256, Octets);

        Assert.False(SignatureAuthenticator.Verify(PublicOnly(Rsa), AuthenticationMethod.DigitalSignature, auth, Octets));
    }

    [Fact]
    public void Digital_signature_data_starts_with_the_algorithm_identifier()
    {
        byte[] auth = SignatureAuthenticator.Sign(Rsa, AuthenticationMethod.DigitalSignature, SignatureScheme.RsaSha256, Octets);

        Assert.Equal(Convert.FromHexString("0f300d06092a864886f70d01010b0500"), auth[..16]);
        Assert.Equal(16 + 256, auth.Length);
    }

    [Fact]
    public void Ecdsa_method_with_a_key_on_another_curve_fails()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        byte[] auth = SignatureAuthenticator.Sign(p384, AuthenticationMethod.EcdsaSha384P384, SignatureScheme.EcdsaSha384, Octets);

        Assert.False(SignatureAuthenticator.Verify(PublicOnly(p384), AuthenticationMethod.EcdsaSha256P256, auth, Octets));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x0f })]
    [InlineData(new byte[] { 0xff, 0x30, 0x00 })]
    [InlineData(new byte[] { 0x02, 0x30, 0x00, 1, 2, 3 })]
    public void Malformed_digital_signature_data_is_false_not_an_exception(byte[] auth)
    {
        Assert.False(SignatureAuthenticator.Verify(PublicOnly(Rsa), AuthenticationMethod.DigitalSignature, auth, Octets));
    }

    [Fact]
    public void Rsa_signs_with_the_strongest_hash_the_peer_allows()
    {
        var (method, scheme) = SignatureAuthenticator.Choose(Rsa, [SignatureHashAlgorithm.Sha2_256, SignatureHashAlgorithm.Sha2_384]);

        Assert.Equal(AuthenticationMethod.DigitalSignature, method);
        Assert.Equal(SignatureScheme.RsaSha384, scheme);
    }

    [Fact]
    public void Ecdsa_signs_with_the_hash_of_its_curve_when_the_peer_allows_it()
    {
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        SignatureHashAlgorithm[] all = [SignatureHashAlgorithm.Sha2_256, SignatureHashAlgorithm.Sha2_384, SignatureHashAlgorithm.Sha2_512];

        Assert.Equal((AuthenticationMethod.DigitalSignature, SignatureScheme.EcdsaSha256), SignatureAuthenticator.Choose(p256, all));
        Assert.Equal((AuthenticationMethod.DigitalSignature, SignatureScheme.EcdsaSha384), SignatureAuthenticator.Choose(p384, all));
    }

    [Fact]
    public void Without_the_peer_hash_list_the_classic_method_of_the_key_is_used()
    {
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Equal(AuthenticationMethod.RsaDigitalSignature, SignatureAuthenticator.Choose(Rsa, []).Method);
        Assert.Equal(AuthenticationMethod.EcdsaSha256P256, SignatureAuthenticator.Choose(p256, []).Method);
        Assert.Equal(AuthenticationMethod.RsaDigitalSignature, SignatureAuthenticator.Choose(Rsa, [SignatureHashAlgorithm.Sha1]).Method);
    }
}
