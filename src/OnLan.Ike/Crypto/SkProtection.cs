using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Crypto;

/// <summary>
/// The Encrypted payload, SK (RFC 7296 §3.14, AEAD per RFC 5282 and RFC 7634), and the Encrypted Fragment
/// payload, SKF (RFC 7383 §2.5), for one IKE SA and one direction: made from the suite and that direction's
/// SK_e / SK_a. Owns its cipher objects (dispose with the SA); not thread-safe, like the IKE SA that uses it.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |        Fragment Number        |        Total Fragments        |  (SKF only)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Initialization Vector                     |  CBC: 16 bytes, random
/// |                                                               |  AEAD: 8 bytes, a counter
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~         Encrypted IKE Payloads | Padding (0-255) | Pad Length  ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                Integrity Checksum Data (ICV / tag)            ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Non-AEAD: the ICV is the truncated HMAC over everything from the first IKE header byte through the end of the
/// encrypted data. AEAD: the AAD is everything from the first IKE header byte through the SK/SKF payload header
/// (RFC 5282 §5.1, RFC 7383 §2.5); the nonce is salt (last 4 bytes of SK_e) | IV.
/// </summary>
public sealed class SkProtection : IDisposable
{
    /// <summary>Generic payload header: Next Payload, C + reserved, Payload Length.</summary>
    public const int GenericHeaderLength = 4;
    /// <summary>SKF: the generic header, Fragment Number and Total Fragments.</summary>
    public const int FragmentHeaderLength = 8;

    private const int PayloadNextPayloadOffset = 0;
    private const int PayloadLengthOffset = 2;
    private const int FragmentNumberOffset = 4;
    private const int TotalFragmentsOffset = 6;
    private const int HeaderLengthOffset = 24;

    private const int CbcBlockSize = 16;
    private const int CbcIvLength = 16;
    private const int AeadIvLength = 8;
    private const int AeadTagLength = 16;
    private const int AeadNonceLength = IkeSuite.AeadSaltLength + AeadIvLength;
    private const int PadLengthFieldLength = 1;

    private readonly IkeSuite _suite;
    private readonly byte[] _integrityKey;
    private readonly byte[] _salt = [];
    private readonly Aes? _aes;
    private readonly AesGcm? _gcm;
    private readonly ChaCha20Poly1305? _chaCha;
    private readonly int _ivLength;
    private readonly int _icvLength;
    private ulong _ivCounter;

    public SkProtection(IkeSuite suite, byte[] encryptionKey, byte[] integrityKey /* empty for AEAD */)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(encryptionKey);
        ArgumentNullException.ThrowIfNull(integrityKey);
        if (!suite.IsValid) throw new ArgumentException("unsupported or inconsistent suite", nameof(suite));
        if (encryptionKey.Length != suite.EncryptionKeyLength)
            throw new ArgumentException($"SK_e must be {suite.EncryptionKeyLength} bytes", nameof(encryptionKey));
        if (integrityKey.Length != suite.IntegrityKeyLength)
            throw new ArgumentException($"SK_a must be {suite.IntegrityKeyLength} bytes", nameof(integrityKey));

