using OnLan.Wire;

namespace OnLan.Testing;

/// <summary>Well-formed frames a neighbour would send, built with the wire reprs.</summary>
public static class Frames
{
    public static byte[] ArpRequest(MacAddress senderMac, Ipv4Address senderIp, Ipv4Address targetIp, MacAddress? ethernetDestination = null)
    {
        var frame = new byte[EthernetFrame.HeaderLength + ArpPacket.Length];
        new EthernetRepr(ethernetDestination ?? MacAddress.Broadcast, senderMac, EtherType.Arp).Emit(frame);
        new ArpRepr(ArpOperation.Request, senderMac, senderIp, MacAddress.Zero, targetIp).Emit(frame.AsSpan(EthernetFrame.HeaderLength));
        return frame;
    }

    public static byte[] ArpReply(MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac, Ipv4Address targetIp)
    {
        var frame = new byte[EthernetFrame.HeaderLength + ArpPacket.Length];
        new EthernetRepr(targetMac, senderMac, EtherType.Arp).Emit(frame);
        new ArpRepr(ArpOperation.Reply, senderMac, senderIp, targetMac, targetIp).Emit(frame.AsSpan(EthernetFrame.HeaderLength));
        return frame;
    }

    public static byte[] EchoRequest(MacAddress source, MacAddress destination, Ipv4Address sourceIp, Ipv4Address destinationIp,
        ushort identifier, ushort sequence, int dataLength)
    {
        var data = new byte[dataLength];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7 + sequence);
        var frame = new byte[EthernetFrame.HeaderLength + Ipv4Repr.HeaderLength + IcmpV4Packet.HeaderLength + dataLength];
        new EthernetRepr(destination, source, EtherType.Ipv4).Emit(frame);
        var ip = frame.AsSpan(EthernetFrame.HeaderLength);
        int icmpLength = IcmpV4Repr.EchoRequest(identifier, sequence).Emit(ip[Ipv4Repr.HeaderLength..], data);
        new Ipv4Repr(sourceIp, destinationIp, IpProtocol.Icmp, icmpLength) { Identification = sequence }.Emit(ip);
        return frame;
    }

    public static byte[] Udp(MacAddress source, MacAddress destination, Ipv4Address sourceIp, Ipv4Address destinationIp,
        ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[EthernetFrame.HeaderLength + Ipv4Repr.HeaderLength + UdpDatagram.HeaderLength + payload.Length];
        new EthernetRepr(destination, source, EtherType.Ipv4).Emit(frame);
        var ip = frame.AsSpan(EthernetFrame.HeaderLength);
        var udp = ip[Ipv4Repr.HeaderLength..];
        payload.CopyTo(udp[UdpDatagram.HeaderLength..]);
        int udpLength = new UdpRepr(sourcePort, destinationPort).Emit(udp, payload.Length, sourceIp, destinationIp);
        new Ipv4Repr(sourceIp, destinationIp, IpProtocol.Udp, udpLength).Emit(ip);
        return frame;
    }

    /// <summary>An IPv4 packet of any protocol with <paramref name="payload"/> as its body (no transport checksum filled).</summary>
    public static byte[] Ipv4(MacAddress source, MacAddress destination, Ipv4Address sourceIp, Ipv4Address destinationIp,
        IpProtocol protocol, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[EthernetFrame.HeaderLength + Ipv4Repr.HeaderLength + payload.Length];
        new EthernetRepr(destination, source, EtherType.Ipv4).Emit(frame);
        var ip = frame.AsSpan(EthernetFrame.HeaderLength);
        payload.CopyTo(ip[Ipv4Repr.HeaderLength..]);
        new Ipv4Repr(sourceIp, destinationIp, protocol, payload.Length).Emit(ip);
        return frame;
    }
}
