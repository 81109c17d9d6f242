using System.Security.Cryptography;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Crypto;

/// <summary>
/// The negotiated pseudorandom function (transform type 2) and prf+ (RFC 7296 §2.13). Stateless: one shared
/// instance per algorithm, safe from any thread.
/// </summary>
public sealed class Prf
{
    /// <summary>prf+ counts its blocks in one octet: at most 255 blocks.</summary>
    private const int MaxExpandBlocks = 255;

    private static readonly Prf HmacSha1 = new(PrfAlgorithm.HmacSha1, HMACSHA1.HashSizeInBytes);
    private static readonly Prf HmacSha256 = new(PrfAlgorithm.HmacSha2_256, HMACSHA256.HashSizeInBytes);
    private static readonly Prf HmacSha384 = new(PrfAlgorithm.HmacSha2_384, HMACSHA384.HashSizeInBytes);
    private static readonly Prf HmacSha512 = new(PrfAlgorithm.HmacSha2_512, HMACSHA512.HashSizeInBytes);

    private Prf(PrfAlgorithm algorithm, int outputLength)
    {
        Algorithm = algorithm;
        OutputLength = outputLength;
    }

    /// <summary>The instance for <paramref name="algorithm"/>; throws for an algorithm the proposal code must never pick.</summary>
    public static Prf Create(PrfAlgorithm algorithm) => algorithm switch
    {
        PrfAlgorithm.HmacSha1 => HmacSha1,
        PrfAlgorithm.HmacSha2_256 => HmacSha256,
        PrfAlgorithm.HmacSha2_384 => HmacSha384,
        PrfAlgorithm.HmacSha2_512 => HmacSha512,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unsupported PRF"),
    };

    public static bool IsSupported(PrfAlgorithm algorithm) => algorithm is
        PrfAlgorithm.HmacSha1 or PrfAlgorithm.HmacSha2_256 or PrfAlgorithm.HmacSha2_384 or PrfAlgorithm.HmacSha2_512;

    public PrfAlgorithm Algorithm { get; }

    /// <summary>Output length in bytes; also the preferred key length (SK_d, SK_pi, SK_pr), RFC 7296 §2.13.</summary>
    public int OutputLength { get; }

    public byte[] Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var output = new byte[OutputLength];
        Compute(key, data, output);
        return output;
    }

    /// <summary>Writes exactly <see cref="OutputLength"/> bytes to <paramref name="destination"/>.</summary>
    public void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        switch (Algorithm)
        {
            case PrfAlgorithm.HmacSha1: HMACSHA1.HashData(key, data, destination); break;
            case PrfAlgorithm.HmacSha2_256: HMACSHA256.HashData(key, data, destination); break;
            case PrfAlgorithm.HmacSha2_384: HMACSHA384.HashData(key, data, destination); break;
            default: HMACSHA512.HashData(key, data, destination); break;
        }
    }

    /// <summary>
    /// prf+ (RFC 7296 §2.13): T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n), output T1 | T2 | ... cut to
    /// <paramref name="length"/>. At most 255 blocks.
    /// </summary>
    public byte[] Expand(ReadOnlySpan<byte> key, ReadOnlySpan<byte> seed, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxExpandBlocks * OutputLength);
        var output = new byte[length];
        // Input of block n: T(n-1) | S | n. The first block has no T(0).
        var input = new byte[OutputLength + seed.Length + 1];
        Span<byte> block = stackalloc byte[OutputLength];
        int written = 0;
        for (int n = 1; written < length; n++)
        {
            ReadOnlySpan<byte> blockInput;
            if (n == 1)
            {
                seed.CopyTo(input.AsSpan(OutputLength));
                input[^1] = 1;
                blockInput = input.AsSpan(OutputLength);
            }
            else
            {
                block.CopyTo(input);
                input[^1] = (byte)n;
                blockInput = input;
            }
            Compute(key, blockInput, block);
            int take = Math.Min(OutputLength, length - written);
            block[..take].CopyTo(output.AsSpan(written));
            written += take;
        }
        CryptographicOperations.ZeroMemory(input);
        CryptographicOperations.ZeroMemory(block);
        return output;
    }
}
