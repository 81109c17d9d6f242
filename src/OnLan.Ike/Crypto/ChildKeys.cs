namespace OnLan.Ike.Crypto;

/// <summary>
/// Child SA keying material of RFC 7296 §2.17, taken from KEYMAT in this order. Integrity keys are empty for
/// AEAD transforms; AEAD encryption keys include their salt.
/// </summary>
public sealed record ChildKeys(
    byte[] InitiatorToResponderEncryption, byte[] InitiatorToResponderIntegrity,
    byte[] ResponderToInitiatorEncryption, byte[] ResponderToInitiatorIntegrity);
