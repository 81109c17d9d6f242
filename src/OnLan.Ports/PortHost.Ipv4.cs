using OnLan.Wire;

namespace OnLan.Ports;

public sealed partial class PortHost
{
    // IPv4 reception for the gateway's own address. Forwarding is the routing section's job: here a packet for
    // another address is refused and counted.
    private void ReceiveIpv4(Span<byte> payload, bool linkBroadcast, TimeSpan now, FrameBatch output)
    {
        var error = Ipv4Packet.TryParse(payload, out var ip);
        if (error != WireError.None)
        {
            Counters.Drop(error switch
            {
                WireError.BadVersion => DropReason.Ipv4BadVersion,
                WireError.BadHeaderLength => DropReason.Ipv4BadHeaderLength,
                WireError.BadTotalLength => DropReason.Ipv4BadTotalLength,
                WireError.BadChecksum => DropReason.Ipv4BadChecksum,
                _ => DropReason.Ipv4Truncated,
            });
            return;
        }
        var source = ip.Source;
        // Martians (RFC 1812 §5.3.7): no host sends from these, and an answer to them would go nowhere or everywhere.
        // The one exception: a host without an address yet broadcasts UDP from 0.0.0.0 (DHCP, RFC 1122 §3.2.1.3);
        // its answer is broadcast too.
        bool bootstrapping = source.IsAny && ip.Protocol == IpProtocol.Udp &&
                             (ip.Destination.IsBroadcast || ip.Destination == Address.DirectedBroadcast);
        if ((source.IsAny && !bootstrapping) || source.IsBroadcast || source.IsMulticast || source.IsLoopback || source.IsReserved ||
            source == Address.Address || source == Address.DirectedBroadcast)
        {
            Counters.Drop(DropReason.Ipv4BadSource);
            return;
        }
        var destination = ip.Destination;
        bool broadcast = destination.IsBroadcast || destination == Address.DirectedBroadcast;
        if (destination != Address.Address && !broadcast)
        {
            if (!linkBroadcast && !destination.IsMulticast && Forwarder is { } forwarder) Forward(ip, forwarder, now, output);
            else Counters.Drop(DropReason.Ipv4NotForUs);
            return;
        }
        // A unicast IP packet in a link broadcast frame is a trick (RFC 1122 §3.3.6): refuse it.
        if (linkBroadcast && !broadcast)
        {
            Counters.Drop(DropReason.Ipv4NotForUs);
            return;
        }
        if (ip.IsFragment)
        {
            // The host stack does not reassemble: IKE fragments itself (RFC 7383), ESP never reaches here.
            Counters.Drop(DropReason.Ipv4Fragment);
            return;
        }
        if (!broadcast && Translator is { } translator && translator.TryTake(ip.Packet, now, output)) return;
        switch (ip.Protocol)
        {
            case IpProtocol.Icmp:
                ReceiveIcmp(ip, broadcast, now, output);
                break;
            case IpProtocol.Udp:
                ReceiveUdp(ip, broadcast, now, output);
                break;
            case IpProtocol.Esp when EspReceiver is { } esp && !broadcast:
                esp.ReceiveEsp(ip.Payload, ip.Source, now, output);
                break;
            default:
                Counters.Drop(DropReason.Ipv4UnsupportedProtocol);
                if (!broadcast) SendIcmpError(IcmpV4Repr.DestinationUnreachable(IcmpV4UnreachableCode.ProtocolUnreachable), ip, now, output);
                break;
        }
    }

    // A routed packet: TTL first (RFC 1812 §5.3.1), then the forwarder; what it does not serve is not for us.
    private void Forward(Ipv4Packet ip, IIpv4Forwarder forwarder, TimeSpan now, FrameBatch output)
    {
        if (ip.TimeToLive <= 1)
        {
            Counters.Drop(DropReason.Ipv4TtlExpired);
            SendIcmpError(new IcmpV4Repr(IcmpV4Type.TimeExceeded, 0, 0, 0), ip, now, output);
            return;
        }
        ip.TimeToLive--;
        ip.FillChecksum();
        switch (forwarder.TryForward(ip.Packet, ip.Destination, now, out int pathMtu))
        {
            case ForwardResult.Taken:
                Counters.Forwarded++;
                break;
            case ForwardResult.TooBig:
                Counters.Drop(DropReason.Ipv4TooBigForPath);
                // We do not fragment: a DF packet learns the path MTU, any other is lost like on a narrow link.
                if (ip.DontFragment)
                    SendIcmpError(IcmpV4Repr.DestinationUnreachable(IcmpV4UnreachableCode.FragmentationNeeded, (ushort)pathMtu), ip, now, output);
                break;
            default:
                Counters.Drop(DropReason.Ipv4NotForUs);
                break;
        }
    }

