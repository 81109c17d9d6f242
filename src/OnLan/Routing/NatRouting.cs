using OnLan.Ports;
using OnLan.Routing.Nat;
using OnLan.Wire;

namespace OnLan.Routing;

/* The gateway as the LAN's router to the internet (`set nat lan enable`). NAT runs on the WAN port's thread only
   (NatTable is single-threaded); the LAN thread hands it packets through a ring, and it hands translated replies back
   through another — the tunnel's pattern, without a lock or an allocation per packet.

   Outbound (LAN host -> internet):
     LAN frame to the gateway's MAC for an off-segment destination -> PortHost: TTL-1 -> LanUplink (after the tunnel,
     which takes the leased addresses) -> copied into the LAN->WAN NAT ring -> WAN thread: NatTable.Outbound (source
     becomes the WAN address) -> ARP the next hop, send.
   Inbound (internet -> LAN host):
     WAN frame to the WAN address -> PortHost asks WanNat first (IInboundTranslator): IKE (UDP 500/4500), ESP and the
     DHCP client's port belong to the gateway; NatTable.Inbound translates the replies of tracked flows (and port
     forwards) -> WAN->LAN NAT ring -> LAN thread: ARP the LAN host, send. Untracked TCP/UDP is dropped silently
     (counted); an untracked ICMP echo request is the gateway's own to answer. */
public sealed class WanNat : IPortService, IInboundTranslator
{
    private const int DrainBudget = 64;
    private const int SweepBudget = 64;

    private readonly PortHost _wan;
    private readonly NatTable _table;
    private readonly PacketHandoff _toLan;

    public WanNat(PortHost wan, NatTable table, PacketHandoff fromLan, PacketHandoff toLan)
    {
        _wan = wan;
        _table = table;
        _toLan = toLan;
        Inbox = fromLan;
        wan.Translator = this;
    }

    public NatTable Table => _table;
    public PacketHandoff? Inbox { get; }
    public long DroppedUntracked;
    public long RingFull;
    /// <summary>LAN hosts' pings to the WAN address, answered (see <see cref="TryTurnIntoEchoReply"/>).</summary>
    public long LanPingsAnswered;
    /// <summary>Other LAN packets to the WAN address that no port forward owns: dropped.</summary>
    public long DroppedForGateway;

    public bool TryTake(Span<byte> packet, TimeSpan now, FrameBatch output)
    {
        if (Ipv4Packet.TryParse(packet, out var ip) != WireError.None) return false;
        switch (ip.Protocol)
        {
            case IpProtocol.Udp when ip.Payload.Length >= 4 && IsGatewayUdpPort(ip.Payload):
            case IpProtocol.Esp:
                return false; // IKE, ESP, our DHCP client: the gateway's own
        }
        var result = _table.Inbound(packet, now);
        switch (result)
        {
            case NatResult.Translated:
                Hand(packet, _toLan);
                return true;
            case NatResult.NotTracked when ip.Protocol == IpProtocol.Icmp:
                return false; // echo requests to the gateway, errors about its own traffic
            case NatResult.NotTracked:
                DroppedUntracked++;
                return true; // an unsolicited connection: no answer at all
            default:
                return true; // dropped and counted by the table
        }
    }

    private static bool IsGatewayUdpPort(ReadOnlySpan<byte> udp)
    {
        int port = (udp[2] << 8) | udp[3];
        return port is 500 or 4500 or 68;
    }

    public bool DrainInbox(TimeSpan now, FrameBatch output)
    {
        var ring = Inbox!.Ring;
        for (int i = 0; i < DrainBudget; i++)
        {
            if (output.IsFull || !ring.TryPeek(out var packet)) return !ring.IsEmpty;
            switch (_table.Outbound(packet, now))
            {
                case NatResult.Translated:
                    _wan.SendIpv4(packet, now, output);
                    break;
                case NatResult.Hairpin:
                    Hand(packet, _toLan); // a LAN host using the WAN address of a forwarded port
                    break;
                case NatResult.ForGateway when TryTurnIntoEchoReply(packet):
                    LanPingsAnswered++;
                    Hand(packet, _toLan);
                    break;
                case NatResult.ForGateway:
                    DroppedForGateway++;
                    break;
            }
            ring.Release();
        }
        return !ring.IsEmpty;
    }

