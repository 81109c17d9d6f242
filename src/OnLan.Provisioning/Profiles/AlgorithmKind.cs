namespace OnLan.Provisioning.Profiles;

/// <summary>What an algorithm does in a proposal; the values are the IKEv2 transform types (RFC 7296 §3.3.2).</summary>
public enum AlgorithmKind : byte
{
    Encryption = 1,
    PseudoRandomFunction = 2,
    Integrity = 3,
    KeyExchange = 4,
}