    /// <summary>
    /// A packet routed to this port by another (from the tunnel): for our own address it is received like one from
    /// the wire; otherwise it goes to its destination on the segment (TTL already decremented by the sender). A
    /// broadcast (a remote PC's DHCPINFORM) is received by the gateway's own services and not flooded onto the
    /// segment: a tunnel is no place for LAN broadcasts. UDP services see these with <see cref="UdpReceiveContext.Injected"/>.
    /// </summary>
    public void Inject(Span<byte> packet, TimeSpan now, FrameBatch output)
    {
        if (packet.Length >= Ipv4Repr.HeaderLength)
        {
            var destination = Ipv4Address.Read(packet[16..]);
            if (destination == Address.Address || destination.IsBroadcast || destination == Address.DirectedBroadcast)
            {
                _receivingInjected = true;
                ReceiveIpv4(packet, linkBroadcast: false, now, output);
                _receivingInjected = false;
                return;
            }
        }
        // Off the segment (a full-tunnel remote PC going to the internet): the port's router — NAT — takes it.
        if (packet.Length >= Ipv4Repr.HeaderLength && Forwarder is { } router)
        {
            var destination = Ipv4Address.Read(packet[16..]);
            if (!Address.Contains(destination) && router.TryForward(packet, destination, now, out _) == ForwardResult.Taken)
            {
                Counters.Forwarded++;
                return;
            }
        }
        SendIpv4(packet, now, output);
    }

    private bool _receivingInjected;

    /// <summary>Sends a complete IPv4 packet to its destination on this port (resolving the next hop); false when dropped (counted).</summary>
    public bool SendIpv4(ReadOnlySpan<byte> packet, TimeSpan now, FrameBatch output)
    {
        if (packet.Length < Ipv4Repr.HeaderLength || packet.Length > Mtu)
        {
            Counters.Drop(DropReason.Ipv4BadTotalLength);
            return false;
        }
        var slot = output.NextSlot();
        if (slot.IsEmpty)
        {
            Counters.Drop(DropReason.OutputFull);
            return false;
        }
        packet.CopyTo(slot[EthernetFrame.HeaderLength..]);
        return Transmit(output, Ipv4Address.Read(packet[16..]), packet.Length, now);
    }

    private void ReceiveIcmp(Ipv4Packet ip, bool broadcast, TimeSpan now, FrameBatch output)
    {
        var error = IcmpV4Packet.TryParse(ip.Payload, out var icmp);
        if (error != WireError.None)
        {
            Counters.Drop(error == WireError.BadChecksum ? DropReason.IcmpBadChecksum : DropReason.IcmpTruncated);
            return;
        }
        if (icmp.Type != IcmpV4Type.EchoRequest || icmp.Code != 0)
        {
            Counters.Drop(DropReason.IcmpIgnoredType);
            return;
        }
        if (broadcast)
        {
            // Smurf amplification (RFC 1122 §3.2.2.6 allows silence): a gateway does not answer broadcast pings.
            Counters.Drop(DropReason.IcmpEchoToBroadcast);
            return;
        }
        SendEchoReply(ip.Source, icmp, now, output);
    }

    private void SendEchoReply(Ipv4Address requester, IcmpV4Packet request, TimeSpan now, FrameBatch output)
    {
        var slot = output.NextSlot();
        if (slot.IsEmpty)
        {
            Counters.Drop(DropReason.OutputFull);
            return;
        }
        var data = request.Data;
        var packet = slot[EthernetFrame.HeaderLength..];
        var icmpArea = packet[Ipv4Repr.HeaderLength..];
        var replyData = icmpArea.Slice(IcmpV4Packet.HeaderLength, data.Length);
        data.CopyTo(replyData);
        int icmpLength = IcmpV4Repr.EchoReply(request.EchoIdentifier, request.EchoSequenceNumber).Emit(icmpArea, replyData);
        NextIpv4Header(requester, IpProtocol.Icmp, icmpLength).Emit(packet);
        if (Transmit(output, requester, Ipv4Repr.HeaderLength + icmpLength, now))
            Counters.EchoRepliesSent++;
    }

    private void ReceiveUdp(Ipv4Packet ip, bool broadcast, TimeSpan now, FrameBatch output)
    {
        var error = UdpDatagram.TryParse(ip.Payload, ip.Source, ip.Destination, out var udp);
        if (error != WireError.None)
        {
            Counters.Drop(error switch
            {
                WireError.BadChecksum => DropReason.UdpBadChecksum,
                WireError.BadLength => DropReason.UdpBadLength,
                _ => DropReason.UdpTruncated,
            });
            return;
        }
        ushort port = udp.DestinationPort;
        for (int i = 0; i < _udpCount; i++)
        {
            if (_udpPorts[i] != port) continue;
            Counters.UdpDelivered++;
            var context = new UdpReceiveContext(ip.Source, udp.SourcePort, ip.Destination, port, now) { Injected = _receivingInjected };
            _udpReceivers[i]!.Receive(context, udp.Payload, output);
            return;
        }
        Counters.Drop(DropReason.UdpNoListener);
        if (!broadcast) SendIcmpError(IcmpV4Repr.DestinationUnreachable(IcmpV4UnreachableCode.PortUnreachable), ip, now, output);
    }
}
