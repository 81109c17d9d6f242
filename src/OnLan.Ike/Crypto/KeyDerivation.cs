using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OnLan.Ike.Crypto;

/// <summary>
/// SKEYSEED and the IKE SA / Child SA keys (RFC 7296 §2.14, §2.17, §2.18). Intermediate secrets (SKEYSEED, the
/// concatenated keying material) are zeroed before returning; the caller owns and zeroes the returned keys.
/// </summary>
public static class KeyDerivation
{
    private const int SpiLength = 8;

    /// <summary>
    /// RFC 7296 §2.14: SKEYSEED = prf(Ni | Nr, g^ir);
    /// {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr).
    /// </summary>
    public static IkeKeys DeriveIkeKeys(
        IkeSuite suite, ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR, ReadOnlySpan<byte> sharedSecret,
        ulong spiI, ulong spiR)
    {
        var prf = Prf.Create(suite.Prf);
        byte[] nonces = Concat(nonceI, nonceR, default);
        byte[] skeyseed = prf.Compute(nonces, sharedSecret);
        CryptographicOperations.ZeroMemory(nonces);
        return ExpandIkeKeys(suite, prf, skeyseed, nonceI, nonceR, spiI, spiR);
    }

    /// <summary>
    /// RFC 7296 §2.18 (IKE SA rekey): SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) with the OLD SA's PRF; the
    /// seven keys then come from prf+ of the NEW suite with the new nonces and SPIs.
    /// </summary>
    public static IkeKeys DeriveRekeyedIkeKeys(
        IkeSuite newSuite, Prf oldPrf, ReadOnlySpan<byte> oldSkD, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR, ulong spiI, ulong spiR)
    {
        byte[] input = Concat(sharedSecret, nonceI, nonceR);
        byte[] skeyseed = oldPrf.Compute(oldSkD, input);
        CryptographicOperations.ZeroMemory(input);
        return ExpandIkeKeys(newSuite, Prf.Create(newSuite.Prf), skeyseed, nonceI, nonceR, spiI, spiR);
    }

    /// <summary>
    /// RFC 7296 §2.17: KEYMAT = prf+(SK_d, Ni | Nr), or prf+(SK_d, g^ir (new) | Ni | Nr) with PFS. Pass an empty
    /// <paramref name="sharedSecret"/> (<c>default</c>) without PFS: a real g^ir is never empty, so empty is
    /// unambiguous (a nullable span is not expressible in C#). Keys are taken in order: initiator→responder
    /// encryption, then integrity, then the same for responder→initiator.
    /// </summary>
    public static ChildKeys DeriveChildKeys(
        Prf prf, ReadOnlySpan<byte> skD, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> nonceI,
        ReadOnlySpan<byte> nonceR, int encryptionKeyLength, int integrityKeyLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(encryptionKeyLength);
        ArgumentOutOfRangeException.ThrowIfNegative(integrityKeyLength);
        byte[] seed = Concat(sharedSecret, nonceI, nonceR);
        int each = encryptionKeyLength + integrityKeyLength;
        byte[] keymat = prf.Expand(skD, seed, 2 * each);
        CryptographicOperations.ZeroMemory(seed);
        var keys = new ChildKeys(
            keymat[..encryptionKeyLength],
            keymat[encryptionKeyLength..each],
            keymat[each..(each + encryptionKeyLength)],
            keymat[(each + encryptionKeyLength)..]);
        CryptographicOperations.ZeroMemory(keymat);
        return keys;
    }

    private static IkeKeys ExpandIkeKeys(
        IkeSuite suite, Prf prf, byte[] skeyseed, ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR,
        ulong spiI, ulong spiR)
    {
        Span<byte> spis = stackalloc byte[2 * SpiLength];
        BinaryPrimitives.WriteUInt64BigEndian(spis, spiI);
        BinaryPrimitives.WriteUInt64BigEndian(spis[SpiLength..], spiR);
        byte[] seed = Concat(nonceI, nonceR, spis);

        int d = prf.OutputLength, a = suite.IntegrityKeyLength, e = suite.EncryptionKeyLength;
        byte[] material = prf.Expand(skeyseed, seed, 3 * d + 2 * a + 2 * e);
        CryptographicOperations.ZeroMemory(skeyseed);
        CryptographicOperations.ZeroMemory(seed);

        int offset = 0;
        byte[] Take(int length)
        {
            byte[] key = material.AsSpan(offset, length).ToArray();
            offset += length;
            return key;
        }
        var keys = new IkeKeys(Sk_d: Take(d), Sk_ai: Take(a), Sk_ar: Take(a), Sk_ei: Take(e), Sk_er: Take(e), Sk_pi: Take(d), Sk_pr: Take(d));
        CryptographicOperations.ZeroMemory(material);
        return keys;
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        var result = new byte[a.Length + b.Length + c.Length];
        a.CopyTo(result);
        b.CopyTo(result.AsSpan(a.Length));
        c.CopyTo(result.AsSpan(a.Length + b.Length));
        return result;
    }
}
