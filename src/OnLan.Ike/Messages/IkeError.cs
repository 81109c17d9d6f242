namespace OnLan.Ike.Messages;

/// <summary>
/// Why bytes from the network were refused. Parsers return one and never throw on bad input; the engine's one
/// bad-input policy (drop and count, unprotected INVALID_SYNTAX, or delete the SA) is decided from it.
/// </summary>
public enum IkeError : byte
{
    None,
    /// <summary>Fewer bytes than a header or a length field says.</summary>
    Truncated,
    /// <summary>Major version other than 2.</summary>
    UnsupportedVersion,
    /// <summary>A length field below its header size, or past its container (RFC 7296 §2.5: length < 4 ends parsing).</summary>
    BadLength,
    /// <summary>A field holds a value the format forbids (e.g. reserved bits, an impossible count).</summary>
    InvalidSyntax,
    /// <summary>An unknown payload with the critical bit set (answered with UNSUPPORTED_CRITICAL_PAYLOAD).</summary>
    UnsupportedCriticalPayload,
    /// <summary>The ICV / AEAD tag did not verify.</summary>
    IntegrityCheckFailed,
    /// <summary>Decrypted padding is impossible.</summary>
    BadPadding,
}
