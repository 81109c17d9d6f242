using System.Numerics;
using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Tests.Crypto;

public class KeyExchangeTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    // ---- Curve25519 (RFC 7748, RFC 8031) ----

    [Theory]
    // RFC 7748 §5.2, the two single scalar multiplications (the second u has its top bit set, which is ignored).
    [InlineData("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4", "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c", "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")]
    [InlineData("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d", "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493", "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957")]
    public void X25519_matches_RFC_7748_section_5_2(string scalar, string u, string expected)
    {
        Assert.Equal(expected, Convert.ToHexStringLower(Curve25519KeyExchange.ScalarMult(Hex(scalar), Hex(u))));

        using var exchange = new Curve25519KeyExchange(Hex(scalar));
        Assert.Equal(expected, Convert.ToHexStringLower(exchange.DeriveSharedSecret(Hex(u))!));
    }

    [Fact]
    public void X25519_iterated_1000_times_matches_RFC_7748_section_5_2()
    {
        byte[] k = new byte[32], u = new byte[32];
        k[0] = 9;
        u[0] = 9;
        for (int i = 1; i <= 1000; i++)
        {
            byte[] result = Curve25519KeyExchange.ScalarMult(k, u);
            u = k;
            k = result;
            if (i == 1) Assert.Equal("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", Convert.ToHexStringLower(k));
        }
        Assert.Equal("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", Convert.ToHexStringLower(k));
    }

    [Fact]
    public void X25519_key_agreement_matches_RFC_7748_section_6_1()
    {
        using var alice = new Curve25519KeyExchange(Hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        using var bob = new Curve25519KeyExchange(Hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        const string shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Convert.ToHexStringLower(alice.PublicKey));
        Assert.Equal("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", Convert.ToHexStringLower(bob.PublicKey));
        Assert.Equal(shared, Convert.ToHexStringLower(alice.DeriveSharedSecret(bob.PublicKey)!));
        Assert.Equal(shared, Convert.ToHexStringLower(bob.DeriveSharedSecret(alice.PublicKey)!));
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")] // u = 0
    [InlineData("0100000000000000000000000000000000000000000000000000000000000000")] // u = 1
    [InlineData("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")] // u = p - 1
    [InlineData("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")] // order 8
    public void X25519_refuses_small_order_peer_values_that_give_an_all_zero_secret(string peer)
    {
        using var exchange = KeyExchanges.Create(KeyExchangeGroup.Curve25519);

        Assert.Null(exchange.DeriveSharedSecret(Hex(peer)));
    }

    // ---- ECP (RFC 5903 §8) ----

    public static TheoryData<KeyExchangeGroup, string, string, string, string, string> Rfc5903 => new()
    {
        // §8.1, 256-bit random ECP group: i, g^i = gix | giy, r, g^r = grx | gry, g^ir = girx.
        { KeyExchangeGroup.Ecp256,
          "C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433",
          "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180" + "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
          "C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53",
          "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63" + "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
          "D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE" },
        // §8.2, 384-bit random ECP group.
        { KeyExchangeGroup.Ecp384,
          "099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655E35B538041E649EE3FAEF896783AB194",
          "667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E31634FE72B4C55EE6DE3AC808ACB4BDB4C88732AEE95F41AA" + "9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144ADA024181535A0F38EEB9FCFF3C2C947DAE69B4C634573A81C",
          "41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060855CC9BDA0AA2942E0308312916B8ED2960E4BD55A7448FC",
          "E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D0D1AC43A0336DEF96FDA41D0774A3571" + "DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416DD5F0C68759DD1FFF83FA40142209DFF5EAAD96DB9E6386C",
          "11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4D603135569B9E9D09CF5D4A270F59746" },
    };

    [Theory]
    [MemberData(nameof(Rfc5903))]
    public void Ecp_matches_RFC_5903_section_8(KeyExchangeGroup group, string i, string gi, string r, string gr, string gir)
    {
        using var initiator = new EcpKeyExchange(group, Hex(i));
        using var responder = new EcpKeyExchange(group, Hex(r));

        Assert.Equal(gi, Convert.ToHexString(initiator.PublicKey));
        Assert.Equal(gr, Convert.ToHexString(responder.PublicKey));
        Assert.Equal(KeyExchanges.PublicKeyLength(group), initiator.PublicKey.Length);
        Assert.Equal(gir, Convert.ToHexString(initiator.DeriveSharedSecret(Hex(gr))!));
        Assert.Equal(gir, Convert.ToHexString(responder.DeriveSharedSecret(Hex(gi))!));
    }

    [Theory]
    [InlineData(KeyExchangeGroup.Ecp256)]
    [InlineData(KeyExchangeGroup.Ecp384)]
    public void Ecp_refuses_points_off_the_curve_and_wrong_lengths(KeyExchangeGroup group)
    {
        using var ours = KeyExchanges.Create(group);
        using var peer = KeyExchanges.Create(group);
        int n = KeyExchanges.PublicKeyLength(group);

        byte[] offCurve = peer.PublicKey.ToArray();
        offCurve[^1] ^= 1;
        byte[] coordinateAboveP = peer.PublicKey.ToArray();
        coordinateAboveP.AsSpan(0, n / 2).Fill(0xff);

        Assert.NotNull(ours.DeriveSharedSecret(peer.PublicKey));
        Assert.Null(ours.DeriveSharedSecret(offCurve));
        Assert.Null(ours.DeriveSharedSecret(coordinateAboveP));
        Assert.Null(ours.DeriveSharedSecret(new byte[n]));
        Assert.Null(ours.DeriveSharedSecret(peer.PublicKey.AsSpan(0, n - 1)));
        Assert.Null(ours.DeriveSharedSecret([0x04, .. peer.PublicKey]));
    }

    // ---- MODP (RFC 2409 group 2, RFC 3526 groups 14 and 15) ----

    [Theory]
    [InlineData(KeyExchangeGroup.Modp1024, 1024, 129093)]
    [InlineData(KeyExchangeGroup.Modp2048, 2048, 124476)]
    [InlineData(KeyExchangeGroup.Modp3072, 3072, 1690314)]
    public void Modp_primes_are_the_published_formula_2n_minus_2n64_minus_1_plus_264_times_pi_term(KeyExchangeGroup group, int n, int k)
    {
        // p = 2^n - 2^(n-64) - 1 + 2^64 * ( floor(2^(n-130) * pi) + k ), RFC 2409 §6.2 and RFC 3526.
        BigInteger expected = BigInteger.Pow(2, n) - BigInteger.Pow(2, n - 64) - 1 + BigInteger.Pow(2, 64) * (PiTimesPowerOfTwo(n - 130) + k);

        Assert.Equal(expected, ModpKeyExchange.Prime(group));
    }

    [Theory]
    [InlineData(KeyExchangeGroup.Modp1024)]
    [InlineData(KeyExchangeGroup.Modp2048)]
    [InlineData(KeyExchangeGroup.Modp3072)]
    public void Modp_instances_agree_and_pad_to_the_prime_length(KeyExchangeGroup group)
    {
        using var a = KeyExchanges.Create(group);
        using var b = KeyExchanges.Create(group);
        int length = KeyExchanges.PublicKeyLength(group);

        byte[]? ab = a.DeriveSharedSecret(b.PublicKey);
        byte[]? ba = b.DeriveSharedSecret(a.PublicKey);

        Assert.Equal(length, a.PublicKey.Length);
        Assert.NotNull(ab);
        Assert.Equal(length, ab.Length);
        Assert.Equal(ab, ba);
    }

    [Fact]
    public void Modp_pads_small_values_with_leading_zeros()
    {
        // Private exponent 1: the public value is g = 2, which must still be 256 bytes on the wire.
        using var tiny = new ModpKeyExchange(KeyExchangeGroup.Modp2048, BigInteger.One);
        byte[] expected = new byte[256];
        expected[^1] = 2;
        Assert.Equal(expected, tiny.PublicKey);

        byte[] peer = new byte[256];
        peer[^1] = 3;
        byte[] expectedSecret = new byte[256];
        expectedSecret[^1] = 3;
        Assert.Equal(expectedSecret, tiny.DeriveSharedSecret(peer));
    }

    [Theory]
    [InlineData(KeyExchangeGroup.Modp1024)]
    [InlineData(KeyExchangeGroup.Modp2048)]
    [InlineData(KeyExchangeGroup.Modp3072)]
    public void Modp_refuses_degenerate_peer_values_and_wrong_lengths(KeyExchangeGroup group)
    {
        using var exchange = KeyExchanges.Create(group);
        int length = KeyExchanges.PublicKeyLength(group);
        BigInteger p = ModpKeyExchange.Prime(group);
        byte[] Encode(BigInteger value)
        {
            var bytes = new byte[length];
            int size = value.GetByteCount(isUnsigned: true);
            value.TryWriteBytes(bytes.AsSpan(length - size), out _, isUnsigned: true, isBigEndian: true);
            return bytes;
        }

        Assert.Null(exchange.DeriveSharedSecret(Encode(0)));
        Assert.Null(exchange.DeriveSharedSecret(Encode(1)));
        Assert.Null(exchange.DeriveSharedSecret(Encode(p - 1)));
        Assert.Null(exchange.DeriveSharedSecret(Encode(p)));
        Assert.Null(exchange.DeriveSharedSecret(Encode(p + 1)));
        Assert.Null(exchange.DeriveSharedSecret(Enumerable.Repeat((byte)0xff, length).ToArray()));
        Assert.NotNull(exchange.DeriveSharedSecret(Encode(2)));
        Assert.NotNull(exchange.DeriveSharedSecret(Encode(p - 2)));
        Assert.Null(exchange.DeriveSharedSecret(Encode(2).AsSpan(1)));
        Assert.Null(exchange.DeriveSharedSecret([0, .. Encode(2)]));
        Assert.Null(exchange.DeriveSharedSecret([]));
    }

    [Fact]
    public void Modp_private_exponent_is_256_bits()
    {
        for (int i = 0; i < 20; i++)
        {
            using var exchange = (ModpKeyExchange)KeyExchanges.Create(KeyExchangeGroup.Modp2048);
            Assert.Equal(256, exchange.PrivateExponent.GetBitLength());
        }
    }

    // ---- Registry ----

    [Theory]
    [InlineData(KeyExchangeGroup.Modp1024, 128)]
    [InlineData(KeyExchangeGroup.Modp2048, 256)]
    [InlineData(KeyExchangeGroup.Modp3072, 384)]
    [InlineData(KeyExchangeGroup.Ecp256, 64)]
    [InlineData(KeyExchangeGroup.Ecp384, 96)]
    [InlineData(KeyExchangeGroup.Curve25519, 32)]
    public void Every_supported_group_creates_key_pairs_of_its_published_length(KeyExchangeGroup group, int length)
    {
        Assert.True(KeyExchanges.IsSupported(group));
        using var exchange = KeyExchanges.Create(group);

        Assert.Equal(group, exchange.Group);
        Assert.Equal(length, KeyExchanges.PublicKeyLength(group));
        Assert.Equal(length, exchange.PublicKey.Length);
        Assert.Null(exchange.DeriveSharedSecret(new byte[length + 1]));
    }

    [Fact]
    public void Unsupported_groups_are_reported_as_such()
    {
        Assert.False(KeyExchanges.IsSupported(KeyExchangeGroup.None));
        Assert.False(KeyExchanges.IsSupported((KeyExchangeGroup)21));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyExchanges.Create((KeyExchangeGroup)21));
    }

    /// <summary>floor(pi * 2^bits), from Machin's formula pi = 16 atan(1/5) - 4 atan(1/239) in integers.</summary>
    private static BigInteger PiTimesPowerOfTwo(int bits)
    {
        const int guard = 64;
        BigInteger one = BigInteger.One << (bits + guard);
        BigInteger ArctanInverse(int x)
        {
            BigInteger x2 = x * x, term = one / x, sum = term;
            for (int n = 1; !term.IsZero; n++)
            {
                term /= x2;
                BigInteger part = term / (2 * n + 1);
                sum += n % 2 == 1 ? -part : part;
            }
            return sum;
        }
        return (16 * ArctanInverse(5) - 4 * ArctanInverse(239)) >> guard;
    }
}
