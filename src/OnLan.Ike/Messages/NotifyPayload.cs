using System.Buffers.Binary;

namespace OnLan.Ike.Messages;

/// <summary>
/// Notify payload (N), RFC 7296 §3.10.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Protocol ID  |   SPI Size    |      Notify Message Type      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                Security Parameter Index (SPI)                 ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                       Notification Data                       ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Unknown notify types are kept as they are (§3.10.1: unknown status types are ignored, unknown error types in a
/// response mean the request failed). An SPI Size past the body is BadLength.
/// </summary>
public sealed record NotifyPayload(ProtocolId Protocol, byte[] Spi, NotifyType NotifyType, byte[] Data) : IkePayload
{
    /// <summary>Protocol ID, SPI Size and Notify Message Type.</summary>
    public const int FixedSize = 4;
    /// <summary>Types below this are errors, the rest status (§3.10.1).</summary>
    public const ushort FirstStatusType = 16384;

    /// <summary>A notify with no SPI, protocol 0, as IKE SA notifies are sent (§3.10: SPI Size zero for IKE).</summary>
    public NotifyPayload(NotifyType notifyType, byte[] data) : this(ProtocolId.None, [], notifyType, data)
    {
    }

    public override PayloadType Type => PayloadType.Notify;
    public override int BodyLength => FixedSize + Spi.Length + Data.Length;

    /// <summary>An error type (below 16384).</summary>
    public bool IsError => (ushort)NotifyType < FirstStatusType;

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)Protocol;
        destination[1] = (byte)Spi.Length;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)NotifyType);
        Spi.CopyTo(destination[FixedSize..]);
        Data.CopyTo(destination[(FixedSize + Spi.Length)..]);
    }

    /// <summary>Parses the body (the bytes after the generic header).</summary>
    public static IkeError TryParse(ReadOnlySpan<byte> body, out NotifyPayload? payload)
    {
        payload = null;
        if (body.Length < FixedSize) return IkeError.BadLength;
        int spiSize = body[1];
        if (spiSize > body.Length - FixedSize) return IkeError.BadLength;
        payload = new NotifyPayload(
            (ProtocolId)body[0], body.Slice(FixedSize, spiSize).ToArray(),
            (NotifyType)BinaryPrimitives.ReadUInt16BigEndian(body[2..]), body[(FixedSize + spiSize)..].ToArray());
        return IkeError.None;
    }
}
