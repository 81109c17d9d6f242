namespace OnLan.Wire;

/// <summary>The fields of an Ethernet/IPv4 ARP packet, held by value (see <see cref="ArpPacket"/> for the layout).</summary>
public readonly record struct ArpRepr(
    ArpOperation Operation,
    MacAddress SenderHardwareAddress,
    Ipv4Address SenderProtocolAddress,
    MacAddress TargetHardwareAddress,
    Ipv4Address TargetProtocolAddress)
{
    public const int Length = ArpPacket.Length;

    public static ArpRepr Parse(in ArpPacket packet) => new(
        packet.Operation,
        packet.SenderHardwareAddress,
        packet.SenderProtocolAddress,
        packet.TargetHardwareAddress,
        packet.TargetProtocolAddress);

    /// <summary>Writes all 28 bytes, the fixed htype/ptype/hlen/plen included, at the start of <paramref name="buffer"/>.</summary>
    public void Emit(Span<byte> buffer)
    {
        buffer = buffer[..Length];
        ArpPacket.WriteFormat(buffer);
        var packet = new ArpPacket(buffer);
        packet.Operation = Operation;
        packet.SenderHardwareAddress = SenderHardwareAddress;
        packet.SenderProtocolAddress = SenderProtocolAddress;
        packet.TargetHardwareAddress = TargetHardwareAddress;
        packet.TargetProtocolAddress = TargetProtocolAddress;
    }
}