        _suite = suite;
        _integrityKey = integrityKey.ToArray();
        if (suite.IsAead)
        {
            ReadOnlySpan<byte> key = encryptionKey.AsSpan(0, suite.CipherKeyLength);
            _salt = encryptionKey.AsSpan(suite.CipherKeyLength).ToArray();
            if (suite.Encryption == EncryptionAlgorithm.AesGcm16) _gcm = new AesGcm(key, AeadTagLength);
            else _chaCha = new ChaCha20Poly1305(key);
            _ivLength = AeadIvLength;
            _icvLength = AeadTagLength;
            Span<byte> start = stackalloc byte[sizeof(ulong)];
            RandomNumberGenerator.Fill(start);
            _ivCounter = BinaryPrimitives.ReadUInt64LittleEndian(start);
        }
        else
        {
            _aes = Aes.Create();
            _aes.Key = encryptionKey;
            _ivLength = CbcIvLength;
            _icvLength = IntegrityTransform.IcvLength(suite.Integrity);
        }
    }

    public IkeSuite Suite => _suite;

    /// <summary>SK body length minus <paramref name="plaintextLength"/>: IV + padding + pad length + ICV.</summary>
    public int Overhead(int plaintextLength) => _ivLength + EncryptedLength(plaintextLength) - plaintextLength + _icvLength;

    /// <summary>
    /// Builds the whole protected message: <paramref name="header"/> with Next Payload = SK (46) and Length set
    /// here, then the SK payload whose Next Payload is <paramref name="firstInner"/>.
    /// </summary>
    public byte[] Protect(IkeHeader header, PayloadType firstInner, ReadOnlySpan<byte> innerPayloads) =>
        Seal(header, PayloadType.Encrypted, firstInner, GenericHeaderLength, 0, 0, innerPayloads);

    /// <summary>
    /// RFC 7383: one SKF fragment. <paramref name="firstInner"/> is the first inner payload's type for fragment 1
    /// and None for the others (§2.5). Fragment numbers start at 1.
    /// </summary>
    public byte[] ProtectFragment(
        IkeHeader header, ushort fragmentNumber, ushort totalFragments, PayloadType firstInner, ReadOnlySpan<byte> chunk)
    {
        if (fragmentNumber == 0 || fragmentNumber > totalFragments)
            throw new ArgumentOutOfRangeException(nameof(fragmentNumber), fragmentNumber, "1 <= fragment number <= total");
        return Seal(header, PayloadType.EncryptedFragment, firstInner, FragmentHeaderLength, fragmentNumber, totalFragments, chunk);
    }

    /// <summary>
    /// Verifies and decrypts the SK payload at <paramref name="skPayloadOffset"/>; it must extend to the end of
    /// <paramref name="message"/>, which must be exactly the header's Length. On None, <paramref name="innerPayloads"/>
    /// holds the inner payloads without padding; otherwise it is empty. Never throws on bad input.
    /// </summary>
    public IkeError TryUnprotect(ReadOnlySpan<byte> message, int skPayloadOffset, out byte[] innerPayloads) =>
        Open(message, skPayloadOffset, GenericHeaderLength, out innerPayloads);

    /// <summary>
    /// The same for one SKF fragment (RFC 7383 §2.5). A Fragment Number of 0 or above Total Fragments is
    /// InvalidSyntax (§2.6.1: such fragments are discarded).
    /// </summary>
    public IkeError TryUnprotectFragment(ReadOnlySpan<byte> message, int skfPayloadOffset, out byte[] chunk)
    {
        chunk = [];
        if (skfPayloadOffset >= IkeHeader.Size && skfPayloadOffset <= message.Length - FragmentHeaderLength)
        {
            ushort number = BinaryPrimitives.ReadUInt16BigEndian(message[(skfPayloadOffset + FragmentNumberOffset)..]);
            ushort total = BinaryPrimitives.ReadUInt16BigEndian(message[(skfPayloadOffset + TotalFragmentsOffset)..]);
            if (number == 0 || number > total) return IkeError.InvalidSyntax;
        }
        return Open(message, skfPayloadOffset, FragmentHeaderLength, out chunk);
    }

    public void Dispose()
    {
        _aes?.Dispose();
        _gcm?.Dispose();
        _chaCha?.Dispose();
        CryptographicOperations.ZeroMemory(_integrityKey);
        CryptographicOperations.ZeroMemory(_salt);
    }

    /// <summary>Inner payloads + padding + the Pad Length byte. CBC pads to the block; AEADs need no padding.</summary>
    private int EncryptedLength(int plaintextLength) => _suite.IsAead
        ? plaintextLength + PadLengthFieldLength
        : (plaintextLength + PadLengthFieldLength + CbcBlockSize - 1) / CbcBlockSize * CbcBlockSize;

    private byte[] Seal(
        IkeHeader header, PayloadType payloadType, PayloadType firstInner, int payloadHeaderLength,
        ushort fragmentNumber, ushort totalFragments, ReadOnlySpan<byte> inner)
    {
        int encryptedLength = EncryptedLength(inner.Length);
        int payloadLength = payloadHeaderLength + _ivLength + encryptedLength + _icvLength;
        if (payloadLength > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(inner), inner.Length, "too long for one SK payload: fragment it");
        int total = IkeHeader.Size + payloadLength;

        var message = new byte[total];
        (header with { NextPayload = payloadType, Length = (uint)total }).WriteTo(message);
        Span<byte> payload = message.AsSpan(IkeHeader.Size);
        payload[PayloadNextPayloadOffset] = (byte)firstInner;
        BinaryPrimitives.WriteUInt16BigEndian(payload[PayloadLengthOffset..], (ushort)payloadLength);
        if (payloadHeaderLength == FragmentHeaderLength)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload[FragmentNumberOffset..], fragmentNumber);
            BinaryPrimitives.WriteUInt16BigEndian(payload[TotalFragmentsOffset..], totalFragments);
        }

        int ivOffset = IkeHeader.Size + payloadHeaderLength;
        int encryptedOffset = ivOffset + _ivLength;
        Span<byte> iv = message.AsSpan(ivOffset, _ivLength);
        Span<byte> encrypted = message.AsSpan(encryptedOffset, encryptedLength);
        Span<byte> icv = message.AsSpan(encryptedOffset + encryptedLength, _icvLength);

        byte[] plaintext = ArrayPool<byte>.Shared.Rent(encryptedLength);
        try
        {
            Span<byte> padded = plaintext.AsSpan(0, encryptedLength);
            inner.CopyTo(padded);
            padded[inner.Length..].Clear();
            int padLength = encryptedLength - inner.Length - PadLengthFieldLength;
            padded[^1] = (byte)padLength;

            if (_aes is not null)
            {
                RandomNumberGenerator.Fill(iv);
                _aes.EncryptCbc(padded, iv, encrypted, PaddingMode.None);
                IntegrityTransform.ComputeIcv(_suite.Integrity, _integrityKey, message.AsSpan(0, encryptedOffset + encryptedLength), icv);
            }
            else
            {
                NextAeadIv(iv);
                Span<byte> nonce = stackalloc byte[AeadNonceLength];
                _salt.CopyTo(nonce);
                iv.CopyTo(nonce[IkeSuite.AeadSaltLength..]);
                ReadOnlySpan<byte> aad = message.AsSpan(0, ivOffset);
                if (_gcm is not null) _gcm.Encrypt(nonce, padded, encrypted, icv, aad);
                else _chaCha!.Encrypt(nonce, padded, encrypted, icv, aad);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext.AsSpan(0, encryptedLength));
            ArrayPool<byte>.Shared.Return(plaintext);
        }
        return message;
    }

    /// <summary>
    /// RFC 5282 §3.1 / RFC 7634 §2: an IV must never repeat under one key. A 64-bit counter guarantees that within
    /// this instance (an IKE SA sends far fewer than 2^64 messages: Message IDs are 32 bits); it starts at a random
    /// value so that even a second instance made by mistake from the same key would almost surely not collide.
    /// </summary>
    private void NextAeadIv(Span<byte> iv) =>
        BinaryPrimitives.WriteUInt64BigEndian(iv, Interlocked.Increment(ref _ivCounter));

    private IkeError Open(ReadOnlySpan<byte> message, int payloadOffset, int payloadHeaderLength, out byte[] inner)
    {
        inner = [];
        if (message.Length < IkeHeader.Size) return IkeError.Truncated;
        uint declared = BinaryPrimitives.ReadUInt32BigEndian(message[HeaderLengthOffset..]);
        if (declared > (uint)message.Length) return IkeError.Truncated;
        if (declared != (uint)message.Length) return IkeError.BadLength;
        if (payloadOffset < IkeHeader.Size || payloadOffset > message.Length) return IkeError.BadLength;
        if (message.Length - payloadOffset < payloadHeaderLength) return IkeError.Truncated;

        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(message[(payloadOffset + PayloadLengthOffset)..]);
        if (payloadLength > message.Length - payloadOffset) return IkeError.Truncated;
        if (payloadLength != message.Length - payloadOffset) return IkeError.BadLength;

        int ivOffset = payloadOffset + payloadHeaderLength;
        int encryptedOffset = ivOffset + _ivLength;
        int encryptedLength = message.Length - encryptedOffset - _icvLength;
        int minimum = _suite.IsAead ? PadLengthFieldLength : CbcBlockSize;
        if (encryptedLength < minimum) return IkeError.Truncated;
        if (!_suite.IsAead && encryptedLength % CbcBlockSize != 0) return IkeError.BadLength;

        ReadOnlySpan<byte> iv = message.Slice(ivOffset, _ivLength);
        ReadOnlySpan<byte> encrypted = message.Slice(encryptedOffset, encryptedLength);
        ReadOnlySpan<byte> icv = message[(encryptedOffset + encryptedLength)..];

        byte[] plaintext = ArrayPool<byte>.Shared.Rent(encryptedLength);
        try
        {
            Span<byte> padded = plaintext.AsSpan(0, encryptedLength);
            if (_aes is not null)
            {
                // Integrity first: nothing unauthenticated reaches the cipher.
                Span<byte> expected = stackalloc byte[_icvLength];
                IntegrityTransform.ComputeIcv(_suite.Integrity, _integrityKey, message[..(encryptedOffset + encryptedLength)], expected);
                if (!CryptographicOperations.FixedTimeEquals(expected, icv)) return IkeError.IntegrityCheckFailed;
                _aes.DecryptCbc(encrypted, iv, padded, PaddingMode.None);
            }
            else if (!AeadDecrypt(iv, encrypted, icv, message[..ivOffset], padded))
            {
                return IkeError.IntegrityCheckFailed;
            }

            int padLength = padded[^1];
            if (padLength + PadLengthFieldLength > encryptedLength) return IkeError.BadPadding;
            inner = padded[..(encryptedLength - padLength - PadLengthFieldLength)].ToArray();
            return IkeError.None;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext.AsSpan(0, encryptedLength));
            ArrayPool<byte>.Shared.Return(plaintext);
        }
    }

    private bool AeadDecrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> encrypted, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad, Span<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[AeadNonceLength];
        _salt.CopyTo(nonce);
        iv.CopyTo(nonce[IkeSuite.AeadSaltLength..]);
        try
        {
            if (_gcm is not null) _gcm.Decrypt(nonce, encrypted, tag, plaintext, aad);
            else _chaCha!.Decrypt(nonce, encrypted, tag, plaintext, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // .NET reports a bad tag only by throwing; this is the single place that turns it into a result.
            return false;
        }
    }
}
