namespace OnLan.Ike.Auth;

/// <summary>The outcome of checking a peer's certificates against the configured CA.</summary>
public enum CertificateValidation
{
    Valid,
    /// <summary>No X.509 CERT payload, or no CA configured.</summary>
    NoCertificate,
    /// <summary>The bytes are not a certificate.</summary>
    Malformed,
    /// <summary>It does not chain to the configured CA.</summary>
    Untrusted,
    /// <summary>It, or a certificate of its chain, is outside its validity period.</summary>
    Expired,
    /// <summary>Any other chain error (a CA without the CA flag, a bad signature…).</summary>
    Invalid,
}
