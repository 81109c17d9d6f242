namespace OnLan.Ike.Auth;

/// <summary>The public-key algorithm behind a signature.</summary>
public enum SignatureKeyKind
{
    Rsa,
    Ecdsa,
}
