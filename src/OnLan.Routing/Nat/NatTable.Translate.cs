using System.Buffers.Binary;
using OnLan.Wire;

namespace OnLan.Routing.Nat;

// The packet path: parse just enough, find or open the flow, track it, rewrite in place.
public sealed partial class NatTable
{
    private const int Ipv4ChecksumOffset = 10;
    private const int Ipv4SourceOffset = 12;
    private const int Ipv4DestinationOffset = 16;

    private const int SourcePortOffset = 0;
    private const int DestinationPortOffset = 2;
    private const int TcpMinHeaderLength = 20;
    private const int TcpFlagsOffset = 13;
    private const int TcpChecksumOffset = 16;
    private const int UdpChecksumOffset = 6;

    private const int IcmpHeaderLength = 8;
    private const int IcmpChecksumOffset = 2;
    /// <summary>The echo identifier plays the port on both sides of an ICMP echo flow.</summary>
    private const int IcmpIdentifierOffset = 4;

    private NatResult TranslateOutbound(Span<byte> buffer, long now)
    {
        if (Ipv4Packet.TryParse(buffer, out var ip) != WireError.None) return Malformed();
        if (ip.FragmentOffset != 0) return Fragment();
        Span<byte> header = ip.Header, transport = ip.Payload;
        byte protocol = (byte)ip.Protocol;
        uint source = ip.Source.Value, destination = ip.Destination.Value;
        ushort sourcePort, destinationPort;
        switch (protocol)
        {
            case (byte)IpProtocol.Tcp or (byte)IpProtocol.Udp:
                if (transport.Length < (protocol == (byte)IpProtocol.Tcp ? TcpMinHeaderLength : UdpDatagram.HeaderLength))
                    return Malformed();
                sourcePort = BinaryPrimitives.ReadUInt16BigEndian(transport[SourcePortOffset..]);
                destinationPort = BinaryPrimitives.ReadUInt16BigEndian(transport[DestinationPortOffset..]);
                break;
            case (byte)IpProtocol.Icmp:
                if (transport.Length < IcmpHeaderLength) return Malformed();
                if (IsIcmpError(transport[0])) return TranslateIcmpError(ip, inbound: false, now);
                if (transport[0] != (byte)IcmpV4Type.EchoRequest) return Unsupported();
                sourcePort = BinaryPrimitives.ReadUInt16BigEndian(transport[IcmpIdentifierOffset..]);
                destinationPort = 0;
                break;
            default:
                return Unsupported();
        }

        int slot = LiveOrNil(FindOutbound(protocol, source, sourcePort, destination, destinationPort), now);
        bool hairpin = destination == WanAddress.Value;
        if (hairpin && !CanHairpin(protocol, destinationPort, slot, now)) return NatResult.ForGateway;
        if (slot == Nil)
        {
            if (protocol == (byte)IpProtocol.Tcp && (transport[TcpFlagsOffset] & TcpFlags.Rst) != 0)
            {
                Counters.NotTrackedOutbound++;
                return NatResult.NotTracked;
            }
            int externalPort = AllocatePort(protocol, sourcePort);
            if (externalPort < 0)
            {
                Counters.NoPortAvailable++;
                return NatResult.DroppedNoPort;
            }
            slot = Insert(protocol, source, sourcePort, destination, destinationPort, (ushort)externalPort, FlowFlags.None, now);
        }

        ref Flow flow = ref _flows[slot];
        Track(ref flow, transport, fromInside: true);
        Touch(slot, now);
        RewriteEndpoint(header, transport, protocol, Ipv4SourceOffset,
            protocol == (byte)IpProtocol.Icmp ? IcmpIdentifierOffset : SourcePortOffset, WanAddress.Value, flow.ExternalPort);
        Counters.TranslatedOutbound++;
        if (!hairpin) return NatResult.Translated;

        // The packet now reads WAN:external → WAN:port, exactly what the WAN port would have received from this host
        // had it been outside: the inbound half delivers it to the server and NATs its replies back the same way.
        if (TranslateInbound(buffer, now) != NatResult.Translated) return NatResult.NotTracked;
        Counters.Hairpinned++;
        return NatResult.Hairpin;
    }

    /// <summary>
    /// Whether a packet to the WAN address and <paramref name="port"/> belongs to a LAN server: a port forward, or a
    /// hairpinned flow whose reply this is. Anything else to the WAN address is for the gateway itself.
    /// </summary>
    private bool CanHairpin(byte protocol, ushort port, int outboundSlot, long now)
    {
        if (protocol == (byte)IpProtocol.Icmp) return false;
        if (TryFindForward((IpProtocol)protocol, port, out _)) return true;
        return outboundSlot != Nil
            && LiveOrNil(FindInbound(protocol, port, WanAddress.Value, _flows[outboundSlot].ExternalPort), now) != Nil;
    }

