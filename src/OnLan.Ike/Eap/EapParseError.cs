namespace OnLan.Ike.Eap;

/// <summary>Why <see cref="EapPacket.TryParse"/> or an MS-CHAPv2 view refused the bytes. Never an exception.</summary>
public enum EapParseError
{
    None,
    /// <summary>Fewer bytes than the fixed header needs.</summary>
    Truncated,
    /// <summary>The Length field is below the header size or points past the buffer.</summary>
    BadLength,
    /// <summary>A Code outside 1..4.</summary>
    UnknownCode,
    /// <summary>A Request or Response without its Type octet.</summary>
    MissingType,
    /// <summary>Success or Failure with data: RFC 3748 §4.2 defines them as exactly four octets.</summary>
    UnexpectedData,
    /// <summary>An MS-CHAPv2 packet whose OpCode is not the one the view reads.</summary>
    WrongOpCode,
    /// <summary>An MS-CHAPv2 MS-Length or Value-Size field that disagrees with the packet.</summary>
    BadMsChapV2Length,
    /// <summary>EAP-TLS type data without its Flags octet, or with the L flag but no room for the TLS Message Length.</summary>
    BadEapTlsHeader,
}