    /// <summary>
    /// A LAN host pinging the gateway's WAN address, as one does to see the router is up: the request becomes its own
    /// reply in place (type 0, addresses swapped, a fresh TTL) and goes back to the LAN host like a hairpinned packet.
    /// False, untouched, for anything that is not a well-formed echo request.
    /// </summary>
    private static bool TryTurnIntoEchoReply(Span<byte> packet)
    {
        if (Ipv4Packet.TryParse(packet, out var ip) != WireError.None || ip.Protocol != IpProtocol.Icmp || ip.IsFragment) return false;
        if (IcmpV4Packet.TryParse(ip.Payload, out var icmp) != WireError.None || icmp.Type != IcmpV4Type.EchoRequest || icmp.Code != 0) return false;
        icmp.Type = IcmpV4Type.EchoReply;
        icmp.FillChecksum();
        var requester = ip.Source;
        ip.Source = ip.Destination;
        ip.Destination = requester;
        ip.TimeToLive = 64;
        ip.FillChecksum();
        return true;
    }

    private void Hand(ReadOnlySpan<byte> packet, PacketHandoff to)
    {
        if (!to.TryBeginWrite(out var slot))
        {
            RingFull++;
            return;
        }
        packet.CopyTo(slot);
        to.CommitWrite(0, packet.Length);
    }

    public void Poll(TimeSpan now, FrameBatch output) => _table.Sweep(now, SweepBudget);

    public void Stop(TimeSpan now, FrameBatch output) { }
}

/// <summary>
/// The LAN port's route to the internet: what the tunnel does not take, from a LAN host to an address off the segment,
/// goes to the WAN thread's NAT (see <see cref="WanNat"/>).
/// </summary>
public sealed class LanUplink(IIpv4Forwarder? tunnel, Ipv4Prefix lanSegment, PacketHandoff toWan, int wanMtu) : IIpv4Forwarder
{
    public long RingFull;

    public ForwardResult TryForward(Span<byte> packet, Ipv4Address destination, TimeSpan now, out int pathMtu)
    {
        pathMtu = 0;
        if (tunnel is not null)
        {
            var result = tunnel.TryForward(packet, destination, now, out pathMtu);
            if (result != ForwardResult.NotMine) return result;
        }
        if (lanSegment.Contains(destination) || !lanSegment.Contains(Ipv4Address.Read(packet[12..]))) return ForwardResult.NotMine;
        if (packet.Length > wanMtu)
        {
            pathMtu = wanMtu;
            return ForwardResult.TooBig;
        }
        if (!toWan.TryBeginWrite(out var slot))
        {
            RingFull++;
            return ForwardResult.Taken;
        }
        packet.CopyTo(slot);
        toWan.CommitWrite(0, packet.Length);
        return ForwardResult.Taken;
    }
}

/// <summary>The LAN port's end of NAT: translated packets from the WAN thread go to their LAN host.</summary>
public sealed class LanNatDelivery(PortHost lan, PacketHandoff fromWan) : IPortService
{
    private const int DrainBudget = 64;

    public PacketHandoff? Inbox { get; } = fromWan;

    public bool DrainInbox(TimeSpan now, FrameBatch output)
    {
        var ring = Inbox!.Ring;
        for (int i = 0; i < DrainBudget; i++)
        {
            if (output.IsFull || !ring.TryPeek(out var packet)) return !ring.IsEmpty;
            lan.SendIpv4(packet, now, output);
            ring.Release();
        }
        return !ring.IsEmpty;
    }

    public void Poll(TimeSpan now, FrameBatch output) { }

    public void Stop(TimeSpan now, FrameBatch output) { }
}
