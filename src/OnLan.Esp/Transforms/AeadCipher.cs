using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OnLan.Esp.Transforms;

/// <summary>
/// AES-GCM (RFC 4106) and ChaCha20-Poly1305 (RFC 7634) share one layout: an 8-byte explicit IV, the 12-byte
/// nonce = 4-byte salt (from KEYMAT) | IV, AAD = SPI | Sequence Number (no ESN), a 16-byte ICV.
/// The IV is the sequence number, zero-extended: unique per packet under one key, which is all both RFCs ask
/// (RFC 4106 §3.1, RFC 7634 §2), and it costs no random bytes.
/// </summary>
internal abstract class AeadCipher : EspCipher
{
    public const int SaltLength = 4;
    public const int ExplicitIvLength = 8;
    public const int NonceLength = SaltLength + ExplicitIvLength;
    public const int TagLength = 16;

    private readonly uint _salt;

    protected AeadCipher(uint salt) => _salt = salt;

    /// <summary>How many tag mismatches were caught (see <see cref="Open"/>): the price of .NET's throwing API.</summary>
    public long TagMismatchExceptions { get; private set; }

    public override int IvLength => ExplicitIvLength;
    public override int IcvLength => TagLength;
    public override int Alignment => 4;

    public override void Seal(Span<byte> esp, int payloadLength, uint sequence)
    {
        Span<byte> iv = esp.Slice(HeaderLength, ExplicitIvLength);
        BinaryPrimitives.WriteUInt64BigEndian(iv, sequence);
        Span<byte> nonce = stackalloc byte[NonceLength];
        BinaryPrimitives.WriteUInt32BigEndian(nonce, _salt);
        iv.CopyTo(nonce[SaltLength..]);
        Span<byte> payload = esp.Slice(HeaderLength + ExplicitIvLength, payloadLength);
        Encrypt(nonce, payload, payload, esp.Slice(HeaderLength + ExplicitIvLength + payloadLength, TagLength), esp[..HeaderLength]);
    }

    public override bool Open(Span<byte> esp, int payloadLength)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BinaryPrimitives.WriteUInt32BigEndian(nonce, _salt);
        esp.Slice(HeaderLength, ExplicitIvLength).CopyTo(nonce[SaltLength..]);
        Span<byte> payload = esp.Slice(HeaderLength + ExplicitIvLength, payloadLength);
        ReadOnlySpan<byte> tag = esp.Slice(HeaderLength + ExplicitIvLength + payloadLength, TagLength);
        // .NET 10 has no non-throwing AEAD decrypt (AesGcm / ChaCha20Poly1305 offer only Decrypt, which throws
        // AuthenticationTagMismatchException; dotnet/runtime#67082 proposes TryDecrypt). The catch is the single
        // exception path on the receive side, reached only by packets that fail authentication: valid traffic
        // never throws and allocates nothing. A forged packet costs an exception (~10 µs, a few hundred bytes of
        // garbage), which the replay pre-check cannot prevent; it is counted here and as IntegrityFailed.
        try
        {
            Decrypt(nonce, payload, tag, payload, esp[..HeaderLength]);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            TagMismatchExceptions++;
            return false;
        }
    }

    protected abstract void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> aad);
    protected abstract void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> aad);
}
