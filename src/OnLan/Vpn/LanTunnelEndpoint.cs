using OnLan.Esp;
using OnLan.Ports;
using OnLan.Routing;
using OnLan.Wire;

namespace OnLan.Vpn;

/* LAN side of the tunnel, on the LAN port's thread.

   Outbound (LAN host -> remote PC):
     LAN frame to the gateway's MAC (proxy ARP) for a leased address -> PortHost routes it here (TTL decremented)
     -> the remote PC's outbound SA -> the packet is copied once into a slot of the LAN->WAN ring at EspSa.Headroom
     -> encapsulated in place -> published to the WAN thread, which sends it.
   Inbound (remote PC -> LAN): decrypted packets come from the WAN thread through the WAN->LAN ring and are
     injected into the LAN port (ARP-resolved to the LAN host, or received by the gateway itself). */
public sealed class LanTunnelEndpoint : IPortService, IIpv4Forwarder
{
    private const int DrainBudget = 64;

    private readonly PortHost _lan;
    private readonly EspDataPlane _plane;
    private readonly PacketHandoff _toWan;
    private readonly int _wanMtu;

    public LanTunnelEndpoint(PortHost lan, EspDataPlane plane, PacketHandoff toWan, PacketHandoff fromWan, int wanMtu, TunnelCounters counters)
    {
        _lan = lan;
        _plane = plane;
        _toWan = toWan;
        _wanMtu = wanMtu;
        Inbox = fromWan;
        Counters = counters;
        lan.Forwarder = this;
    }

    public TunnelCounters Counters { get; }
    public PacketHandoff? Inbox { get; }

    public ForwardResult TryForward(Span<byte> packet, Ipv4Address destination, TimeSpan now, out int pathMtu)
    {
        pathMtu = 0;
        if (!_plane.TryGetOutbound(destination, out var pair)) return ForwardResult.NotMine;
        var outbound = pair.Outbound;
        if (packet.Length + outbound.BytesBeforeInner + outbound.TailroomFor(packet.Length) > _wanMtu)
        {
            Counters.TooBigForTunnel++;
            pathMtu = TunnelMtu(outbound, _wanMtu);
            return ForwardResult.TooBig;
        }
        MssClamp.Apply(packet, (ushort)(TunnelMtu(outbound, _wanMtu) - TcpIpHeaders));
        if (!_toWan.TryBeginWrite(out var slot))
        {
            Counters.RingFull++;
            return ForwardResult.Taken;
        }
        packet.CopyTo(slot[EspSa.Headroom..]);
        var result = pair.Encapsulate(slot, EspSa.Headroom, packet.Length, out int outerOffset, out int outerLength);
        if (result != EspSendResult.Ok)
        {
            Counters.EncapsulationRefused++;
            return ForwardResult.Taken;
        }
        Counters.Encapsulated++;
        _toWan.CommitWrite(outerOffset, outerLength);
        return ForwardResult.Taken;
    }

    /// <summary>IPv4 + TCP headers without options: MSS = MTU - 40.</summary>
    public const int TcpIpHeaders = 40;

    /// <summary>The largest inner packet the SA carries within the WAN MTU (padding makes it depend on the suite).</summary>
    public static int TunnelMtu(EspSa outbound, int wanMtu)
    {
        int inner = wanMtu - outbound.BytesBeforeInner;
        while (inner > 0 && inner + outbound.BytesBeforeInner + outbound.TailroomFor(inner) > wanMtu) inner--;
        return inner;
    }

    public bool DrainInbox(TimeSpan now, FrameBatch output)
    {
        var ring = Inbox!.Ring;
        for (int i = 0; i < DrainBudget; i++)
        {
            if (output.IsFull || !ring.TryPeek(out var packet)) return !ring.IsEmpty;
            _lan.Inject(packet, now, output);
            ring.Release();
        }
        return !ring.IsEmpty;
    }

    public void Poll(TimeSpan now, FrameBatch output) { }

    public void Stop(TimeSpan now, FrameBatch output) { }
}
