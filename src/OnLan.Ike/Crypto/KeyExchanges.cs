using OnLan.Ike.Messages;

namespace OnLan.Ike.Crypto;

/// <summary>The Diffie-Hellman groups this gateway implements (transform type 4).</summary>
public static class KeyExchanges
{
    public static bool IsSupported(KeyExchangeGroup group) => group is
        KeyExchangeGroup.Modp1024 or KeyExchangeGroup.Modp2048 or KeyExchangeGroup.Modp3072 or
        KeyExchangeGroup.Ecp256 or KeyExchangeGroup.Ecp384 or KeyExchangeGroup.Curve25519;

    /// <summary>Length of the KE payload's Key Exchange Data for <paramref name="group"/>; the peer's must match exactly.</summary>
    public static int PublicKeyLength(KeyExchangeGroup group) => group switch
    {
        KeyExchangeGroup.Modp1024 => 128,
        KeyExchangeGroup.Modp2048 => 256,
        KeyExchangeGroup.Modp3072 => 384,
        KeyExchangeGroup.Ecp256 => 64,
        KeyExchangeGroup.Ecp384 => 96,
        KeyExchangeGroup.Curve25519 => Curve25519KeyExchange.KeyLength,
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, "unsupported key exchange group"),
    };

    /// <summary>A fresh key pair from <see cref="System.Security.Cryptography.RandomNumberGenerator"/>.</summary>
    public static IKeyExchange Create(KeyExchangeGroup group) => group switch
    {
        KeyExchangeGroup.Modp1024 or KeyExchangeGroup.Modp2048 or KeyExchangeGroup.Modp3072 => new ModpKeyExchange(group),
        KeyExchangeGroup.Ecp256 or KeyExchangeGroup.Ecp384 => new EcpKeyExchange(group),
        KeyExchangeGroup.Curve25519 => new Curve25519KeyExchange(),
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, "unsupported key exchange group"),
    };
}
