using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OnLan.Esp.Tests;

/// <summary>
/// RFC 4106 / RFC 7634 written out independently with the raw .NET AEAD APIs: seals any payload (bad padding,
/// a dummy packet, another next header) under an SA's keys, and opens what <see cref="EspSa"/> sealed.
/// Key material = key | 4-byte salt; nonce = salt | 8-byte IV; AAD = SPI | Sequence Number; 16-byte ICV.
/// </summary>
public static class RawAead
{
    public static byte[] Seal(EspSuite suite, byte[] keyAndSalt, uint spi, uint sequence, ulong iv, ReadOnlySpan<byte> payload)
    {
        var esp = new byte[8 + 8 + payload.Length + 16];
        BinaryPrimitives.WriteUInt32BigEndian(esp, spi);
        BinaryPrimitives.WriteUInt32BigEndian(esp.AsSpan(4), sequence);
        BinaryPrimitives.WriteUInt64BigEndian(esp.AsSpan(8), iv);
        byte[] nonce = [.. keyAndSalt.AsSpan(keyAndSalt.Length - 4), .. esp.AsSpan(8, 8)];
        byte[] key = keyAndSalt[..^4];
        Span<byte> ciphertext = esp.AsSpan(16, payload.Length);
        Span<byte> tag = esp.AsSpan(16 + payload.Length);
        if (suite.Encryption == Ike.Messages.EncryptionAlgorithm.ChaCha20Poly1305)
            using (var chacha = new ChaCha20Poly1305(key)) chacha.Encrypt(nonce, payload, ciphertext, tag, esp.AsSpan(0, 8));
        else
            using (var gcm = new AesGcm(key, 16)) gcm.Encrypt(nonce, payload, ciphertext, tag, esp.AsSpan(0, 8));
        return esp;
    }

    public static byte[] Open(EspSuite suite, byte[] keyAndSalt, ReadOnlySpan<byte> esp)
    {
        byte[] nonce = [.. keyAndSalt.AsSpan(keyAndSalt.Length - 4), .. esp.Slice(8, 8)];
        byte[] key = keyAndSalt[..^4];
        var plaintext = new byte[esp.Length - 8 - 8 - 16];
        if (suite.Encryption == Ike.Messages.EncryptionAlgorithm.ChaCha20Poly1305)
            using (var chacha = new ChaCha20Poly1305(key)) chacha.Decrypt(nonce, esp[16..^16], esp[^16..], plaintext, esp[..8]);
        else
            using (var gcm = new AesGcm(key, 16)) gcm.Decrypt(nonce, esp[16..^16], esp[^16..], plaintext, esp[..8]);
        return plaintext;
    }
}
