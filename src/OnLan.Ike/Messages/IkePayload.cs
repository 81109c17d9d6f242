namespace OnLan.Ike.Messages;

/// <summary>
/// One IKEv2 payload: the part after its generic payload header, RFC 7296 §3.2.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The generic header is owned by <see cref="IkeMessageCodec"/>: Next Payload comes from the following payload
/// in the list (for SK and SKF, from their first inner payload), Payload Length from <see cref="BodyLength"/>.
/// </summary>
/// <remarks>
/// Payloads are control-plane values: immutable records that own their arrays (the parser copies out of the
/// datagram, so a record outlives the receive buffer). Record equality compares arrays by reference.
/// </remarks>
public abstract record IkePayload
{
    /// <summary>Size of the generic payload header.</summary>
    public const int GenericHeaderSize = 4;

    internal const int NextPayloadOffset = 0;
    internal const int FlagsOffset = 1;
    internal const int PayloadLengthOffset = 2;
    internal const byte CriticalBit = 0x80;

    /// <summary>The payload type this record is written as.</summary>
    public abstract PayloadType Type { get; }

    /// <summary>
    /// The C bit as received. Known payloads are written with C=0 whatever this says (RFC 7296 §3.2: the bit is
    /// only meaningful for payloads the recipient may not understand); <see cref="UnknownPayload"/> keeps its bit.
    /// </summary>
    public bool Critical { get; init; }

    /// <summary>Bytes after the 4-byte generic header.</summary>
    public abstract int BodyLength { get; }

    /// <summary>Writes exactly <see cref="BodyLength"/> bytes; <paramref name="destination"/> holds at least that many.</summary>
    public abstract void WriteBody(Span<byte> destination);

    /// <summary>The C bit written in the generic header.</summary>
    internal virtual bool WrittenCritical => false;
}
