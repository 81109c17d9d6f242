using OnLan.Ike.Auth;

namespace OnLan.Ike.Tests.Auth;

/// <summary>RFC 7427 Appendix A: the AlgorithmIdentifier prefixes, length octet included, byte for byte.</summary>
public class SignatureSchemeTests
{
    public static TheoryData<string, string> AppendixA => new()
    {
        // A.1 PKCS#1 1.5 RSA Encryption
        { nameof(SignatureScheme.RsaSha256), "0f 30 0d 06 09 2a 86 48 86 f7 0d 01 01 0b 05 00" },
        { nameof(SignatureScheme.RsaSha384), "0f 30 0d 06 09 2a 86 48 86 f7 0d 01 01 0c 05 00" },
        { nameof(SignatureScheme.RsaSha512), "0f 30 0d 06 09 2a 86 48 86 f7 0d 01 01 0d 05 00" },
        // A.3 ECDSA
        { nameof(SignatureScheme.EcdsaSha256), "0c 30 0a 06 08 2a 86 48 ce 3d 04 03 02" },
        { nameof(SignatureScheme.EcdsaSha384), "0c 30 0a 06 08 2a 86 48 ce 3d 04 03 03" },
        { nameof(SignatureScheme.EcdsaSha512), "0c 30 0a 06 08 2a 86 48 ce 3d 04 03 04" },
        // A.4.3 RSASSA-PSS with SHA-256 (hash and MGF1-SHA-256 with NULL parameters, salt length 32)
        { nameof(SignatureScheme.RsaPssSha256),
            "43 30 41 06 09 2a 86 48 86 f7 0d 01 01 0a 30 34 a0 0f 30 0d 06 09 60 86 48 01 65 03 04 02 01 05 00 " +
            "a1 1c 30 1a 06 09 2a 86 48 86 f7 0d 01 01 08 30 0d 06 09 60 86 48 01 65 03 04 02 01 05 00 a2 03 02 01 20" },
    };

    private static SignatureScheme Named(string name) => name switch
    {
        nameof(SignatureScheme.RsaSha256) => SignatureScheme.RsaSha256,
        nameof(SignatureScheme.RsaSha384) => SignatureScheme.RsaSha384,
        nameof(SignatureScheme.RsaSha512) => SignatureScheme.RsaSha512,
        nameof(SignatureScheme.EcdsaSha256) => SignatureScheme.EcdsaSha256,
        nameof(SignatureScheme.EcdsaSha384) => SignatureScheme.EcdsaSha384,
        nameof(SignatureScheme.EcdsaSha512) => SignatureScheme.EcdsaSha512,
        _ => SignatureScheme.RsaPssSha256,
    };

    private static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", ""));

    [Theory]
    [MemberData(nameof(AppendixA))]
    public void Algorithm_identifier_with_its_length_octet_is_the_one_of_RFC_7427_appendix_A(string scheme, string expected)
    {
        var identifier = Named(scheme).AlgorithmIdentifier;

        Assert.Equal(Hex(expected), (byte[])[(byte)identifier.Length, .. identifier]);
    }

    [Theory]
    [MemberData(nameof(AppendixA))]
    public void Appendix_A_identifiers_parse_back_to_their_scheme(string scheme, string encoded)
    {
        Assert.True(SignatureScheme.TryParse(Hex(encoded)[1..], out var parsed));
        Assert.Equal(Named(scheme), parsed);
    }

    [Fact]
    public void Rsa_identifier_without_null_parameters_is_accepted_too()
    {
        Assert.True(SignatureScheme.TryParse(Hex("30 0b 06 09 2a 86 48 86 f7 0d 01 01 0b"), out var parsed));
        Assert.Equal(SignatureScheme.RsaSha256, parsed);
    }

    [Theory]
    [InlineData("30 0d 06 09 2a 86 48 86 f7 0d 01 01 05 05 00", "sha1WithRSAEncryption: not offered")]
    [InlineData("30 09 06 07 2a 86 48 ce 3d 04 01", "ecdsa-with-SHA1: not offered")]
    [InlineData("30 0d 06 09 2a 86 48 86 f7 0d 01 01 0b 05", "truncated")]
    [InlineData("30 0b 06 09 2a 86 48 86 f7 0d 01 01 0a", "PSS with default (SHA-1) parameters")]
    [InlineData("", "empty")]
    [InlineData("05 00", "not a sequence")]
    public void Unsupported_or_malformed_identifiers_are_refused_without_throwing(string encoded, string why)
    {
        Assert.False(SignatureScheme.TryParse(Hex(encoded), out _), why);
    }
}
