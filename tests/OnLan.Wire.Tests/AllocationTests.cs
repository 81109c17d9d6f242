namespace OnLan.Wire.Tests;

public class AllocationTests
{
    private const int Iterations = 1000;

    [Fact]
    public void Parse_accessors_and_emit_allocate_nothing()
    {
        var arp = CapturedFrames.ArpRequest;
        var echo = CapturedFrames.EchoRequest;
        var udp = CapturedFrames.UdpDatagram;
        var unreachable = CapturedFrames.PortUnreachable;
        var output = new byte[1600];

        long sink = RoundTrip(arp, echo, udp, unreachable, output); // warm up: JIT, tiering, static initialisers
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++)
            sink += RoundTrip(arp, echo, udp, unreachable, output);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sink);
    }

    /// <summary>Every parser, every accessor and every emitter once; returns a value so nothing is optimised away.</summary>
    private static long RoundTrip(byte[] arp, byte[] echo, byte[] udp, byte[] unreachable, byte[] output)
    {
        long sink = 0;

        EthernetFrame.TryParse(arp, out var arpFrame);
        var ethernet = EthernetRepr.Parse(arpFrame);
        ethernet.Emit(output);
        sink += (long)arpFrame.Destination.ToUInt64() + arpFrame.Payload.Length;

        ArpPacket.TryParse(arpFrame.Payload, out var arpPacket);
        var arpRepr = ArpRepr.Parse(arpPacket);
        arpRepr.Emit(output.AsSpan(EthernetFrame.HeaderLength));
        sink += (int)arpPacket.Operation + arpPacket.TargetProtocolAddress.Value;

        EthernetFrame.TryParse(echo, out var echoFrame);
        Ipv4Packet.TryParse(echoFrame.Payload, out var ipv4);
        var ipv4Repr = Ipv4Repr.Parse(ipv4);
        ipv4Repr.Emit(output);
        ipv4.TimeToLive = ipv4.TimeToLive;
        ipv4.FillChecksum();
        sink += ipv4.TotalLength + ipv4.HeaderChecksum + ipv4.FragmentOffset + (ipv4.IsFragment ? 1 : 0)
            + ipv4.Source.Value + ipv4.Options.Length + ipv4.Identification + ipv4.TypeOfService;

        IcmpV4Packet.TryParse(ipv4.Payload, out var icmp);
        var icmpRepr = IcmpV4Repr.Parse(icmp);
        sink += icmpRepr.Emit(output, icmp.Data) + icmp.EchoIdentifier + icmp.EchoSequenceNumber + icmp.Checksum;
        sink += IcmpV4Repr.EchoReply(icmp.EchoIdentifier, icmp.EchoSequenceNumber).Emit(output, output.AsSpan(IcmpV4Packet.HeaderLength, icmp.Data.Length));
        sink += IcmpV4Repr.DestinationUnreachable(IcmpV4UnreachableCode.FragmentationNeeded, 1400).Emit(output, ipv4.Packet[..28]);

        EthernetFrame.TryParse(unreachable, out var unreachableFrame);
        Ipv4Packet.TryParse(unreachableFrame.Payload, out var unreachableIpv4);
        IcmpV4Packet.TryParse(unreachableIpv4.Payload, out var unreachableIcmp);
        sink += unreachableIcmp.NextHopMtu + unreachableIcmp.Code;

        EthernetFrame.TryParse(udp, out var udpFrame);
        Ipv4Packet.TryParse(udpFrame.Payload, out var udpIpv4);
        UdpDatagram.TryParse(udpIpv4.Payload, udpIpv4.Source, udpIpv4.Destination, out var datagram);
        var udpRepr = UdpRepr.Parse(datagram);
        datagram.Payload.CopyTo(output.AsSpan(UdpDatagram.HeaderLength));
        sink += udpRepr.Emit(output, datagram.Payload.Length, udpIpv4.Source, udpIpv4.Destination);
        datagram.FillChecksum(udpIpv4.Source, udpIpv4.Destination);
        sink += datagram.SourcePort + datagram.Length + datagram.Checksum;

        return sink;
    }
}
