using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Crypto;

/// <summary>
/// Finite-field Diffie-Hellman over the RFC 2409 / RFC 3526 safe primes, generator 2. The private exponent is 256
/// random bits (top bit set) rather than full size: it keeps the ~128-bit strength of these groups (RFC 3526 §8
/// asks for at least twice the symmetric strength) at a fraction of the cost, so IKE_SA_INIT is no DoS lever.
/// </summary>
internal sealed class ModpKeyExchange : IKeyExchange
{
    internal const int PrivateExponentBits = 256;

    private static readonly BigInteger Generator = 2;
    private static readonly BigInteger Prime1024 = ParsePrime(ModpPrimes.Modp1024);
    private static readonly BigInteger Prime2048 = ParsePrime(ModpPrimes.Modp2048);
    private static readonly BigInteger Prime3072 = ParsePrime(ModpPrimes.Modp3072);

    private readonly BigInteger _prime;
    private readonly int _length;
    private BigInteger _privateExponent;

    public ModpKeyExchange(KeyExchangeGroup group) : this(group, RandomExponent()) { }

    /// <summary>For tests: a chosen private exponent.</summary>
    internal ModpKeyExchange(KeyExchangeGroup group, BigInteger privateExponent)
    {
        Group = group;
        _prime = Prime(group);
        _length = KeyExchanges.PublicKeyLength(group);
        _privateExponent = privateExponent;
        PublicKey = ToPadded(BigInteger.ModPow(Generator, privateExponent, _prime), _length);
    }

    public KeyExchangeGroup Group { get; }
    public byte[] PublicKey { get; }

    internal BigInteger PrivateExponent => _privateExponent;
    internal static BigInteger Prime(KeyExchangeGroup group) => group switch
    {
        KeyExchangeGroup.Modp1024 => Prime1024,
        KeyExchangeGroup.Modp2048 => Prime2048,
        KeyExchangeGroup.Modp3072 => Prime3072,
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, "not a MODP group"),
    };

    public byte[]? DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey)
    {
        if (peerPublicKey.Length != _length) return null;
        var y = new BigInteger(peerPublicKey, isUnsigned: true, isBigEndian: true);
        // 1 < y < p-1: refuses 0, 1 and p-1 (the order-1 and order-2 subgroups of a safe prime) and anything >= p.
        if (y <= BigInteger.One || y >= _prime - BigInteger.One) return null;
        return ToPadded(BigInteger.ModPow(y, _privateExponent, _prime), _length);
    }

    public void Dispose() => _privateExponent = BigInteger.Zero;

    private static BigInteger RandomExponent()
    {
        Span<byte> bytes = stackalloc byte[PrivateExponentBits / 8];
        RandomNumberGenerator.Fill(bytes);
        bytes[0] |= 0x80;
        var exponent = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        CryptographicOperations.ZeroMemory(bytes);
        return exponent;
    }

    private static byte[] ToPadded(BigInteger value, int length)
    {
        // RFC 7296 §2.14: g^ir is big-endian, left-padded with zeros to the prime's length (the KE data the same, §3.4).
        var result = new byte[length];
        int size = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(result.AsSpan(length - size), out _, isUnsigned: true, isBigEndian: true);
        return result;
    }

    private static BigInteger ParsePrime(string hex) =>
        BigInteger.Parse("0" + hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
