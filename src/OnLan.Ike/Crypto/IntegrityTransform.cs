using System.Security.Cryptography;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Crypto;

/// <summary>
/// Integrity transforms (type 3) for the SK payload: HMAC-SHA1-96 (RFC 2404) and HMAC-SHA2 truncated to half
/// the hash (RFC 4868). The key is the full hash length.
/// </summary>
public static class IntegrityTransform
{
    public static bool IsSupported(IntegrityAlgorithm a) => a is
        IntegrityAlgorithm.HmacSha1_96 or IntegrityAlgorithm.HmacSha2_256_128 or
        IntegrityAlgorithm.HmacSha2_384_192 or IntegrityAlgorithm.HmacSha2_512_256;

    /// <summary>Key length in bytes (0 for None, the AEAD case).</summary>
    public static int KeyLength(IntegrityAlgorithm a) => a switch
    {
        IntegrityAlgorithm.None => 0,
        IntegrityAlgorithm.HmacSha1_96 => 20,
        IntegrityAlgorithm.HmacSha2_256_128 => 32,
        IntegrityAlgorithm.HmacSha2_384_192 => 48,
        IntegrityAlgorithm.HmacSha2_512_256 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, "unsupported integrity algorithm"),
    };

    /// <summary>ICV (truncated MAC) length in bytes.</summary>
    public static int IcvLength(IntegrityAlgorithm a) => a switch
    {
        IntegrityAlgorithm.None => 0,
        IntegrityAlgorithm.HmacSha1_96 => 12,
        IntegrityAlgorithm.HmacSha2_256_128 => 16,
        IntegrityAlgorithm.HmacSha2_384_192 => 24,
        IntegrityAlgorithm.HmacSha2_512_256 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, "unsupported integrity algorithm"),
    };

    /// <summary>Writes the ICV (the first <see cref="IcvLength"/> bytes of the HMAC) to <paramref name="icv"/>.</summary>
    internal static void ComputeIcv(IntegrityAlgorithm a, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> icv)
    {
        Span<byte> mac = stackalloc byte[HMACSHA512.HashSizeInBytes];
        int length = a switch
        {
            IntegrityAlgorithm.HmacSha1_96 => HMACSHA1.HashData(key, data, mac),
            IntegrityAlgorithm.HmacSha2_256_128 => HMACSHA256.HashData(key, data, mac),
            IntegrityAlgorithm.HmacSha2_384_192 => HMACSHA384.HashData(key, data, mac),
            IntegrityAlgorithm.HmacSha2_512_256 => HMACSHA512.HashData(key, data, mac),
            _ => throw new ArgumentOutOfRangeException(nameof(a), a, "unsupported integrity algorithm"),
        };
        mac[..icv.Length].CopyTo(icv);
        CryptographicOperations.ZeroMemory(mac[..length]);
    }
}
