using System.Security.Cryptography;
using System.Text;
using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Tests.Crypto;

public class PrfTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex);
    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
    private static byte[] Repeat(byte value, int count) => Enumerable.Repeat(value, count).ToArray();

    private const string LargeKeyData = "Test Using Larger Than Block-Size Key - Hash Key First";

    public static TheoryData<PrfAlgorithm, byte[], byte[], string> PublishedVectors => new()
    {
        // RFC 2202 §3 (HMAC-SHA-1), test cases 1, 2, 3, 6.
        { PrfAlgorithm.HmacSha1, Repeat(0x0b, 20), Ascii("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00" },
        { PrfAlgorithm.HmacSha1, Ascii("Jefe"), Ascii("what do ya want for nothing?"), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
        { PrfAlgorithm.HmacSha1, Repeat(0xaa, 20), Repeat(0xdd, 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3" },
        { PrfAlgorithm.HmacSha1, Repeat(0xaa, 80), Ascii(LargeKeyData), "aa4ae5e15272d00e95705637ce8a3b55ed402112" },
        // RFC 4231 §4.2, §4.3, §4.4, §4.7 (test cases 1, 2, 3, 6) for SHA-256; 1, 2, 6 for SHA-384 and SHA-512.
        { PrfAlgorithm.HmacSha2_256, Repeat(0x0b, 20), Ascii("Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
        { PrfAlgorithm.HmacSha2_256, Ascii("Jefe"), Ascii("what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
        { PrfAlgorithm.HmacSha2_256, Repeat(0xaa, 20), Repeat(0xdd, 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
        { PrfAlgorithm.HmacSha2_256, Repeat(0xaa, 131), Ascii(LargeKeyData), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
        { PrfAlgorithm.HmacSha2_384, Repeat(0x0b, 20), Ascii("Hi There"), "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6" },
        { PrfAlgorithm.HmacSha2_384, Ascii("Jefe"), Ascii("what do ya want for nothing?"), "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649" },
        { PrfAlgorithm.HmacSha2_384, Repeat(0xaa, 131), Ascii(LargeKeyData), "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952" },
        { PrfAlgorithm.HmacSha2_512, Repeat(0x0b, 20), Ascii("Hi There"), "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" },
        { PrfAlgorithm.HmacSha2_512, Ascii("Jefe"), Ascii("what do ya want for nothing?"), "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" },
        { PrfAlgorithm.HmacSha2_512, Repeat(0xaa, 131), Ascii(LargeKeyData), "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598" },
    };

    [Theory]
    [MemberData(nameof(PublishedVectors))]
    public void Prf_matches_the_published_HMAC_test_cases(PrfAlgorithm algorithm, byte[] key, byte[] data, string expected)
    {
        var prf = Prf.Create(algorithm);

        Assert.Equal(expected, Convert.ToHexStringLower(prf.Compute(key, data)));
        Assert.Equal(expected.Length / 2, prf.OutputLength);
    }

    public static TheoryData<PrfAlgorithm> Algorithms =>
        [PrfAlgorithm.HmacSha1, PrfAlgorithm.HmacSha2_256, PrfAlgorithm.HmacSha2_384, PrfAlgorithm.HmacSha2_512];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Prf_plus_equals_a_straightforward_rendering_of_RFC_7296_section_2_13(PrfAlgorithm algorithm)
    {
        var prf = Prf.Create(algorithm);
        byte[] key = Enumerable.Range(0, 37).Select(i => (byte)(i * 7)).ToArray();
        byte[] seed = Enumerable.Range(0, 90).Select(i => (byte)(255 - i)).ToArray();

        foreach (int length in new[] { 0, 1, prf.OutputLength - 1, prf.OutputLength, prf.OutputLength + 1, 200, 255 * prf.OutputLength })
        {
            Assert.Equal(ReferencePrfPlus(algorithm, key, seed, length), prf.Expand(key, seed, length));
        }
    }

    [Fact]
    public void Prf_plus_refuses_more_than_255_blocks()
    {
        var prf = Prf.Create(PrfAlgorithm.HmacSha2_256);

        Assert.Throws<ArgumentOutOfRangeException>(() => prf.Expand([1], [2], 255 * 32 + 1));
    }

    /// <summary>T1 = prf(K, S | 0x01), T2 = prf(K, T1 | S | 0x02), ...; prf+ = T1 | T2 | ... — written as plainly as possible.</summary>
    private static byte[] ReferencePrfPlus(PrfAlgorithm algorithm, byte[] key, byte[] seed, int length)
    {
        var output = new List<byte>();
        byte[] previous = [];
        for (int n = 1; output.Count < length; n++)
        {
            byte[] input = [.. previous, .. seed, (byte)n];
            previous = algorithm switch
            {
                PrfAlgorithm.HmacSha1 => HMACSHA1.HashData(key, input),
                PrfAlgorithm.HmacSha2_256 => HMACSHA256.HashData(key, input),
                PrfAlgorithm.HmacSha2_384 => HMACSHA384.HashData(key, input),
                _ => HMACSHA512.HashData(key, input),
            };
            output.AddRange(previous);
        }
        return output.Take(length).ToArray();
    }
}
