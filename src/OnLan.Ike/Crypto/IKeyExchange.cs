using OnLan.Ike.Messages;

namespace OnLan.Ike.Crypto;

/// <summary>One ephemeral key pair of a Diffie-Hellman group. Not thread-safe; dispose it (zeroes the private key) once g^ir is known.</summary>
public interface IKeyExchange : IDisposable
{
    KeyExchangeGroup Group { get; }

    /// <summary>
    /// The KE payload's Key Exchange Data (RFC 7296 §3.4): MODP big-endian padded to the prime length, ECP x | y
    /// (RFC 5903 §7), Curve25519 the 32-byte u-coordinate (RFC 8031 §2).
    /// </summary>
    byte[] PublicKey { get; }

    /// <summary>
    /// g^ir in the form the key derivation uses (MODP padded to the prime length, ECP the x-coordinate, X25519 the 32
    /// bytes), or null when the peer's value is invalid: wrong length, not on the curve, a degenerate MODP value
    /// (outside 1 &lt; y &lt; p-1), an all-zero X25519 result. Never throws on bad peer input.
    /// </summary>
    byte[]? DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey);
}
