using System.Security.Cryptography;
using OnLan.Addressing;
using OnLan.Esp;
using OnLan.Ike;
using OnLan.Ike.Messages;
using OnLan.Ike.Responder;
using OnLan.Ports;
using OnLan.Testing;
using OnLan.Vpn;
using OnLan.Wire;

namespace OnLan.Tests.Vpn;

/// <summary>
/// The gateway's real data plane, composed as Gateway.StartVpn composes it, over two in-memory cables, with the
/// remote PC played by a mirrored <see cref="EspSaPair"/> (known keys) instead of an IKE exchange:
/// <code>
///   remote PC (test)                    gateway (one thread: the test's)                         LAN host (test)
///   203.0.113.50:40123 ── WanCable ── [Wan 203.0.113.1] IkeService → WanTunnelEndpoint ──ring──┐
///   inner 198.18.0.201                                  WanTunnelEndpoint.DrainInbox ←─ring─┐  │
///                                     [Lan 198.18.0.1]  LanTunnelEndpoint.TryForward ───────┘  └→ LanTunnelEndpoint.DrainInbox ── LanCable ── 198.18.0.10
/// </code>
/// Each helper runs one direction to completion by calling the port and endpoint methods the port threads call
/// (Receive, TryForward via the port, ReceiveEsp via IkeService, DrainInbox), so nothing here needs a thread.
/// Cable end A is the gateway's port, end B the neighbour. Nothing on the per-packet helpers allocates.
/// </summary>
public sealed class TunnelRig : IDisposable
{
    public static readonly Ipv4Address GatewayWan = new(203, 0, 113, 1);
    public static readonly Ipv4Address WanRouter = new(203, 0, 113, 254);
    public static readonly Ipv4Address RemoteOuter = new(203, 0, 113, 50);
    public const ushort RemotePort = 40123;
    public static readonly Ipv4Address GatewayLan = new(198, 18, 0, 1);
    public static readonly Ipv4Address RemoteInner = new(198, 18, 0, 201);
    public static readonly Ipv4Address LanHost = new(198, 18, 0, 10);
    public static readonly MacAddress WanMac = MacAddress.Parse("02:00:00:00:01:01");
    public static readonly MacAddress LanMac = MacAddress.Parse("02:00:00:00:02:01");
    public static readonly MacAddress RemoteMac = MacAddress.Parse("02:00:00:00:01:32");
    public static readonly MacAddress LanHostMac = MacAddress.Parse("02:00:00:00:02:0a");
    public const uint GatewayInboundSpi = 0xC0DE0001;
    public const uint RemoteInboundSpi = 0xBEEF0002;
    public const int Mtu = 1500;

    /// <summary>The one time every call sees: the data path reads no clock, and ARP entries stay fresh.</summary>
    public static readonly TimeSpan Now = TimeSpan.FromSeconds(10);

    private readonly FrameBatch _wanOut = new();
    private readonly FrameBatch _lanOut = new();
    private readonly byte[] _sealBuffer = new byte[FrameBatch.DefaultSlotSize];

