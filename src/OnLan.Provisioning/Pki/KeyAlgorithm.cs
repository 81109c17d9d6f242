namespace OnLan.Provisioning.Pki;

/// <summary>
/// The key type of a certificate the gateway issues. RSA-2048 is the default: Apple and Windows accept it everywhere
/// (Apple wants RSA for hand-made IKEv2 set-ups); ECDSA P-256 is smaller and faster where every client supports it.
/// </summary>
public enum KeyAlgorithm
{
    Rsa2048,
    EcdsaP256,
}
