using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Tests.Crypto;

public class SkProtectionTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    private static readonly IkeHeader Header = new(
        0x1122334455667788, 0x99aabbccddeeff00, PayloadType.None, ExchangeType.IkeAuth, IkeFlags.Initiator, 1, 0);

    private static readonly byte[] Inner = Enumerable.Range(0, 61).Select(i => (byte)(i * 3 + 1)).ToArray();

    public static TheoryData<string, IkeSuite> Suites()
    {
        var data = new TheoryData<string, IkeSuite>();
        foreach (int bits in new[] { 128, 256 })
        {
            foreach (IntegrityAlgorithm integrity in new[] { IntegrityAlgorithm.HmacSha1_96, IntegrityAlgorithm.HmacSha2_256_128, IntegrityAlgorithm.HmacSha2_384_192, IntegrityAlgorithm.HmacSha2_512_256 })
            {
                data.Add($"AES-CBC-{bits} {integrity}", new IkeSuite(EncryptionAlgorithm.AesCbc, bits, integrity, PrfAlgorithm.HmacSha2_256, KeyExchangeGroup.Modp2048));
            }
            data.Add($"AES-GCM-16-{bits}", new IkeSuite(EncryptionAlgorithm.AesGcm16, bits, IntegrityAlgorithm.None, PrfAlgorithm.HmacSha2_256, KeyExchangeGroup.Curve25519));
        }
        data.Add("ChaCha20-Poly1305", new IkeSuite(EncryptionAlgorithm.ChaCha20Poly1305, 256, IntegrityAlgorithm.None, PrfAlgorithm.HmacSha2_256, KeyExchangeGroup.Curve25519));
        return data;
    }

    private static (byte[] Encryption, byte[] Integrity) Keys(IkeSuite suite, byte seed = 0x40)
    {
        byte[] e = Enumerable.Range(0, suite.EncryptionKeyLength).Select(i => (byte)(seed + i)).ToArray();
        byte[] a = Enumerable.Range(0, suite.IntegrityKeyLength).Select(i => (byte)(seed * 3 + i)).ToArray();
        return (e, a);
    }

    private static (SkProtection Sender, SkProtection Receiver) Pair(IkeSuite suite)
    {
        var (e, a) = Keys(suite);
        return (new SkProtection(suite, e, a), new SkProtection(suite, e, a));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Protected_message_round_trips_for_every_suite(string name, IkeSuite suite)
    {
        _ = name;
        var (sender, receiver) = Pair(suite);
        using (sender)
        using (receiver)
        {
            foreach (int length in new[] { 0, 1, 15, 16, 17, Inner.Length })
            {
                byte[] message = sender.Protect(Header, PayloadType.IdentificationInitiator, Inner.AsSpan(0, length));

                Assert.Equal(IkeHeader.Size + 4 + length + sender.Overhead(length), message.Length);
                Assert.Equal(IkeError.None, IkeHeader.TryRead(message, out IkeHeader header));
                Assert.Equal(PayloadType.Encrypted, header.NextPayload);
                Assert.Equal((uint)message.Length, header.Length);
                Assert.Equal(Header with { NextPayload = PayloadType.Encrypted, Length = header.Length }, header);
                Assert.Equal((byte)PayloadType.IdentificationInitiator, message[IkeHeader.Size]);
                Assert.Equal(message.Length - IkeHeader.Size, BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(IkeHeader.Size + 2)));

                Assert.Equal(IkeError.None, receiver.TryUnprotect(message, IkeHeader.Size, out byte[] inner));
                Assert.Equal(Inner.AsSpan(0, length).ToArray(), inner);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Any_flipped_bit_fails_the_integrity_check_and_length_bits_fail_the_length_check(string name, IkeSuite suite)
    {
        _ = name;
        var (sender, receiver) = Pair(suite);
        byte[] message = sender.Protect(Header, PayloadType.Notify, Inner);
        var lengthFields = new HashSet<int> { 24, 25, 26, 27, IkeHeader.Size + 2, IkeHeader.Size + 3 };

        for (int bit = 0; bit < message.Length * 8; bit++)
        {
            byte[] tampered = message.ToArray();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));

            IkeError error = receiver.TryUnprotect(tampered, IkeHeader.Size, out byte[] inner);

            Assert.Empty(inner);
            if (lengthFields.Contains(bit / 8)) Assert.True(error is IkeError.BadLength or IkeError.Truncated, $"bit {bit}: {error}");
            else Assert.True(error == IkeError.IntegrityCheckFailed, $"bit {bit}: {error}");
        }
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Every_truncation_is_an_error_and_never_an_exception(string name, IkeSuite suite)
    {
        _ = name;
        var (sender, receiver) = Pair(suite);
        byte[] message = sender.Protect(Header, PayloadType.Notify, Inner);

        for (int length = 0; length < message.Length; length++)
        {
            byte[] truncated = message[..length];
            Assert.NotEqual(IkeError.None, receiver.TryUnprotect(truncated, IkeHeader.Size, out _));

            // The same, with both length fields rewritten to agree with the truncation (what a forger would do).
            if (length >= IkeHeader.Size + 4)
            {
                BinaryPrimitives.WriteUInt32BigEndian(truncated.AsSpan(24), (uint)length);
                BinaryPrimitives.WriteUInt16BigEndian(truncated.AsSpan(IkeHeader.Size + 2), (ushort)(length - IkeHeader.Size));
                Assert.NotEqual(IkeError.None, receiver.TryUnprotect(truncated, IkeHeader.Size, out byte[] inner));
                Assert.Empty(inner);
            }
        }
        Assert.NotEqual(IkeError.None, receiver.TryUnprotect(message, message.Length + 1, out _));
        Assert.NotEqual(IkeError.None, receiver.TryUnprotect(message, 0, out _));
        Assert.NotEqual(IkeError.None, receiver.TryUnprotect(message, -1, out _));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void A_message_from_another_key_fails_the_integrity_check(string name, IkeSuite suite)
    {
        _ = name;
        var (e, a) = Keys(suite, seed: 0x11);
        using var stranger = new SkProtection(suite, e, a);
        var (_, receiver) = Pair(suite);

        byte[] message = stranger.Protect(Header, PayloadType.Notify, Inner);

        Assert.Equal(IkeError.IntegrityCheckFailed, receiver.TryUnprotect(message, IkeHeader.Size, out _));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Iv_never_repeats_across_1000_messages(string name, IkeSuite suite)
    {
        _ = name;
        var (sender, _) = Pair(suite);
        int ivLength = suite.IsAead ? 8 : 16;
        var seen = new HashSet<string>();

        for (int i = 0; i < 1000; i++)
        {
            byte[] message = sender.Protect(Header, PayloadType.Notify, Inner);
            Assert.True(seen.Add(Convert.ToHexString(message, IkeHeader.Size + 4, ivLength)));
        }
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Fragments_round_trip_and_carry_their_numbers(string name, IkeSuite suite)
    {
        _ = name;
        var (sender, receiver) = Pair(suite);

        byte[] first = sender.ProtectFragment(Header, 1, 3, PayloadType.IdentificationInitiator, Inner.AsSpan(0, 20));
        byte[] last = sender.ProtectFragment(Header, 3, 3, PayloadType.None, Inner.AsSpan(40));

        Assert.Equal(IkeError.None, IkeHeader.TryRead(first, out IkeHeader header));
        Assert.Equal(PayloadType.EncryptedFragment, header.NextPayload);
        Assert.Equal((byte)PayloadType.IdentificationInitiator, first[IkeHeader.Size]);
        Assert.Equal((byte)PayloadType.None, last[IkeHeader.Size]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(first.AsSpan(IkeHeader.Size + 4)));
        Assert.Equal(3, BinaryPrimitives.ReadUInt16BigEndian(first.AsSpan(IkeHeader.Size + 6)));
        Assert.Equal(IkeError.None, receiver.TryUnprotectFragment(first, IkeHeader.Size, out byte[] chunk1));
        Assert.Equal(IkeError.None, receiver.TryUnprotectFragment(last, IkeHeader.Size, out byte[] chunk3));
        Assert.Equal(Inner[..20], chunk1);
        Assert.Equal(Inner[40..], chunk3);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Fragment_numbers_are_integrity_protected_and_checked(string name, IkeSuite suite)
    {
        _ = name;
        var (sender, receiver) = Pair(suite);
        byte[] fragment = sender.ProtectFragment(Header, 2, 3, PayloadType.None, Inner);

        byte[] renumbered = fragment.ToArray();
        renumbered[IkeHeader.Size + 5] = 1;
        byte[] zero = fragment.ToArray();
        zero[IkeHeader.Size + 5] = 0;
        byte[] beyondTotal = fragment.ToArray();
        beyondTotal[IkeHeader.Size + 5] = 4;

        Assert.Equal(IkeError.IntegrityCheckFailed, receiver.TryUnprotectFragment(renumbered, IkeHeader.Size, out _));
        Assert.Equal(IkeError.InvalidSyntax, receiver.TryUnprotectFragment(zero, IkeHeader.Size, out _));
        Assert.Equal(IkeError.InvalidSyntax, receiver.TryUnprotectFragment(beyondTotal, IkeHeader.Size, out _));
        for (int length = 0; length < fragment.Length; length++)
        {
            Assert.NotEqual(IkeError.None, receiver.TryUnprotectFragment(fragment[..length], IkeHeader.Size, out _));
        }
    }

    [Fact]
    public void Cbc_layout_is_iv_then_block_padded_ciphertext_then_truncated_hmac_over_the_whole_message()
    {
        var suite = new IkeSuite(EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_256_128, PrfAlgorithm.HmacSha2_256, KeyExchangeGroup.Modp2048);
        var (e, a) = Keys(suite);
        using var sender = new SkProtection(suite, e, a);

        byte[] message = sender.Protect(Header, PayloadType.Notify, Inner);

        // RFC 7296 §3.14, checked with the raw primitives: ICV = first 16 bytes of HMAC-SHA-256 over header .. ciphertext.
        byte[] icv = message[^16..];
        Assert.Equal(HMACSHA256.HashData(a, message.AsSpan(0, message.Length - 16))[..16], icv);
        using var aes = Aes.Create();
        aes.Key = e;
        byte[] iv = message[32..48];
        byte[] plaintext = aes.DecryptCbc(message.AsSpan(48, message.Length - 48 - 16), iv, PaddingMode.None);
        int padLength = plaintext[^1];
        Assert.Equal(0, plaintext.Length % 16);
        Assert.Equal(Inner, plaintext[..(plaintext.Length - padLength - 1)]);
        Assert.Equal(64, plaintext.Length); // 61 + pad length byte, rounded up to the block.
    }

    [Theory]
    [InlineData(EncryptionAlgorithm.AesGcm16, 128)]
    [InlineData(EncryptionAlgorithm.AesGcm16, 256)]
    [InlineData(EncryptionAlgorithm.ChaCha20Poly1305, 256)]
    public void Aead_layout_uses_salt_then_iv_as_nonce_and_the_headers_as_aad(EncryptionAlgorithm algorithm, int bits)
    {
        var suite = new IkeSuite(algorithm, bits, IntegrityAlgorithm.None, PrfAlgorithm.HmacSha2_256, KeyExchangeGroup.Curve25519);
        var (e, _) = Keys(suite);
        using var sender = new SkProtection(suite, e, []);

        byte[] message = sender.Protect(Header, PayloadType.Notify, Inner);

        // RFC 5282 §3-§5 / RFC 7634 §2-§3: key = SK_e minus the last 4 bytes; nonce = salt (those 4 bytes) | 8-byte IV;
        // AAD = IKE header | SK generic header; ciphertext | 16-byte tag; plaintext = inner | pad length (0).
        byte[] key = e[..^4], nonce = [.. e[^4..], .. message[32..40]];
        byte[] aad = message[..32], ciphertext = message[40..^16], tag = message[^16..];
        byte[] plaintext = new byte[ciphertext.Length];
        if (algorithm == EncryptionAlgorithm.AesGcm16)
        {
            using var gcm = new AesGcm(key, 16);
            gcm.Decrypt(nonce, ciphertext, tag, plaintext, aad);
        }
        else
        {
            using var chacha = new ChaCha20Poly1305(key);
            chacha.Decrypt(nonce, ciphertext, tag, plaintext, aad);
        }
        Assert.Equal([.. Inner, 0], plaintext);
    }

    [Fact]
    public void ChaCha20_Poly1305_matches_RFC_8439_section_2_8_2()
    {
        byte[] key = Hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        byte[] nonce = Hex("070000004041424344454647");
        byte[] aad = Hex("50515253c0c1c2c3c4c5c6c7");
        byte[] plaintext = Encoding.ASCII.GetBytes("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
        byte[] ciphertext = new byte[plaintext.Length], tag = new byte[16];

        using var chacha = new ChaCha20Poly1305(key);
        chacha.Encrypt(nonce, plaintext, ciphertext, tag, aad);

        Assert.Equal("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116", Convert.ToHexStringLower(ciphertext));
        Assert.Equal("1ae10b594f09e26a7e902ecbd0600691", Convert.ToHexStringLower(tag));
    }

    [Theory]
    // McGrew & Viega, "The Galois/Counter Mode of Operation" (the NIST GCM submission), test cases 4 and 16.
    [InlineData("feffe9928665731c6d6a8f9467308308",
        "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
        "5bc94fbc3221a5db94fae95ae7121a47")]
    [InlineData("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
        "76fc6ece0f4e1768cddf8853bb2d551b")]
    public void Aes_gcm_matches_the_GCM_specification_test_cases(string key, string expectedCiphertext, string expectedTag)
    {
        byte[] plaintext = Hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] aad = Hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] iv = Hex("cafebabefacedbaddecaf888");
        byte[] ciphertext = new byte[plaintext.Length], tag = new byte[16];

        using var gcm = new AesGcm(Hex(key), 16);
        gcm.Encrypt(iv, plaintext, ciphertext, tag, aad);

        Assert.Equal(expectedCiphertext, Convert.ToHexStringLower(ciphertext));
        Assert.Equal(expectedTag, Convert.ToHexStringLower(tag));
    }

    [Fact]
    public void Overhead_is_iv_padding_pad_length_and_icv()
    {
        var cbc = new IkeSuite(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha1_96, PrfAlgorithm.HmacSha1, KeyExchangeGroup.Modp2048);
        var (e, a) = Keys(cbc);
        using var cbcProtection = new SkProtection(cbc, e, a);
        Assert.Equal(16 + 16 + 12, cbcProtection.Overhead(0));  // 15 bytes padding + pad length
        Assert.Equal(16 + 1 + 12, cbcProtection.Overhead(15));
        Assert.Equal(16 + 16 + 12, cbcProtection.Overhead(16));

        var gcm = new IkeSuite(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None, PrfAlgorithm.HmacSha2_256, KeyExchangeGroup.Ecp256);
        using var gcmProtection = new SkProtection(gcm, Keys(gcm).Encryption, []);
        Assert.Equal(8 + 1 + 16, gcmProtection.Overhead(100));
    }

    [Fact]
    public void Keys_of_the_wrong_length_or_an_inconsistent_suite_are_refused()
    {
        var gcm = new IkeSuite(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, PrfAlgorithm.HmacSha2_256, KeyExchangeGroup.Ecp256);
        Assert.Equal(20, gcm.EncryptionKeyLength);
        Assert.Throws<ArgumentException>(() => new SkProtection(gcm, new byte[16], []));
        Assert.Throws<ArgumentException>(() => new SkProtection(gcm with { Integrity = IntegrityAlgorithm.HmacSha2_256_128 }, new byte[20], new byte[32]));
        var cbc = new IkeSuite(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.None, PrfAlgorithm.HmacSha2_256, KeyExchangeGroup.Ecp256);
        Assert.Throws<ArgumentException>(() => new SkProtection(cbc, new byte[16], []));
        Assert.Equal(36, new IkeSuite(EncryptionAlgorithm.ChaCha20Poly1305, 256, IntegrityAlgorithm.None, PrfAlgorithm.HmacSha2_256, KeyExchangeGroup.Curve25519).EncryptionKeyLength);
    }
}
