using System.Security.Cryptography;
using OnLan.Ike;
using OnLan.Ike.Messages;

namespace OnLan.Esp.Transforms;

/// <summary>
/// One direction's cryptographic transform, made once at install with its cipher objects and reused for every
/// packet. Works on the ESP packet in place:
/// <code>
/// [SPI | Sequence Number] [IV] [payload: inner packet | padding | Pad Length | Next Header] [ICV]
///  0                      8    8 + IvLength                                                  8 + IvLength + payload
/// </code>
/// Not thread-safe: one thread per SA direction (the cipher objects keep state between calls).
/// </summary>
internal abstract class EspCipher : IDisposable
{
    public const int HeaderLength = 8;

    /// <summary>Bytes of the IV field after the Sequence Number.</summary>
    public abstract int IvLength { get; }
    /// <summary>Bytes of the ICV after the payload.</summary>
    public abstract int IcvLength { get; }
    /// <summary>The payload (inner + padding + 2) is a multiple of this: the cipher block, or 4 for the AEADs (RFC 4303 §2.4).</summary>
    public abstract int Alignment { get; }

    /// <summary>Encrypts the payload in place and writes IV and ICV; header and trailer are already in place.</summary>
    public abstract void Seal(Span<byte> esp, int payloadLength, uint sequence);

    /// <summary>
    /// Verifies the ICV over header, IV and ciphertext, and only then decrypts the payload in place. False when the
    /// ICV does not verify; the payload bytes are then unspecified (the packet is dropped).
    /// </summary>
    public abstract bool Open(Span<byte> esp, int payloadLength);

    public abstract void Dispose();

    /// <summary>Builds the transform for one direction; throws (at install time, never per packet) on keys that do not fit.</summary>
    public static EspCipher Create(ChildSaInstallation sa, byte[] encryptionKey, byte[] integrityKey, bool outbound) => sa.Encryption switch
    {
        EncryptionAlgorithm.AesGcm16 => new AesGcmCipher(SplitAeadKey(encryptionKey, sa.EncryptionKeyBits, 128, 192, 256)),
        EncryptionAlgorithm.ChaCha20Poly1305 => ChaCha20Poly1305.IsSupported
            ? new ChaCha20Poly1305Cipher(SplitAeadKey(encryptionKey, sa.EncryptionKeyBits, 256, 256, 256))
            : throw new PlatformNotSupportedException("ChaCha20-Poly1305 is not available from this platform's crypto library"),
        EncryptionAlgorithm.AesCbc => new AesCbcHmacCipher(CheckCbcKey(encryptionKey, sa.EncryptionKeyBits), sa.Integrity, integrityKey, outbound),
        _ => throw new ArgumentException($"ESP encryption {sa.Encryption} is not supported", nameof(sa)),
    };

    private static (byte[] Key, uint Salt) SplitAeadKey(byte[] keyAndSalt, int keyBits, int a, int b, int c)
    {
        if (keyBits != a && keyBits != b && keyBits != c)
            throw new ArgumentException($"AEAD key size {keyBits} bits is not allowed", nameof(keyBits));
        int keyLength = keyBits / 8;
        if (keyAndSalt.Length != keyLength + AeadCipher.SaltLength)
            throw new ArgumentException($"AEAD key material must be {keyLength} + 4 bytes of salt, got {keyAndSalt.Length}");
        return (keyAndSalt[..keyLength], System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(keyAndSalt.AsSpan(keyLength)));
    }

    private static byte[] CheckCbcKey(byte[] key, int keyBits)
    {
        if ((keyBits != 128 && keyBits != 192 && keyBits != 256) || key.Length != keyBits / 8)
            throw new ArgumentException($"AES-CBC key must be 16, 24 or 32 bytes matching {keyBits} bits, got {key.Length}");
        return key;
    }
}
