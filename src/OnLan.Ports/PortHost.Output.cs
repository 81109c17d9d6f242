using OnLan.Wire;

namespace OnLan.Ports;

public sealed partial class PortHost
{
    /// <summary>RFC 1812 §4.3.2.3: an ICMP error carries as much of the offending packet as fits in 576 bytes.</summary>
    private const int IcmpErrorMaxLength = 576;

    /// <summary>Ethernet's minimum frame without the FCS; shorter frames are padded with zeros.</summary>
    private const int MinimumFrameLength = 60;

    /// <summary>
    /// Sends a UDP datagram from this port's address. Returns false when it was dropped (no route, queue full);
    /// the reason is counted.
    /// </summary>
    public bool SendUdp(ushort sourcePort, Ipv4Address destination, ushort destinationPort, ReadOnlySpan<byte> payload, TimeSpan now, FrameBatch output)
    {
        int udpLength = UdpDatagram.HeaderLength + payload.Length;
        if (Ipv4Repr.HeaderLength + udpLength > Mtu) throw new ArgumentException("datagram larger than the port's MTU", nameof(payload));
        var slot = output.NextSlot();
        if (slot.IsEmpty)
        {
            Counters.Drop(DropReason.OutputFull);
            return false;
        }
        var packet = slot[EthernetFrame.HeaderLength..];
        var udpArea = packet[Ipv4Repr.HeaderLength..];
        payload.CopyTo(udpArea[UdpDatagram.HeaderLength..]);
        new UdpRepr(sourcePort, destinationPort).Emit(udpArea, payload.Length, Address.Address, destination);
        NextIpv4Header(destination, IpProtocol.Udp, udpLength).Emit(packet);
        return Transmit(output, destination, Ipv4Repr.HeaderLength + udpLength, now);
    }

    /// <summary>
    /// Sends an ICMP error about <paramref name="offending"/> back to its source, rate-limited, and never about
    /// an ICMP error, a non-initial fragment or a packet whose source could not be a host (RFC 1122 §3.2.2).
    /// </summary>
    public void SendIcmpError(IcmpV4Repr error, Ipv4Packet offending, TimeSpan now, FrameBatch output)
    {
        if (offending.FragmentOffset != 0) return;
        if (offending.Protocol == IpProtocol.Icmp && IsIcmpError(offending.Payload)) return;
        if (!_icmpErrors.TryTake(now))
        {
            Counters.Drop(DropReason.IcmpErrorRateLimited);
            return;
        }
        var slot = output.NextSlot();
        if (slot.IsEmpty)
        {
            Counters.Drop(DropReason.OutputFull);
            return;
        }
        var quoted = offending.Packet;
        int quotedLength = Math.Min(quoted.Length, IcmpErrorMaxLength - Ipv4Repr.HeaderLength - IcmpV4Packet.HeaderLength);
        var packet = slot[EthernetFrame.HeaderLength..];
        var icmpArea = packet[Ipv4Repr.HeaderLength..];
        var data = icmpArea.Slice(IcmpV4Packet.HeaderLength, quotedLength);
        quoted[..quotedLength].CopyTo(data);
        int icmpLength = error.Emit(icmpArea, data);
        var destination = offending.Source;
        NextIpv4Header(destination, IpProtocol.Icmp, icmpLength).Emit(packet);
        if (Transmit(output, destination, Ipv4Repr.HeaderLength + icmpLength, now))
            Counters.IcmpErrorsSent++;
    }

    private static bool IsIcmpError(ReadOnlySpan<byte> icmp) =>
        icmp.Length == 0 || icmp[0] is not ((byte)IcmpV4Type.EchoRequest or (byte)IcmpV4Type.EchoReply);

    private Ipv4Repr NextIpv4Header(Ipv4Address destination, IpProtocol protocol, int payloadLength) =>
        new(Address.Address, destination, protocol, payloadLength) { Identification = _nextIdentification++ };

    /// <summary>
    /// Finishes the IPv4 packet of <paramref name="length"/> bytes built at offset 14 of the next slot of
    /// <paramref name="output"/>: with the next hop's MAC known the frame is committed; otherwise the packet waits
    /// in the pending queue while ARP resolves. False when it was dropped.
    /// </summary>
    private bool Transmit(FrameBatch output, Ipv4Address destination, int length, TimeSpan now)
    {
        // Our own answers to a remote PC (ping of the gateway through the tunnel) go back into the tunnel.
        if (Forwarder is { } forwarder && IsProxied(destination))
        {
            var packet = output.NextSlot().Slice(EthernetFrame.HeaderLength, length);
            if (forwarder.TryForward(packet, destination, now, out _) == ForwardResult.Taken) return true;
            Counters.Drop(DropReason.NoRoute);
            return false;
        }
        if (destination.IsBroadcast || destination == Address.DirectedBroadcast)
        {
            // A DHCP server's answer to a client that has no address yet: to everybody on the segment, no ARP.
            new EthernetRepr(MacAddress.Broadcast, Mac, EtherType.Ipv4).Emit(output.NextSlot());
            Commit(output, EthernetFrame.HeaderLength + length);
            return true;
        }
        Ipv4Address nextHop;
        if (Address.Contains(destination)) nextHop = destination;
        else if (Gateway is { } gateway) nextHop = gateway;
        else
        {
            Counters.Drop(DropReason.NoRoute);
            return false;
        }

        var slot = output.NextSlot();
        if (Arp.TryGetMac(nextHop, now, out var mac))
        {
            new EthernetRepr(mac, Mac, EtherType.Ipv4).Emit(slot);
            Commit(output, EthernetFrame.HeaderLength + length);
            return true;
        }
        if (!_pending.TryEnqueue(nextHop, slot.Slice(EthernetFrame.HeaderLength, length)))
        {
            Counters.Drop(DropReason.ArpQueueFull);
            return false;
        }
        if (Arp.BeginResolve(nextHop, now)) Poll(now, output);
        return true;
    }

    /// <summary>Claims the next slot of <paramref name="output"/>, padding a short frame to Ethernet's minimum.</summary>
    private void Commit(FrameBatch output, int length)
    {
        if (length < MinimumFrameLength)
        {
            output.NextSlot()[length..MinimumFrameLength].Clear();
            length = MinimumFrameLength;
        }
        output.Commit(length);
        Counters.SentFrames++;
        Counters.SentBytes += length;
    }
}
