namespace OnLan.Ike.Crypto;

/// <summary>
/// The seven IKE SA secrets of RFC 7296 §2.14, in prf+ order. "i" keys protect initiator→responder traffic,
/// "r" keys the reverse; SK_ai/SK_ar are empty for AEAD suites. For AEADs SK_ei/SK_er include the 4-byte salt.
/// </summary>
public sealed record IkeKeys(byte[] Sk_d, byte[] Sk_ai, byte[] Sk_ar, byte[] Sk_ei, byte[] Sk_er, byte[] Sk_pi, byte[] Sk_pr);
