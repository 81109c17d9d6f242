namespace OnLan.Ike.Messages;

/// <summary>
/// A payload whose type this implementation does not know, received with C=0, RFC 7296 §3.2.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                         (opaque body)                         ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// "If the critical bit is not set and the payload type is unsupported, that payload MUST be ignored": the
/// engine skips it. With C=1 the parser does not make one: it returns UnsupportedCriticalPayload and reports the
/// type, for an UNSUPPORTED_CRITICAL_PAYLOAD notify. Written back with its own C bit.
/// </summary>
public sealed record UnknownPayload(PayloadType RawType, byte[] Body) : IkePayload
{
    public override PayloadType Type => RawType;
    public override int BodyLength => Body.Length;

    internal override bool WrittenCritical => Critical;

    public override void WriteBody(Span<byte> destination) => Body.CopyTo(destination);
}
