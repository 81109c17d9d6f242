using System.Security.Cryptography;

namespace OnLan.Radius.Tests;

/// <summary>MS-MPPE key decryption (RFC 2548 §2.4.2) against a small encryptor written here from the RFC's text.</summary>
public sealed class MppeKeyTests
{
    private static readonly byte[] Secret = "testing123"u8.ToArray();

    /// <summary>RFC 2548 §2.4.2 encryption, block by block with IncrementalHash (the code under test uses one-shot MD5).</summary>
    internal static byte[] Encrypt(byte[] key, byte[] secret, byte[] requestAuthenticator, ushort salt)
    {
        int plainLength = (1 + key.Length + 15) / 16 * 16;
        var plain = new byte[plainLength];
        plain[0] = (byte)key.Length;
        key.CopyTo(plain, 1);
        var result = new List<byte> { (byte)(salt >> 8 | 0x80), (byte)salt };
        byte[] previous = [.. requestAuthenticator, (byte)(salt >> 8 | 0x80), (byte)salt];
        for (int block = 0; block < plainLength / 16; block++)
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            md5.AppendData(secret);
            md5.AppendData(previous);
            var b = md5.GetHashAndReset();
            var c = new byte[16];
            for (int i = 0; i < 16; i++) c[i] = (byte)(plain[block * 16 + i] ^ b[i]);
            result.AddRange(c);
            previous = c;
        }
        return [.. result];
    }

    internal static byte[] VendorAttribute(byte vendorType, byte[] saltAndString) =>
        [26, (byte)(2 + 4 + 2 + saltAndString.Length), 0, 0, 1, 55, vendorType, (byte)(2 + saltAndString.Length), .. saltAndString];

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void A_key_hidden_as_rfc_2548_says_decrypts(int keyLength)
    {
        var key = RandomNumberGenerator.GetBytes(keyLength);
        var requestAuthenticator = RandomNumberGenerator.GetBytes(16);
        var hidden = Encrypt(key, Secret, requestAuthenticator, 0x1234);

        Assert.Equal(key, MppeKey.Decrypt(hidden, Secret, requestAuthenticator));
        Assert.NotEqual(key, MppeKey.Decrypt(hidden, "testing124"u8, requestAuthenticator));
    }

    [Fact]
    public void Malformed_key_attributes_give_no_key()
    {
        var requestAuthenticator = new byte[16];
        var hidden = Encrypt(new byte[32], Secret, requestAuthenticator, 0x8001);

        Assert.Null(MppeKey.Decrypt(hidden.AsSpan(0, hidden.Length - 1), Secret, requestAuthenticator)); // not whole blocks
        Assert.Null(MppeKey.Decrypt(hidden.AsSpan(0, 2), Secret, requestAuthenticator));
        var noSaltBit = (byte[])hidden.Clone();
        noSaltBit[0] &= 0x7f;
        Assert.Null(MppeKey.Decrypt(noSaltBit, Secret, requestAuthenticator));
    }

    [Theory]
    [InlineData(32)] // EAP-TLS: 64 octets of keys, no padding
    [InlineData(16)] // EAP-MSCHAPv2: 32 octets of keys, then 32 zeros as the peer lays its MSK out
    public void The_msk_is_the_receive_key_then_the_send_key_padded_to_64_octets(int keyLength)
    {
        var requestAuthenticator = RandomNumberGenerator.GetBytes(16);
        var send = RandomNumberGenerator.GetBytes(keyLength);
        var receive = RandomNumberGenerator.GetBytes(keyLength);
        byte[] attributes =
        [
            .. VendorAttribute(RadiusValues.MsMppeSendKey, Encrypt(send, Secret, requestAuthenticator, 0x8101)),
            .. VendorAttribute(RadiusValues.MsMppeRecvKey, Encrypt(receive, Secret, requestAuthenticator, 0x8202)),
        ];
        int length = 20 + attributes.Length;
        byte[] accept = [2, 1, (byte)(length >> 8), (byte)length, .. new byte[16], .. attributes];
        RadiusPacket.TryParse(accept, out var packet);

        Assert.Equal((byte[])[.. receive, .. send, .. new byte[64 - 2 * keyLength]], MppeKey.MskFrom(packet, Secret, requestAuthenticator));
    }
}
