using OnLan.Ike.Messages;

namespace OnLan.Ike.Crypto;

/// <summary>
/// The transforms chosen for one IKE SA. <paramref name="EncryptionKeyBits"/> is the Key Length attribute
/// (128 or 256 for AES; ChaCha20-Poly1305 has no attribute and is always 256).
/// </summary>
public sealed record IkeSuite(
    EncryptionAlgorithm Encryption, int EncryptionKeyBits, IntegrityAlgorithm Integrity, PrfAlgorithm Prf,
    KeyExchangeGroup Group)
{
    /// <summary>RFC 5282 and RFC 7634 salts are the last 4 bytes of the keying material for the cipher.</summary>
    public const int AeadSaltLength = 4;

    /// <summary>GCM (RFC 5282) and ChaCha20-Poly1305 (RFC 7634): Integrity must then be None.</summary>
    public bool IsAead => Encryption is EncryptionAlgorithm.AesGcm16 or EncryptionAlgorithm.ChaCha20Poly1305;

    /// <summary>Cipher key bytes without the salt.</summary>
    public int CipherKeyLength => Encryption == EncryptionAlgorithm.ChaCha20Poly1305 ? 32 : EncryptionKeyBits / 8;

    /// <summary>Bytes of SK_e (or a Child SA encryption key): the key plus, for AEADs, the 4-byte salt (RFC 5282 §7.1, RFC 7634 §2).</summary>
    public int EncryptionKeyLength => CipherKeyLength + (IsAead ? AeadSaltLength : 0);

    /// <summary>Bytes of SK_a: 0 for AEADs.</summary>
    public int IntegrityKeyLength => IntegrityTransform.KeyLength(Integrity);

    /// <summary>True when every transform is implemented here and the combination is legal (AEAD ⇔ no integrity).</summary>
    public bool IsValid =>
        Encryption switch
        {
            EncryptionAlgorithm.AesCbc or EncryptionAlgorithm.AesGcm16 => EncryptionKeyBits is 128 or 192 or 256,
            EncryptionAlgorithm.ChaCha20Poly1305 => EncryptionKeyBits is 0 or 256,
            _ => false,
        }
        && (IsAead ? Integrity == IntegrityAlgorithm.None : IntegrityTransform.IsSupported(Integrity))
        && Crypto.Prf.IsSupported(Prf)
        && (Group == KeyExchangeGroup.None || KeyExchanges.IsSupported(Group));
}
