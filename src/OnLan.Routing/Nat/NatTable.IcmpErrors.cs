using System.Buffers.Binary;
using OnLan.Wire;

namespace OnLan.Routing.Nat;

// ICMP errors (RFC 792, RFC 5508 §4) quote the header and first 8 bytes of the packet that caused them. That packet
// was translated on its way, so the error is "related" to its flow: the quote is translated back together with the
// outer header, or the host never learns its port is closed or its path MTU is smaller.
//
//   inbound  (from the internet): outer  R ─▶ WAN           quote  WAN:ext ─▶ R:rp
//                              becomes  R ─▶ host          quote  host:hp ─▶ R:rp
//   outbound (from a LAN server reached through a forward):
//                                       host ─▶ R           quote  R:rp ─▶ host:hp
//                              becomes  WAN ─▶ R           quote  R:rp ─▶ WAN:ext
public sealed partial class NatTable
{
    private static bool IsIcmpError(byte type) => type is 3 or 11 or 12; // unreachable, time exceeded, parameter problem

    private NatResult TranslateIcmpError(Ipv4Packet ip, bool inbound, long now)
    {
        Span<byte> message = ip.Payload;
        // A fragmented error cannot have its checksum checked or rewritten; errors are small and never need it.
        if (ip.IsFragment) return Fragment();
        if (message.Length < IcmpHeaderLength + Ipv4Packet.MinHeaderLength + 8) return Malformed();
        // The outer checksum is recomputed below, so check it first: a corrupt error must not come out repaired.
        if (InternetChecksum.Compute(message) != 0) return Malformed();
        Span<byte> quoted = message[IcmpHeaderLength..];
        int quotedHeaderLength = (quoted[0] & 0x0F) * 4;
        if (quoted[0] >> 4 != Ipv4Packet.Version || quotedHeaderLength < Ipv4Packet.MinHeaderLength || quoted.Length < quotedHeaderLength + 8)
            return Malformed();
        Span<byte> quotedHeader = quoted[..quotedHeaderLength], quotedTransport = quoted[quotedHeaderLength..];
        const int FlagsAndFragmentOffsetOffset = 6, ProtocolOffset = 9;
        if ((BinaryPrimitives.ReadUInt16BigEndian(quotedHeader[FlagsAndFragmentOffsetOffset..]) & 0x1FFF) != 0)
            return NotTrackedIcmpError(inbound); // the quote is a later fragment: no ports to find the flow by
        byte protocol = quotedHeader[ProtocolOffset];
        uint quotedSource = BinaryPrimitives.ReadUInt32BigEndian(quotedHeader[Ipv4SourceOffset..]);
        uint quotedDestination = BinaryPrimitives.ReadUInt32BigEndian(quotedHeader[Ipv4DestinationOffset..]);
        ushort quotedSourcePort, quotedDestinationPort;
        switch (protocol)
        {
            case (byte)IpProtocol.Tcp or (byte)IpProtocol.Udp:
                quotedSourcePort = BinaryPrimitives.ReadUInt16BigEndian(quotedTransport[SourcePortOffset..]);
                quotedDestinationPort = BinaryPrimitives.ReadUInt16BigEndian(quotedTransport[DestinationPortOffset..]);
                break;
            // Only our own outbound echo requests have flows (there are no inbound ICMP flows to quote).
            case (byte)IpProtocol.Icmp when inbound && quotedTransport[0] == (byte)IcmpV4Type.EchoRequest:
                quotedSourcePort = BinaryPrimitives.ReadUInt16BigEndian(quotedTransport[IcmpIdentifierOffset..]);
                quotedDestinationPort = 0;
                break;
            default:
                return NotTrackedIcmpError(inbound);
        }

        if (inbound)
        {
            if (quotedSource != WanAddress.Value) return NotTrackedIcmpError(inbound);
            int slot = LiveOrNil(FindInbound(protocol, quotedSourcePort, quotedDestination, quotedDestinationPort), now);
            if (slot == Nil) return NotTrackedIcmpError(inbound); // perhaps about the gateway's own traffic (ESP, IKE)
            ref Flow flow = ref _flows[slot];
            RewriteEndpoint(quotedHeader, quotedTransport, protocol, Ipv4SourceOffset,
                protocol == (byte)IpProtocol.Icmp ? IcmpIdentifierOffset : SourcePortOffset, flow.InternalAddress, flow.InternalPort);
            RewriteAddress(ip.Header, Ipv4DestinationOffset, flow.InternalAddress);
            Counters.TranslatedInbound++;
        }
        else
        {
            int slot = LiveOrNil(FindOutbound(protocol, quotedDestination, quotedDestinationPort, quotedSource, quotedSourcePort), now);
            if (slot == Nil) return NotTrackedIcmpError(inbound);
            ref Flow flow = ref _flows[slot];
            RewriteEndpoint(quotedHeader, quotedTransport, protocol, Ipv4DestinationOffset, DestinationPortOffset,
                WanAddress.Value, flow.ExternalPort);
            RewriteAddress(ip.Header, Ipv4SourceOffset, WanAddress.Value);
            Counters.TranslatedOutbound++;
        }

        // Errors are rare and short (at most 576 bytes by RFC 1812): one recomputation instead of tracking the
        // differences of four quoted words.
        BinaryPrimitives.WriteUInt16BigEndian(message[IcmpChecksumOffset..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(message[IcmpChecksumOffset..], InternetChecksum.Compute(message));
        Counters.IcmpErrorsTranslated++;
        return NatResult.Translated;
    }

    private NatResult NotTrackedIcmpError(bool inbound)
    {
        if (inbound) return NotTrackedInbound();
        Counters.NotTrackedOutbound++;
        return NatResult.NotTracked;
    }
}
