using System.Buffers.Binary;

namespace OnLan.Ike.Messages;

/// <summary>
/// The IKE header, RFC 7296 §3.1.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       IKE SA Initiator's SPI                  |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       IKE SA Responder's SPI                  |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          Message ID                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                            Length                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct IkeHeader(
    ulong InitiatorSpi, ulong ResponderSpi, PayloadType NextPayload, ExchangeType Exchange, IkeFlags Flags,
    uint MessageId, uint Length)
{
    public const int Size = 28;
    public const byte Version2 = 0x20;

    private const int InitiatorSpiOffset = 0;
    private const int ResponderSpiOffset = 8;
    private const int NextPayloadOffset = 16;
    private const int VersionOffset = 17;
    private const int ExchangeOffset = 18;
    private const int FlagsOffset = 19;
    private const int MessageIdOffset = 20;
    private const int LengthOffset = 24;

    public bool IsResponse => (Flags & IkeFlags.Response) != 0;
    public bool IsFromInitiator => (Flags & IkeFlags.Initiator) != 0;

    /// <summary>
    /// Reads the header of <paramref name="message"/> (the IKE message without any non-ESP marker). Checks the
    /// major version and that Length is at least a header and no more than the bytes given; a datagram longer
    /// than Length is allowed (the rest is ignored).
    /// </summary>
    public static IkeError TryRead(ReadOnlySpan<byte> message, out IkeHeader header)
    {
        header = default;
        if (message.Length < Size) return IkeError.Truncated;
        if ((message[VersionOffset] >> 4) != 2) return IkeError.UnsupportedVersion;
        uint length = BinaryPrimitives.ReadUInt32BigEndian(message[LengthOffset..]);
        if (length < Size) return IkeError.BadLength;
        if (length > (uint)message.Length) return IkeError.Truncated;
        header = new IkeHeader(
            BinaryPrimitives.ReadUInt64BigEndian(message[InitiatorSpiOffset..]),
            BinaryPrimitives.ReadUInt64BigEndian(message[ResponderSpiOffset..]),
            (PayloadType)message[NextPayloadOffset],
            (ExchangeType)message[ExchangeOffset],
            (IkeFlags)message[FlagsOffset],
            BinaryPrimitives.ReadUInt32BigEndian(message[MessageIdOffset..]),
            length);
        return IkeError.None;
    }

    /// <summary>Writes the 28 bytes (version 2.0).</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination[InitiatorSpiOffset..], InitiatorSpi);
        BinaryPrimitives.WriteUInt64BigEndian(destination[ResponderSpiOffset..], ResponderSpi);
        destination[NextPayloadOffset] = (byte)NextPayload;
        destination[VersionOffset] = Version2;
        destination[ExchangeOffset] = (byte)Exchange;
        destination[FlagsOffset] = (byte)Flags;
        BinaryPrimitives.WriteUInt32BigEndian(destination[MessageIdOffset..], MessageId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[LengthOffset..], Length);
    }
}
