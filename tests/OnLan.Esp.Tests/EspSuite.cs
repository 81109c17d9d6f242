using OnLan.Ike.Messages;

namespace OnLan.Esp.Tests;

/// <summary>One ESP proposal the gateway accepts (design notes: what real clients send).</summary>
public sealed record EspSuite(string Name, EncryptionAlgorithm Encryption, int KeyBits, IntegrityAlgorithm Integrity)
{
    public static readonly EspSuite AesGcm128 = new("AES-128-GCM", EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None);
    public static readonly EspSuite AesGcm256 = new("AES-256-GCM", EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None);
    public static readonly EspSuite ChaCha20Poly1305 = new("ChaCha20-Poly1305", EncryptionAlgorithm.ChaCha20Poly1305, 256, IntegrityAlgorithm.None);
    public static readonly EspSuite AesCbc128Sha1 = new("AES-128-CBC/HMAC-SHA1-96", EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha1_96);
    public static readonly EspSuite AesCbc256Sha256 = new("AES-256-CBC/HMAC-SHA2-256-128", EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_256_128);
    public static readonly EspSuite AesCbc256Sha384 = new("AES-256-CBC/HMAC-SHA2-384-192", EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_384_192);
    public static readonly EspSuite AesCbc192Sha512 = new("AES-192-CBC/HMAC-SHA2-512-256", EncryptionAlgorithm.AesCbc, 192, IntegrityAlgorithm.HmacSha2_512_256);

    public static readonly EspSuite[] All = [AesGcm128, AesGcm256, ChaCha20Poly1305, AesCbc128Sha1, AesCbc256Sha256, AesCbc256Sha384, AesCbc192Sha512];

    public bool IsAead => Integrity == IntegrityAlgorithm.None;
    public int EncryptionKeyLength => KeyBits / 8 + (IsAead ? 4 : 0);
    public int IntegrityKeyLength => Integrity switch
    {
        IntegrityAlgorithm.HmacSha1_96 => 20,
        IntegrityAlgorithm.HmacSha2_256_128 => 32,
        IntegrityAlgorithm.HmacSha2_384_192 => 48,
        IntegrityAlgorithm.HmacSha2_512_256 => 64,
        _ => 0,
    };

    public override string ToString() => Name;
}
