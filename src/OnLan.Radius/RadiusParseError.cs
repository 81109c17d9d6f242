namespace OnLan.Radius;

/// <summary>Why bytes are not a RADIUS packet (the parser's result; it never throws).</summary>
public enum RadiusParseError
{
    None,
    /// <summary>Shorter than the 20-octet header, or than its Length field.</summary>
    Truncated,
    /// <summary>Length below 20 or above 4096 (RFC 2865 §3).</summary>
    BadLength,
    /// <summary>An attribute's Length below 2 or past the packet's end.</summary>
    BadAttribute,
}
