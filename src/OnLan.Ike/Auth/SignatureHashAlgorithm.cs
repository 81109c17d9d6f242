namespace OnLan.Ike.Auth;

/// <summary>
/// Hash algorithm identifiers of the SIGNATURE_HASH_ALGORITHMS notify (RFC 7427 §4, IANA "IKEv2 Hash Algorithms").
/// The notify's data is a list of these, two octets each, big-endian.
/// </summary>
public enum SignatureHashAlgorithm : ushort
{
    Sha1 = 1,
    Sha2_256 = 2,
    Sha2_384 = 3,
    Sha2_512 = 4,
    /// <summary>RFC 8420 (EdDSA signs the message itself).</summary>
    Identity = 5,
}
