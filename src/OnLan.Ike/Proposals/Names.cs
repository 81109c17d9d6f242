using OnLan.Ike.Messages;

namespace OnLan.Ike.Proposals;

/// <summary>strongSwan-style short names for algorithms, for logs and the console ("aes256gcm16", "sha256", "x25519").</summary>
public static class Names
{
    public static string Of(EncryptionAlgorithm algorithm, int keyBits) => algorithm switch
    {
        EncryptionAlgorithm.AesCbc => $"aes{keyBits}",
        EncryptionAlgorithm.AesGcm16 => $"aes{keyBits}gcm16",
        EncryptionAlgorithm.ChaCha20Poly1305 => "chacha20poly1305",
        _ => $"encr{(ushort)algorithm}",
    };

    public static string Of(IntegrityAlgorithm algorithm) => algorithm switch
    {
        IntegrityAlgorithm.HmacSha1_96 => "sha1",
        IntegrityAlgorithm.HmacSha2_256_128 => "sha256",
        IntegrityAlgorithm.HmacSha2_384_192 => "sha384",
        IntegrityAlgorithm.HmacSha2_512_256 => "sha512",
        _ => $"integ{(ushort)algorithm}",
    };

    public static string Of(PrfAlgorithm algorithm) => algorithm switch
    {
        PrfAlgorithm.HmacSha1 => "prfsha1",
        PrfAlgorithm.HmacSha2_256 => "prfsha256",
        PrfAlgorithm.HmacSha2_384 => "prfsha384",
        PrfAlgorithm.HmacSha2_512 => "prfsha512",
        _ => $"prf{(ushort)algorithm}",
    };

    public static string Of(KeyExchangeGroup group) => group switch
    {
        KeyExchangeGroup.Modp1024 => "modp1024",
        KeyExchangeGroup.Modp2048 => "modp2048",
        KeyExchangeGroup.Modp3072 => "modp3072",
        KeyExchangeGroup.Ecp256 => "ecp256",
        KeyExchangeGroup.Ecp384 => "ecp384",
        KeyExchangeGroup.Curve25519 => "x25519",
        _ => $"ke{(ushort)group}",
    };
}