    public TunnelRig(EncryptionAlgorithm encryption = EncryptionAlgorithm.AesGcm16, int keyBits = 256,
        IntegrityAlgorithm integrity = IntegrityAlgorithm.None, bool udpEncapsulated = true)
    {
        WanCable = LinkPair.Create(WanMac, RemoteMac, Mtu);
        LanCable = LinkPair.Create(LanMac, LanHostMac, Mtu);
        Wan = new PortHost("wan", WanMac, new Ipv4Prefix(GatewayWan, 24), WanRouter, Mtu);
        Lan = new PortHost("lan", LanMac, new Ipv4Prefix(GatewayLan, 24), null, Mtu);
        Plane = new EspDataPlane(Lan);
        var lanToWan = new PacketHandoff(WanCable.A);
        var wanToLan = new PacketHandoff(LanCable.A);
        WanEnd = new WanTunnelEndpoint(Wan, Plane, wanToLan, lanToWan, Counters);
        LanEnd = new LanTunnelEndpoint(Lan, Plane, lanToWan, wanToLan, Wan.Mtu, Counters);
        var responder = new IkeResponder(new IkeResponderOptions
        {
            LocalId = "gw.onlan.test",
            PreSharedKeys = new Dictionary<string, string> { ["client@onlan.test"] = "unused: SAs are installed by the test" },
            LanSegment = Lan.Address,
        }, Plane, new PoolAllocator(new AddressPool([(new Ipv4Address(198, 18, 0, 200), new Ipv4Address(198, 18, 0, 220))])));
        Ike = new IkeService(Wan, responder, WanEnd);

        // The neighbours are known, as after the first ARP exchange.
        Wan.Arp.Update(RemoteOuter, RemoteMac, Now, create: true);
        Lan.Arp.Update(LanHost, LanHostMac, Now, create: true);

        int keyLength = keyBits / 8 + (integrity == IntegrityAlgorithm.None ? 4 : 0);
        int integrityKeyLength = integrity switch
        {
            IntegrityAlgorithm.HmacSha2_256_128 => 32,
            IntegrityAlgorithm.HmacSha1_96 => 20,
            _ => 0,
        };
        byte[] up = RandomNumberGenerator.GetBytes(keyLength), down = RandomNumberGenerator.GetBytes(keyLength);
        byte[] upAuth = RandomNumberGenerator.GetBytes(integrityKeyLength), downAuth = RandomNumberGenerator.GetBytes(integrityKeyLength);
        Installation = new ChildSaInstallation
        {
            InboundSpi = GatewayInboundSpi,
            OutboundSpi = RemoteInboundSpi,
            Encryption = encryption,
            EncryptionKeyBits = keyBits,
            Integrity = integrity,
            InboundEncryptionKey = up,
            InboundIntegrityKey = upAuth,
            OutboundEncryptionKey = down,
            OutboundIntegrityKey = downAuth,
            Local = new IkeEndpoint(GatewayWan, IkeEndpoint.NatTraversalPort),
            Remote = new IkeEndpoint(RemoteOuter, RemotePort),
            UdpEncapsulated = udpEncapsulated,
            RemoteInnerAddress = RemoteInner,
            // TSr as the responder narrows it: the LAN segment and the limited broadcast.
            LocalSelectors = [TrafficSelector.Ipv4(new Ipv4Address(198, 18, 0, 0), new Ipv4Address(198, 18, 0, 255)),
                              TrafficSelector.Ipv4(Ipv4Address.Broadcast, Ipv4Address.Broadcast)],
            IkeSaSpi = 0x1122334455667788,
            PeerIdentity = "client@onlan.test",
        };
        // The remote PC's side of the same Child SA: its outbound is the gateway's inbound, and the other way round.
        RemotePc = EspSaPair.Create(Installation with
        {
            InboundSpi = RemoteInboundSpi,
            OutboundSpi = GatewayInboundSpi,
            InboundEncryptionKey = down,
            InboundIntegrityKey = downAuth,
            OutboundEncryptionKey = up,
            OutboundIntegrityKey = upAuth,
            Local = new IkeEndpoint(RemoteOuter, RemotePort),
            Remote = new IkeEndpoint(GatewayWan, IkeEndpoint.NatTraversalPort),
            RemoteInnerAddress = LanHost,
            LocalSelectors = [TrafficSelector.Ipv4(RemoteInner, RemoteInner)],
        });
        Plane.Install(Installation);
        Assert.True(Plane.TryGetInbound(GatewayInboundSpi, out var pair));
        Gateway = pair;
    }

    public LinkPair WanCable { get; }
    public LinkPair LanCable { get; }
    public PortHost Wan { get; }
    public PortHost Lan { get; }
    public EspDataPlane Plane { get; }
    public TunnelCounters Counters { get; } = new();
    public WanTunnelEndpoint WanEnd { get; }
    public LanTunnelEndpoint LanEnd { get; }
    public IkeService Ike { get; }
    public ChildSaInstallation Installation { get; }
    /// <summary>The gateway's SA pair, as the data plane installed it.</summary>
    public EspSaPair Gateway { get; }
    /// <summary>The remote PC's mirrored SA pair.</summary>
    public EspSaPair RemotePc { get; }

