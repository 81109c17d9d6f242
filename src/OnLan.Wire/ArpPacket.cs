using System.Buffers.Binary;

namespace OnLan.Wire;

/// <summary>
/// A view over an RFC 826 ARP packet for Ethernet hardware and IPv4 protocol addresses, the only pairing used here.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Hardware Type (1)        |     Protocol Type (0x0800)    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  HLEN (6)     |   PLEN (4)    |          Operation            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |              Sender Hardware Address (octets 0-3)             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Sender HW Address (octets 4-5)| Sender Protocol Addr (0-1)    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Sender Protocol Addr (2-3)    | Target HW Address (octets 0-1)|
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |              Target Hardware Address (octets 2-5)             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                    Target Protocol Address                    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
/// <remarks>
/// Bytes after the 28 (Ethernet minimum-frame padding) are allowed and ignored. The operation is not checked:
/// RFC 826 lets a receiver ignore operations it does not know, and that is the caller's decision.
/// </remarks>
public readonly ref struct ArpPacket
{
    public const int Length = 28;

    /// <summary>RFC 826 ar$hrd for Ethernet (IANA ARP hardware type 1).</summary>
    public const ushort EthernetHardwareType = 1;

    private const int HardwareTypeOffset = 0;
    private const int ProtocolTypeOffset = 2;
    private const int HardwareLengthOffset = 4;
    private const int ProtocolLengthOffset = 5;
    private const int OperationOffset = 6;
    private const int SenderHardwareAddressOffset = 8;
    private const int SenderProtocolAddressOffset = 14;
    private const int TargetHardwareAddressOffset = 18;
    private const int TargetProtocolAddressOffset = 24;

    private readonly Span<byte> _packet;

    /// <summary>No checks: for emitters in this assembly that have just sized the buffer.</summary>
    internal ArpPacket(Span<byte> packet) => _packet = packet;

    /// <summary>
    /// Checks <paramref name="buffer"/> (usually the Ethernet payload) and builds a view over its first 28 bytes.
    /// Fewer than 28 bytes is <see cref="WireError.Truncated"/>; anything but Ethernet/IPv4 address sizes and types is
    /// <see cref="WireError.BadArpFormat"/>.
    /// </summary>
    public static WireError TryParse(Span<byte> buffer, out ArpPacket packet)
    {
        packet = default;
        if (buffer.Length < Length)
            return WireError.Truncated;
        if (BinaryPrimitives.ReadUInt16BigEndian(buffer[HardwareTypeOffset..]) != EthernetHardwareType
            || BinaryPrimitives.ReadUInt16BigEndian(buffer[ProtocolTypeOffset..]) != (ushort)EtherType.Ipv4
            || buffer[HardwareLengthOffset] != MacAddress.Length
            || buffer[ProtocolLengthOffset] != Ipv4Address.Length)
            return WireError.BadArpFormat;
        packet = new ArpPacket(buffer[..Length]);
        return WireError.None;
    }

    /// <summary>The 28 bytes of the packet, without trailing padding.</summary>
    public Span<byte> Packet => _packet;

    /// <summary>Any value: unknown operations are returned as they are.</summary>
    public ArpOperation Operation
    {
        get => (ArpOperation)BinaryPrimitives.ReadUInt16BigEndian(_packet[OperationOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_packet[OperationOffset..], (ushort)value);
    }

    public MacAddress SenderHardwareAddress
    {
        get => MacAddress.Read(_packet[SenderHardwareAddressOffset..]);
        set => value.WriteTo(_packet[SenderHardwareAddressOffset..]);
    }

    public Ipv4Address SenderProtocolAddress
    {
        get => Ipv4Address.Read(_packet[SenderProtocolAddressOffset..]);
        set => value.WriteTo(_packet[SenderProtocolAddressOffset..]);
    }

    public MacAddress TargetHardwareAddress
    {
        get => MacAddress.Read(_packet[TargetHardwareAddressOffset..]);
        set => value.WriteTo(_packet[TargetHardwareAddressOffset..]);
    }

    public Ipv4Address TargetProtocolAddress
    {
        get => Ipv4Address.Read(_packet[TargetProtocolAddressOffset..]);
        set => value.WriteTo(_packet[TargetProtocolAddressOffset..]);
    }

    /// <summary>Writes the fixed htype/ptype/hlen/plen prefix; <see cref="ArpRepr.Emit"/> uses it.</summary>
    internal static void WriteFormat(Span<byte> buffer)
    {
        BinaryPrimitives.WriteUInt16BigEndian(buffer[HardwareTypeOffset..], EthernetHardwareType);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[ProtocolTypeOffset..], (ushort)EtherType.Ipv4);
        buffer[HardwareLengthOffset] = MacAddress.Length;
        buffer[ProtocolLengthOffset] = Ipv4Address.Length;
    }
}
