using System.Security.Cryptography;

namespace OnLan.Esp.Transforms;

/// <summary>AES-GCM with a 16-byte ICV in ESP (RFC 4106), through .NET's <see cref="AesGcm"/> (OpenSSL, AES-NI / ARMv8 AES).</summary>
internal sealed class AesGcmCipher((byte[] Key, uint Salt) key) : AeadCipher(key.Salt)
{
    private readonly AesGcm _aead = new(key.Key, TagLength);

    protected override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> aad) =>
        _aead.Encrypt(nonce, plaintext, ciphertext, tag, aad);

    protected override void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> aad) =>
        _aead.Decrypt(nonce, ciphertext, tag, plaintext, aad);

    public override void Dispose() => _aead.Dispose();
}
