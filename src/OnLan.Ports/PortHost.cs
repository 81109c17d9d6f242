using OnLan.Wire;

namespace OnLan.Ports;

/// <summary>
/// The gateway's own IPv4 host on one Ethernet port: ARP responder and resolver, ICMP echo, UDP delivery to
/// registered services, and a counter for every frame it refuses. Sans-IO: frames come in with the time, frames to
/// send go into a caller-owned <see cref="FrameBatch"/>. One thread drives one host.
/// </summary>
/// <remarks>
/// Inbound flow, for each frame (<see cref="Receive"/>):
///   Ethernet (ours or broadcast, no VLAN) → ARP: learn, answer requests for our address, defend it
///                                          → IPv4: checked header, for our address → ICMP echo / UDP service
/// Outbound (<see cref="SendIpv4"/>): route to the segment or the gateway → ARP cache hit: frame into the batch;
/// miss: packet parked in the pending queue and a request sent; <see cref="Poll"/> retries and gives up.
/// Nothing here allocates per frame.
/// </remarks>
public sealed partial class PortHost
{
    private readonly PortHostOptions _options;
    private readonly ArpPendingQueue _pending;
    private readonly TokenBucket _icmpErrors;
    private readonly ushort[] _udpPorts = new ushort[8];
    private readonly IUdpReceiver?[] _udpReceivers = new IUdpReceiver?[8];
    private int _udpCount;
    private ushort _nextIdentification;
    private TimeSpan _nextDefenceAllowed;

    public PortHost(string name, MacAddress mac, Ipv4Prefix address, Ipv4Address? gateway, int mtu, PortHostOptions? options = null)
    {
        _options = options ?? PortHostOptions.Default;
        Name = name;
        Mac = mac;
        Address = address;
        Gateway = gateway;
        Mtu = mtu;
        Arp = new ArpCache(_options.ArpCacheCapacity, _options.ArpReachableTime);
        _pending = new ArpPendingQueue(_options.PendingCapacity, _options.PendingPerNextHop, mtu);
        _icmpErrors = new TokenBucket(_options.IcmpErrorsPerSecond, _options.IcmpErrorBurst);
        _nextIdentification = (ushort)Environment.TickCount;
    }

    /// <summary>"wan" or "lan", for logs and counters.</summary>
    public string Name { get; }
    public MacAddress Mac { get; }
    /// <summary>The port's address; 0.0.0.0/32 while a DHCP client has none (the WAN before its first lease).</summary>
    public Ipv4Prefix Address { get; private set; }
    public Ipv4Address? Gateway { get; private set; }

    /// <summary>True while the port has no address (a DHCP client's INIT): it answers no ARP and routes nothing.</summary>
    public bool HasNoAddress => Address.Address.IsAny;

    /// <summary>
    /// The port's address and next hop change (a DHCP lease on the WAN): call on the port's thread. Neighbours learnt
    /// stay (the segment may be the same); packets waiting for ARP are kept. Other threads read the new values
    /// eventually (reports only).
    /// </summary>
    public void ChangeAddress(Ipv4Prefix address, Ipv4Address? gateway)
    {
        Address = address;
        Gateway = gateway;
    }
    public int Mtu { get; }
    public ArpCache Arp { get; }
    public PortCounters Counters { get; } = new();
    public int PendingPackets => _pending.Count;

    /// <summary>Routes packets for addresses the forwarder serves (set before the port starts).</summary>
    public IIpv4Forwarder? Forwarder { get; set; }

    /// <summary>Sees packets for our own address first (NAT's inbound half); see <see cref="IInboundTranslator"/>.</summary>
    public IInboundTranslator? Translator { get; set; }

    /// <summary>Takes ESP (IP protocol 50) sent to this port's address (set before the port starts).</summary>
    public IEspReceiver? EspReceiver { get; set; }

    /// <summary>Binds <paramref name="receiver"/> to UDP <paramref name="port"/> on this port's address.</summary>
    public void BindUdp(ushort port, IUdpReceiver receiver)
    {
        for (int i = 0; i < _udpCount; i++)
            if (_udpPorts[i] == port) throw new InvalidOperationException($"UDP port {port} is already bound on {Name}");
        if (_udpCount == _udpPorts.Length) throw new InvalidOperationException($"too many UDP services on {Name}");
        _udpPorts[_udpCount] = port;
        _udpReceivers[_udpCount++] = receiver;
    }

    /// <summary>Announces the address (RFC 5227 §2.3) and starts resolving the gateway, so the first packet need not wait.</summary>
    public void Start(TimeSpan now, FrameBatch output)
    {
        if (HasNoAddress) return; // nothing to announce before a lease
        Announce(now, output);
    }

    /// <summary>RFC 5227 §2.3 announcement of our address, and the next hop resolved ahead (at start, and after a new lease).</summary>
    public void Announce(TimeSpan now, FrameBatch output)
    {
        SendArp(ArpOperation.Request, MacAddress.Broadcast, MacAddress.Zero, Address.Address, output);
        if (Gateway is { } gateway && Arp.BeginResolve(gateway, now)) Poll(now, output);
    }

    /// <summary>Handles one received frame; answers go into <paramref name="output"/>.</summary>
    public void Receive(Span<byte> frame, TimeSpan now, FrameBatch output)
    {
        Counters.ReceivedFrames++;
        Counters.ReceivedBytes += frame.Length;

        var error = EthernetFrame.TryParse(frame, out var ethernet);
        if (error != WireError.None)
        {
            Counters.Drop(error == WireError.VlanTagged ? DropReason.VlanTagged : DropReason.FrameTooShort);
            return;
        }
        var destination = ethernet.Destination;
        if (destination != Mac && !destination.IsBroadcast)
        {
            Counters.Drop(DropReason.NotAddressedToUs);
            return;
        }
        switch (ethernet.EtherType)
        {
            case EtherType.Arp:
                ReceiveArp(ethernet.Payload, now, output);
                break;
            case EtherType.Ipv4:
                ReceiveIpv4(ethernet.Payload, destination.IsBroadcast, now, output);
                break;
            default:
                Counters.Drop(DropReason.UnsupportedEtherType);
                break;
        }
    }

    /// <summary>Runs the timers: ARP retransmissions and give-ups. Cheap when nothing is pending; call every loop.</summary>
    public void Poll(TimeSpan now, FrameBatch output)
    {
        AnnounceNewProxies(output);
        var visitor = new ResolutionVisitor(this, output);
        Arp.Poll(now, _options.ArpMaxRequests, _options.ArpRetransmitInterval, ref visitor);
    }

    private readonly struct ResolutionVisitor(PortHost host, FrameBatch output) : IArpResolutionVisitor
    {
        public void SendRequest(Ipv4Address address) =>
            host.SendArp(ArpOperation.Request, MacAddress.Broadcast, MacAddress.Zero, address, output);

        public void GiveUp(Ipv4Address address)
        {
            int dropped = host._pending.DropAll(address);
            for (int i = 0; i < dropped; i++) host.Counters.Drop(DropReason.ArpUnresolved);
        }
    }
}
