using System.Buffers.Binary;

namespace OnLan.Wire;

/// <summary>
/// A view over an Ethernet II frame as handed over by the link (no preamble, no FCS).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 Destination MAC address                       |
/// +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                               |                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
/// |                   Source MAC address                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           EtherType           |  Payload ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
/// <remarks>
/// The view borrows the caller's buffer: setters write into it and nothing is copied. Tagged frames (802.1Q,
/// 802.1ad and the pre-standard 0x9100) are refused by <see cref="TryParse"/> rather than misread as an unknown
/// EtherType: the gateway does not do VLANs and must not forward what it cannot classify.
/// </remarks>
public readonly ref struct EthernetFrame
{
    public const int HeaderLength = 14;

    private const int DestinationOffset = 0;
    private const int SourceOffset = 6;
    private const int EtherTypeOffset = 12;

    /// <summary>Pre-standard Q-in-Q tag still sent by some switches.</summary>
    private const ushort LegacyQinQ = 0x9100;

    private readonly Span<byte> _buffer;

    private EthernetFrame(Span<byte> buffer) => _buffer = buffer;

    /// <summary>
    /// Checks <paramref name="buffer"/> (the whole frame) and builds a view over it. Fewer than 14 bytes is
    /// <see cref="WireError.Truncated"/>; a VLAN tag is <see cref="WireError.VlanTagged"/>.
    /// </summary>
    public static WireError TryParse(Span<byte> buffer, out EthernetFrame frame)
    {
        frame = default;
        if (buffer.Length < HeaderLength)
            return WireError.Truncated;
        ushort etherType = BinaryPrimitives.ReadUInt16BigEndian(buffer[EtherTypeOffset..]);
        if (etherType is (ushort)EtherType.Vlan or (ushort)EtherType.QinQ or LegacyQinQ)
            return WireError.VlanTagged;
        frame = new EthernetFrame(buffer);
        return WireError.None;
    }

    /// <summary>The whole frame, header included.</summary>
    public Span<byte> Buffer => _buffer;

    public MacAddress Destination
    {
        get => MacAddress.Read(_buffer[DestinationOffset..]);
        set => value.WriteTo(_buffer[DestinationOffset..]);
    }

    public MacAddress Source
    {
        get => MacAddress.Read(_buffer[SourceOffset..]);
        set => value.WriteTo(_buffer[SourceOffset..]);
    }

    /// <summary>Unknown values are returned as they are; the caller decides what to drop.</summary>
    public EtherType EtherType
    {
        get => (EtherType)BinaryPrimitives.ReadUInt16BigEndian(_buffer[EtherTypeOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[EtherTypeOffset..], (ushort)value);
    }

    /// <summary>Everything after the header, including any padding the sender added to reach 60 bytes.</summary>
    public Span<byte> Payload => _buffer[HeaderLength..];
}
