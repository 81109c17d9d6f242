using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Proposals;

/// <summary>The algorithms of a Child SA (ESP): encryption (with key size) and, unless it is an AEAD, integrity.</summary>
public sealed record EspSuite(EncryptionAlgorithm Encryption, int EncryptionKeyBits, IntegrityAlgorithm Integrity)
{
    public bool IsAead => Encryption is EncryptionAlgorithm.AesGcm16 or EncryptionAlgorithm.ChaCha20Poly1305;

    /// <summary>KEYMAT bytes for encryption: the key, plus the 4-byte salt for AEADs (RFC 4106 §8.1, RFC 7634 §2).</summary>
    public int EncryptionKeyLength => EncryptionKeyBits / 8 + (IsAead ? 4 : 0);

    public int IntegrityKeyLength => Integrity == IntegrityAlgorithm.None ? 0 : IntegrityTransform.KeyLength(Integrity);

    public override string ToString() => Names.Of(Encryption, EncryptionKeyBits) + (IsAead ? "" : "/" + Names.Of(Integrity));
}
