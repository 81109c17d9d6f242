namespace OnLan.Ike.Eap;

/// <summary>The Flags octet of EAP-TLS type data (RFC 5216 §3.1); the low five bits are reserved.</summary>
[Flags]
public enum EapTlsFlags : byte
{
    None = 0,
    /// <summary>S: the server's first EAP-TLS request, without data.</summary>
    Start = 0x20,
    /// <summary>M: more fragments of this TLS message follow; the receiver acknowledges with an empty EAP-TLS packet.</summary>
    MoreFragments = 0x40,
    /// <summary>L: the four-octet TLS Message Length (the whole message, all fragments) follows the flags.</summary>
    LengthIncluded = 0x80,
}