    private NatResult TranslateInbound(Span<byte> buffer, long now)
    {
        if (Ipv4Packet.TryParse(buffer, out var ip) != WireError.None) return Malformed();
        if (ip.FragmentOffset != 0) return Fragment();
        if (ip.Destination.Value != WanAddress.Value) return NotTrackedInbound();
        Span<byte> header = ip.Header, transport = ip.Payload;
        byte protocol = (byte)ip.Protocol;
        uint source = ip.Source.Value;
        ushort remotePort, externalPort;
        switch (protocol)
        {
            case (byte)IpProtocol.Tcp or (byte)IpProtocol.Udp:
                if (transport.Length < (protocol == (byte)IpProtocol.Tcp ? TcpMinHeaderLength : UdpDatagram.HeaderLength))
                    return Malformed();
                remotePort = BinaryPrimitives.ReadUInt16BigEndian(transport[SourcePortOffset..]);
                externalPort = BinaryPrimitives.ReadUInt16BigEndian(transport[DestinationPortOffset..]);
                break;
            case (byte)IpProtocol.Icmp:
                if (transport.Length < IcmpHeaderLength) return Malformed();
                if (IsIcmpError(transport[0])) return TranslateIcmpError(ip, inbound: true, now);
                // Echo requests are for the gateway (which answers them itself); only replies belong to flows.
                if (transport[0] != (byte)IcmpV4Type.EchoReply) return NotTrackedInbound();
                externalPort = BinaryPrimitives.ReadUInt16BigEndian(transport[IcmpIdentifierOffset..]);
                remotePort = 0;
                break;
            default:
                return NotTrackedInbound(); // ESP and everything else the gateway may want for itself
        }

        int slot = LiveOrNil(FindInbound(protocol, externalPort, source, remotePort), now);
        if (slot == Nil)
        {
            if (protocol == (byte)IpProtocol.Icmp || !TryFindForward((IpProtocol)protocol, externalPort, out var forward))
                return NotTrackedInbound();
            if (protocol == (byte)IpProtocol.Tcp && (transport[TcpFlagsOffset] & TcpFlags.Rst) != 0)
                return NotTrackedInbound();
            // The server already talks to this remote endpoint from the same port through a flow of its own: the two
            // would share an outbound key, so the newcomer is refused rather than one of them being misrouted.
            if (LiveOrNil(FindOutbound(protocol, forward.LanAddress.Value, forward.LanPort, source, remotePort), now) != Nil)
                return NotTrackedInbound();
            slot = Insert(protocol, forward.LanAddress.Value, forward.LanPort, source, remotePort, externalPort, FlowFlags.OpenedInbound, now);
        }

        ref Flow flow = ref _flows[slot];
        Track(ref flow, transport, fromInside: false);
        Touch(slot, now);
        RewriteEndpoint(header, transport, protocol, Ipv4DestinationOffset,
            protocol == (byte)IpProtocol.Icmp ? IcmpIdentifierOffset : DestinationPortOffset, flow.InternalAddress, flow.InternalPort);
        Counters.TranslatedInbound++;
        return NatResult.Translated;
    }

    /// <summary>
    /// Writes <paramref name="address"/> at <paramref name="addressOffset"/> of the IPv4 header and
    /// <paramref name="port"/> at <paramref name="portOffset"/> of the transport header, and moves the IPv4 checksum
    /// and the transport checksum (TCP and UDP: pseudo-header too; ICMP: identifier only) by the difference. Also used
    /// on the packet quoted inside an ICMP error, where the TCP checksum may have been cut off.
    /// </summary>
    private static void RewriteEndpoint(
        Span<byte> header, Span<byte> transport, byte protocol, int addressOffset, int portOffset, uint address, ushort port)
    {
        uint addressDifference = RewriteAddress(header, addressOffset, address);
        uint portDifference = IncrementalChecksum.Word(BinaryPrimitives.ReadUInt16BigEndian(transport[portOffset..]), port);
        BinaryPrimitives.WriteUInt16BigEndian(transport[portOffset..], port);
        switch (protocol)
        {
            case (byte)IpProtocol.Tcp:
                if (transport.Length >= TcpChecksumOffset + 2)
                    IncrementalChecksum.Apply(transport[TcpChecksumOffset..], addressDifference + portDifference);
                break;
            case (byte)IpProtocol.Udp:
                IncrementalChecksum.ApplyUdp(transport[UdpChecksumOffset..], addressDifference + portDifference);
                break;
            default:
                IncrementalChecksum.Apply(transport[IcmpChecksumOffset..], portDifference);
                break;
        }
    }

    /// <summary>Rewrites one IPv4 address and the header checksum; returns the difference for the pseudo-header.</summary>
    private static uint RewriteAddress(Span<byte> header, int addressOffset, uint address)
    {
        uint difference = IncrementalChecksum.Address(BinaryPrimitives.ReadUInt32BigEndian(header[addressOffset..]), address);
        BinaryPrimitives.WriteUInt32BigEndian(header[addressOffset..], address);
        IncrementalChecksum.Apply(header[Ipv4ChecksumOffset..], difference);
        return difference;
    }

    private void Track(ref Flow flow, ReadOnlySpan<byte> transport, bool fromInside)
    {
        bool fromInitiator = fromInside == ((flow.Flags & FlowFlags.OpenedInbound) == 0);
        if (!fromInitiator) flow.Flags |= FlowFlags.Replied;
        if (flow.Protocol == (byte)IpProtocol.Tcp) TrackTcp(ref flow, transport[TcpFlagsOffset], fromInitiator);
    }

    private NatResult Malformed()
    {
        Counters.Malformed++;
        return NatResult.DroppedMalformed;
    }

    private NatResult Fragment()
    {
        Counters.Fragments++;
        return NatResult.DroppedFragment;
    }

    private NatResult Unsupported()
    {
        Counters.Unsupported++;
        return NatResult.DroppedUnsupported;
    }

    private NatResult NotTrackedInbound()
    {
        Counters.NotTrackedInbound++;
        return NatResult.NotTracked;
    }
}