    /// <summary>
    /// The remote PC encapsulates <paramref name="inner"/> and frames it to the gateway's WAN MAC. The frame lives in
    /// a buffer of the rig, valid until the next call.
    /// </summary>
    public Span<byte> RemotePcSeals(ReadOnlySpan<byte> inner)
    {
        inner.CopyTo(_sealBuffer.AsSpan(EspSa.Headroom));
        var result = RemotePc.Encapsulate(_sealBuffer, EspSa.Headroom, inner.Length, out int offset, out int length);
        if (result != EspSendResult.Ok) throw new InvalidOperationException($"remote PC could not encapsulate: {result}");
        var frame = _sealBuffer.AsSpan(offset - EthernetFrame.HeaderLength, EthernetFrame.HeaderLength + length);
        new EthernetRepr(WanMac, RemoteMac, EtherType.Ipv4).Emit(frame);
        return frame;
    }

    /// <summary>
    /// A frame arrives on the WAN port: the WAN thread's work (receive, decrypt, hand to the ring), then the LAN
    /// thread's (drain the ring, send on the LAN cable). Whatever the WAN port answers goes out on its cable.
    /// </summary>
    public void WanReceives(Span<byte> frame)
    {
        Wan.Receive(frame, Now, _wanOut);
        Flush(WanCable.A, _wanOut);
        LanEnd.DrainInbox(Now, _lanOut);
        Flush(LanCable.A, _lanOut);
    }

    /// <summary>
    /// A frame arrives on the LAN port: the LAN thread's work (receive, route into the tunnel, encrypt into the
    /// ring; ICMP errors go back on the LAN cable), then the WAN thread's (drain the ring, send on the WAN cable).
    /// </summary>
    public void LanReceives(Span<byte> frame)
    {
        Lan.Receive(frame, Now, _lanOut);
        Flush(LanCable.A, _lanOut);
        WanEnd.DrainInbox(Now, _wanOut);
        Flush(WanCable.A, _wanOut);
    }

    /// <summary>Takes what reached the far end of <paramref name="cable"/>'s B side into <paramref name="batch"/>.</summary>
    public static int Collect(LinkPair cable, FrameBatch batch) => cable.B.Receive(batch, TimeSpan.Zero);

    /// <summary>
    /// The remote PC takes one frame off the WAN cable apart (Ethernet, outer IPv4, UDP 4500 or ESP) and decrypts
    /// it; on <see cref="EspDropReason.None"/> <paramref name="inner"/> is the packet the gateway tunnelled.
    /// </summary>
    public EspDropReason RemotePcOpens(Span<byte> frame, out Span<byte> inner)
    {
        inner = default;
        if (EthernetFrame.TryParse(frame, out var ethernet) != WireError.None || ethernet.Destination != RemoteMac ||
            ethernet.Source != WanMac || ethernet.EtherType != EtherType.Ipv4)
            return EspDropReason.NotIpv4;
        if (Ipv4Packet.TryParse(ethernet.Payload, out var outer) != WireError.None ||
            outer.Source != GatewayWan || outer.Destination != RemoteOuter)
            return EspDropReason.NotIpv4;
        Span<byte> esp;
        if (Installation.UdpEncapsulated)
        {
            if (outer.Protocol != IpProtocol.Udp ||
                UdpDatagram.TryParse(outer.Payload, outer.Source, outer.Destination, out var udp) != WireError.None ||
                udp.SourcePort != IkeEndpoint.NatTraversalPort || udp.DestinationPort != RemotePort)
                return EspDropReason.NotIpv4;
            esp = udp.Payload;
        }
        else
        {
            if (outer.Protocol != IpProtocol.Esp) return EspDropReason.NotIpv4;
            esp = outer.Payload;
        }
        var reason = RemotePc.Decapsulate(esp, out int offset, out int length);
        if (reason == EspDropReason.None) inner = esp.Slice(offset, length);
        return reason;
    }

    private static void Flush(IFrameLink link, FrameBatch batch)
    {
        if (batch.Count == 0) return;
        link.Send(batch);
        batch.Clear();
    }

    public void Dispose()
    {
        RemotePc.Dispose();
        Gateway.Dispose();
        WanCable.Dispose();
        LanCable.Dispose();
    }
}
