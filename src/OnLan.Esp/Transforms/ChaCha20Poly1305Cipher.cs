using System.Security.Cryptography;

namespace OnLan.Esp.Transforms;

/// <summary>ChaCha20-Poly1305 in ESP (RFC 7634), through .NET's <see cref="ChaCha20Poly1305"/>.</summary>
internal sealed class ChaCha20Poly1305Cipher((byte[] Key, uint Salt) key) : AeadCipher(key.Salt)
{
    private readonly ChaCha20Poly1305 _aead = new(key.Key);

    protected override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> aad) =>
        _aead.Encrypt(nonce, plaintext, ciphertext, tag, aad);

    protected override void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> aad) =>
        _aead.Decrypt(nonce, ciphertext, tag, plaintext, aad);

    public override void Dispose() => _aead.Dispose();
}
