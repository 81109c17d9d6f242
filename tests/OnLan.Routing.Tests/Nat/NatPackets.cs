using System.Buffers.Binary;
using OnLan.Wire;

namespace OnLan.Routing.Tests.Nat;

/// <summary>
/// Builds whole, correctly checksummed IPv4 packets for the NAT tests, and checks them. Every builder fixes TTL and
/// identification so that a packet translated by the table can be byte-compared with one built directly.
/// </summary>
internal static class NatPackets
{
    public static readonly Ipv4Address Wan = Ipv4Address.Parse("198.51.100.2");
    public static readonly Ipv4Address HostA = Ipv4Address.Parse("10.0.0.5");
    public static readonly Ipv4Address HostB = Ipv4Address.Parse("10.0.0.6");
    public static readonly Ipv4Address Server = Ipv4Address.Parse("10.0.0.10");
    public static readonly Ipv4Address Remote = Ipv4Address.Parse("203.0.113.7");
    public static readonly Ipv4Address Router = Ipv4Address.Parse("203.0.113.1");

    public const byte Fin = 0x01, Syn = 0x02, Rst = 0x04, Ack = 0x10;

    public static byte[] Udp(Ipv4Address source, ushort sourcePort, Ipv4Address destination, ushort destinationPort, int payloadLength = 16)
    {
        var packet = new byte[Ipv4Repr.HeaderLength + UdpRepr.HeaderLength + payloadLength];
        for (int i = 0; i < payloadLength; i++) packet[Ipv4Repr.HeaderLength + UdpRepr.HeaderLength + i] = (byte)(i * 7 + 1);
        new UdpRepr(sourcePort, destinationPort).Emit(packet.AsSpan(Ipv4Repr.HeaderLength), payloadLength, source, destination);
        Ip(source, destination, IpProtocol.Udp, packet.Length - Ipv4Repr.HeaderLength).Emit(packet);
        return packet;
    }

    public static byte[] Tcp(Ipv4Address source, ushort sourcePort, Ipv4Address destination, ushort destinationPort, byte flags, int payloadLength = 0)
    {
        var packet = new byte[Ipv4Repr.HeaderLength + 20 + payloadLength];
        var tcp = packet.AsSpan(Ipv4Repr.HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], 0x01020304);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], (flags & Ack) != 0 ? 0x0A0B0C0Du : 0);
        tcp[12] = 5 << 4;
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 64240);
        for (int i = 0; i < payloadLength; i++) tcp[20 + i] = (byte)(i * 13 + 5);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], InternetChecksum.Finish(InternetChecksum.Sum(
            tcp, InternetChecksum.PseudoHeaderSum(source, destination, IpProtocol.Tcp, tcp.Length))));
        Ip(source, destination, IpProtocol.Tcp, tcp.Length).Emit(packet);
        return packet;
    }

    public static byte[] Echo(IcmpV4Type type, Ipv4Address source, Ipv4Address destination, ushort identifier, ushort sequence = 1)
    {
        byte[] data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
        var packet = new byte[Ipv4Repr.HeaderLength + IcmpV4Repr.HeaderLength + data.Length];
        new IcmpV4Repr(type, 0, identifier, sequence).Emit(packet.AsSpan(Ipv4Repr.HeaderLength), data);
        Ip(source, destination, IpProtocol.Icmp, packet.Length - Ipv4Repr.HeaderLength).Emit(packet);
        return packet;
    }

    /// <summary>An ICMP error from <paramref name="source"/> quoting the header and <paramref name="quotedTransportBytes"/> of <paramref name="offending"/>.</summary>
    public static byte[] IcmpError(
        Ipv4Address source, Ipv4Address destination, IcmpV4Type type, byte code, ushort nextHopMtu, byte[] offending, int quotedTransportBytes = 8)
    {
        var quote = offending.AsSpan(0, Ipv4Repr.HeaderLength + quotedTransportBytes);
        var packet = new byte[Ipv4Repr.HeaderLength + IcmpV4Repr.HeaderLength + quote.Length];
        new IcmpV4Repr(type, code, 0, nextHopMtu).Emit(packet.AsSpan(Ipv4Repr.HeaderLength), quote);
        Ip(source, destination, IpProtocol.Icmp, packet.Length - Ipv4Repr.HeaderLength).Emit(packet);
        return packet;
    }

    public static byte[] OfProtocol(byte protocol, Ipv4Address source, Ipv4Address destination, int payloadLength = 24)
    {
        var packet = new byte[Ipv4Repr.HeaderLength + payloadLength];
        Ip(source, destination, (IpProtocol)protocol, payloadLength).Emit(packet);
        return packet;
    }

    /// <summary>Sets the MF flag and fragment offset (in bytes) and refreshes the header checksum.</summary>
    public static byte[] AsFragment(byte[] packet, bool moreFragments, int offsetBytes)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), (ushort)((moreFragments ? 0x2000 : 0) | offsetBytes / 8));
        RefreshHeaderChecksum(packet);
        return packet;
    }

    public static void RefreshHeaderChecksum(Span<byte> packet)
    {
        int headerLength = (packet[0] & 0x0F) * 4;
        packet[10] = packet[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet[10..], InternetChecksum.Compute(packet[..headerLength]));
    }

    /// <summary>The IPv4 header checksum and the transport checksum (UDP, TCP with pseudo-header, ICMP) all verify.</summary>
    public static void AssertChecksumsValid(byte[] bytes)
    {
        Assert.Equal(WireError.None, Ipv4Packet.TryParse(bytes, out var ip));
        switch (ip.Protocol)
        {
            case IpProtocol.Udp:
                Assert.Equal(WireError.None, UdpDatagram.TryParse(ip.Payload, ip.Source, ip.Destination, out _));
                break;
            case IpProtocol.Icmp:
                Assert.Equal(WireError.None, IcmpV4Packet.TryParse(ip.Payload, out _));
                break;
            case IpProtocol.Tcp:
                Assert.Equal(0, InternetChecksum.Finish(InternetChecksum.Sum(
                    ip.Payload, InternetChecksum.PseudoHeaderSum(ip.Source, ip.Destination, IpProtocol.Tcp, ip.Payload.Length))));
                break;
        }
    }

    public static ushort SourcePort(byte[] packet) => BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(Ipv4Repr.HeaderLength));

    public static ushort DestinationPort(byte[] packet) => BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(Ipv4Repr.HeaderLength + 2));

    public static ushort EchoIdentifier(byte[] packet) => BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(Ipv4Repr.HeaderLength + 4));

    public static Ipv4Address Source(byte[] packet) => Ipv4Address.Read(packet.AsSpan(12));

    public static Ipv4Address Destination(byte[] packet) => Ipv4Address.Read(packet.AsSpan(16));

    private static Ipv4Repr Ip(Ipv4Address source, Ipv4Address destination, IpProtocol protocol, int payloadLength) =>
        new(source, destination, protocol, payloadLength) { TimeToLive = 63, Identification = 0x1234, DontFragment = true };
}
