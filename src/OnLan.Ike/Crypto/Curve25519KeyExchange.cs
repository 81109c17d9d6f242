using System.Security.Cryptography;
using OnLan.Ike.Messages;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace OnLan.Ike.Crypto;

/// <summary>
/// Curve25519 (group 31, RFC 8031) with BouncyCastle's RFC 7748 primitive (.NET has no X25519). KE data and g^ir
/// are 32 bytes each; an all-zero result (a small-order peer value) is refused, RFC 8031 §2.
/// </summary>
internal sealed class Curve25519KeyExchange : IKeyExchange
{
    internal const int KeyLength = 32;

    private readonly byte[] _privateKey;

    public Curve25519KeyExchange() : this(RandomPrivateKey()) { }

    /// <summary>For tests: a chosen scalar (clamped by the primitive, RFC 7748 §5).</summary>
    internal Curve25519KeyExchange(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeyLength) throw new ArgumentException("X25519 private keys are 32 bytes", nameof(privateKey));
        _privateKey = privateKey.ToArray();
        PublicKey = new byte[KeyLength];
        X25519.GeneratePublicKey(_privateKey, 0, PublicKey, 0);
    }

    public KeyExchangeGroup Group => KeyExchangeGroup.Curve25519;
    public byte[] PublicKey { get; }

    public byte[]? DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey)
    {
        if (peerPublicKey.Length != KeyLength) return null;
        var secret = new byte[KeyLength];
        if (!X25519.CalculateAgreement(_privateKey, 0, peerPublicKey.ToArray(), 0, secret, 0)) return null;
        return secret;
    }

    /// <summary>For tests: the raw RFC 7748 §5 function X25519(k, u), without the all-zero check.</summary>
    internal static byte[] ScalarMult(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> u)
    {
        var result = new byte[KeyLength];
        X25519.ScalarMult(scalar.ToArray(), 0, u.ToArray(), 0, result, 0);
        return result;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_privateKey);

    private static byte[] RandomPrivateKey()
    {
        var key = new byte[KeyLength];
        RandomNumberGenerator.Fill(key);
        return key;
    }
}
