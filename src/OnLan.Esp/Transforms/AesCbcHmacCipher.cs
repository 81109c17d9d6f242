using System.Buffers.Binary;
using System.Security.Cryptography;
using OnLan.Ike.Messages;

namespace OnLan.Esp.Transforms;

/// <summary>
/// AES-CBC (RFC 3602) with HMAC-SHA1-96 (RFC 2404) or HMAC-SHA2-256-128 / 384-192 / 512-256 (RFC 4868): encrypt,
/// then an ICV over SPI, Sequence Number, IV and ciphertext, truncated.
/// </summary>
/// <remarks>
/// <para>No allocation per packet, which the obvious APIs do not give: <c>Aes.TryEncryptCbc</c> allocates 64 bytes
/// per call (a native cipher context each time) and the static <c>HMACSHA256.HashData</c> re-derives the key pads
/// each time. So one <see cref="ICryptoTransform"/> (a CBC context kept across calls) and one
/// <see cref="IncrementalHash"/> are made at install and reused.</para>
/// <para>The IV, RFC 3602 §2 "MUST be unpredictable": NIST SP 800-38A appendix C allows IV = E_K(nonce) under the
/// same key with a unique nonce. The kept CBC context chains from the last ciphertext block it produced
/// (<see cref="_chain"/>), so feeding it the block nonce ⊕ chain first yields E_K(nonce) as the IV and then
/// encrypts the payload chained from that IV, in one call. The nonce is the sequence number, unique per SA.
/// Decryption feeds IV | ciphertext to the kept decryptor: its first output block is discarded, the rest is the
/// plaintext whatever state the context was in.</para>
/// <para>The transforms take arrays, so the bytes pass through a per-thread scratch array (two copies of the
/// payload, small next to AES-CBC itself).</para>
/// </remarks>
internal sealed class AesCbcHmacCipher : EspCipher
{
    private const int BlockLength = 16;
    /// <summary>Largest ESP payload plus one block: an IPv4 packet cannot carry more.</summary>
    private const int ScratchLength = 65536 + BlockLength;

    [ThreadStatic] private static byte[]? t_scratch;

    private readonly Aes _aes;
    private readonly ICryptoTransform _transform;
    private readonly bool _encrypting;
    private readonly IncrementalHash _hmac;
    private readonly int _icvLength;
    private readonly int _hashLength;
    private readonly byte[] _chain = new byte[BlockLength];

    public AesCbcHmacCipher(byte[] key, IntegrityAlgorithm integrity, byte[] integrityKey, bool outbound)
    {
        (HashAlgorithmName hash, int keyLength, _icvLength, _hashLength) = integrity switch
        {
            IntegrityAlgorithm.HmacSha1_96 => (HashAlgorithmName.SHA1, 20, 12, 20),
            IntegrityAlgorithm.HmacSha2_256_128 => (HashAlgorithmName.SHA256, 32, 16, 32),
            IntegrityAlgorithm.HmacSha2_384_192 => (HashAlgorithmName.SHA384, 48, 24, 48),
            IntegrityAlgorithm.HmacSha2_512_256 => (HashAlgorithmName.SHA512, 64, 32, 64),
            _ => throw new ArgumentException($"AES-CBC needs an integrity algorithm; {integrity} is not supported", nameof(integrity)),
        };
        if (integrityKey.Length != keyLength)
            throw new ArgumentException($"{integrity} needs a {keyLength}-byte key, got {integrityKey.Length}", nameof(integrityKey));
        _hmac = IncrementalHash.CreateHMAC(hash, integrityKey);
        _aes = Aes.Create();
        _aes.Key = key;
        _aes.Mode = CipherMode.CBC;
        _aes.Padding = PaddingMode.None;
        _encrypting = outbound;
        // The zero IV only starts the chain: every packet's real IV comes out of the context (see remarks).
        _transform = outbound ? _aes.CreateEncryptor(key, _chain) : _aes.CreateDecryptor(key, _chain);
    }

    public override int IvLength => BlockLength;
    public override int IcvLength => _icvLength;
    public override int Alignment => BlockLength;

    public override void Seal(Span<byte> esp, int payloadLength, uint sequence)
    {
        if (!_encrypting) throw new InvalidOperationException("this transform decrypts");
        byte[] scratch = Scratch;
        int length = BlockLength + payloadLength;
        Span<byte> first = scratch.AsSpan(0, BlockLength);
        first.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(first[(BlockLength - 4)..], sequence);
        for (int i = 0; i < BlockLength; i++) first[i] ^= _chain[i];
        esp.Slice(HeaderLength + BlockLength, payloadLength).CopyTo(scratch.AsSpan(BlockLength));
        _transform.TransformBlock(scratch, 0, length, scratch, 0);
        scratch.AsSpan(0, length).CopyTo(esp[HeaderLength..]);
        scratch.AsSpan(length - BlockLength, BlockLength).CopyTo(_chain);

        Span<byte> mac = stackalloc byte[64];
        _hmac.AppendData(esp[..(HeaderLength + length)]);
        _hmac.TryGetHashAndReset(mac, out _);
        mac[.._icvLength].CopyTo(esp[(HeaderLength + length)..]);
    }

    public override bool Open(Span<byte> esp, int payloadLength)
    {
        if (_encrypting) throw new InvalidOperationException("this transform encrypts");
        int length = BlockLength + payloadLength;
        Span<byte> mac = stackalloc byte[64];
        _hmac.AppendData(esp[..(HeaderLength + length)]);
        _hmac.TryGetHashAndReset(mac, out _);
        if (!CryptographicOperations.FixedTimeEquals(mac[.._icvLength], esp.Slice(HeaderLength + length, _icvLength)))
            return false;

        byte[] scratch = Scratch;
        esp.Slice(HeaderLength, length).CopyTo(scratch);
        _transform.TransformBlock(scratch, 0, length, scratch, 0);
        scratch.AsSpan(BlockLength, payloadLength).CopyTo(esp[(HeaderLength + BlockLength)..]);
        return true;
    }

    /// <summary>One array per thread, made on its first CBC packet and kept: never per packet.</summary>
    private static byte[] Scratch => t_scratch ??= new byte[ScratchLength];

    public override void Dispose()
    {
        _transform.Dispose();
        _aes.Dispose();
        _hmac.Dispose();
    }
}
