using System.Buffers.Binary;
using OnLan.Esp;
using OnLan.Ports;
using OnLan.Routing;
using OnLan.Wire;

namespace OnLan.Vpn;

/* WAN side of the tunnel, on the WAN port's thread.

   Inbound (remote PC -> LAN): ESP in UDP/4500 (from the IKE service, after the non-ESP-marker test) or IP protocol
     50 -> SA by SPI -> length, replay pre-check, ICV, decrypt, window, inner source = the leased address and
     destination inside TSr (EspSa.Decapsulate) -> inner TTL decremented -> copied into the WAN->LAN ring.
   Outbound: encapsulated packets from the LAN thread's ring -> sent as IPv4 on the WAN port (next hop by ARP). */
public sealed class WanTunnelEndpoint : IPortService, IEspReceiver
{
    private const int DrainBudget = 64;

    private readonly PortHost _wan;
    private readonly EspDataPlane _plane;
    private readonly PacketHandoff _toLan;

    public WanTunnelEndpoint(PortHost wan, EspDataPlane plane, PacketHandoff toLan, PacketHandoff fromLan, TunnelCounters counters)
    {
        _wan = wan;
        _plane = plane;
        _toLan = toLan;
        Inbox = fromLan;
        Counters = counters;
        wan.EspReceiver = this;
    }

    public TunnelCounters Counters { get; }
    public PacketHandoff? Inbox { get; }

    public void ReceiveEsp(Span<byte> esp, Ipv4Address source, TimeSpan now, FrameBatch output)
    {
        if (esp.Length < EspPacket.HeaderLength)
        {
            Counters.Drop(EspDropReason.Truncated);
            return;
        }
        uint spi = BinaryPrimitives.ReadUInt32BigEndian(esp);
        if (!_plane.TryGetInbound(spi, out var pair))
        {
            Counters.UnknownSpi++;
            return;
        }
        var reason = pair.Decapsulate(esp, out int innerOffset, out int innerLength);
        if (reason != EspDropReason.None)
        {
            Counters.Drop(reason);
            return;
        }
        var inner = esp.Slice(innerOffset, innerLength);
        // Routed through the gateway: TTL down by one (RFC 1812 §5.3.1); the header was checked by Decapsulate.
        if (inner[8] <= 1)
        {
            Counters.InnerTtlExpired++;
            return;
        }
        inner[8]--;
        inner[10] = inner[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(inner[10..], InternetChecksum.Compute(inner[..((inner[0] & 0x0F) * 4)]));
        // The remote PC's SYNs learn the tunnel's MSS too, so the LAN host never sends it a segment that cannot fit.
        MssClamp.Apply(inner, (ushort)(LanTunnelEndpoint.TunnelMtu(pair.Outbound, _wan.Mtu) - LanTunnelEndpoint.TcpIpHeaders));
        if (!_toLan.TryBeginWrite(out var slot))
        {
            Counters.RingFull++;
            return;
        }
        inner.CopyTo(slot);
        _toLan.CommitWrite(0, inner.Length);
        Counters.Decapsulated++;
    }

    public bool DrainInbox(TimeSpan now, FrameBatch output)
    {
        var ring = Inbox!.Ring;
        for (int i = 0; i < DrainBudget; i++)
        {
            if (output.IsFull || !ring.TryPeek(out var packet)) return !ring.IsEmpty;
            _wan.SendIpv4(packet, now, output);
            ring.Release();
        }
        return !ring.IsEmpty;
    }

    public void Poll(TimeSpan now, FrameBatch output) { }

    public void Stop(TimeSpan now, FrameBatch output) { }
}
