using System.Buffers.Binary;

namespace OnLan.Ike.Messages;

/// <summary>
/// Delete payload (D), RFC 7296 §3.11.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Protocol ID   |   SPI Size    |          Num of SPIs          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~               Security Parameter Index(es) (SPI)              ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// SPI Size is 0 for IKE (the SPIs are in the header; Num of SPIs is then not looked at and
/// <see cref="Spis"/> is empty) and 4 for ESP and AH, whose SPIs must fill the body exactly
/// (Num of SPIs × 4 = remaining bytes). Anything else is InvalidSyntax.
/// </summary>
public sealed record DeletePayload(ProtocolId Protocol, IReadOnlyList<byte[]> Spis) : IkePayload
{
    /// <summary>Protocol ID, SPI Size and Num of SPIs.</summary>
    public const int FixedSize = 4;
    /// <summary>SPI Size for ESP and AH.</summary>
    public const int ChildSpiSize = 4;

    public override PayloadType Type => PayloadType.Delete;

    private int SpiSize => Protocol == ProtocolId.Ike ? 0 : ChildSpiSize;

    public override int BodyLength => FixedSize + Spis.Count * SpiSize;

    public override void WriteBody(Span<byte> destination)
    {
        int spiSize = SpiSize;
        destination[0] = (byte)Protocol;
        destination[1] = (byte)spiSize;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Spis.Count);
        for (int i = 0; i < Spis.Count; i++) Spis[i].AsSpan(0, spiSize).CopyTo(destination[(FixedSize + i * spiSize)..]);
    }

    /// <summary>Parses the body (the bytes after the generic header).</summary>
    public static IkeError TryParse(ReadOnlySpan<byte> body, out DeletePayload? payload)
    {
        payload = null;
        if (body.Length < FixedSize) return IkeError.BadLength;
        var protocol = (ProtocolId)body[0];
        int spiSize = body[1];
        int count = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
        ReadOnlySpan<byte> spis = body[FixedSize..];
        if (protocol == ProtocolId.Ike)
        {
            if (spiSize != 0 || !spis.IsEmpty) return IkeError.InvalidSyntax;
            payload = new DeletePayload(protocol, []);
            return IkeError.None;
        }
        if (protocol is not (ProtocolId.Esp or ProtocolId.Ah) || spiSize != ChildSpiSize) return IkeError.InvalidSyntax;
        if (count * ChildSpiSize != spis.Length) return IkeError.InvalidSyntax;
        var list = new byte[count][];
        for (int i = 0; i < count; i++) list[i] = spis.Slice(i * ChildSpiSize, ChildSpiSize).ToArray();
        payload = new DeletePayload(protocol, list);
        return IkeError.None;
    }
}
