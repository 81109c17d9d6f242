using OnLan.Wire;

namespace OnLan.Routing.Nat;

/// <summary>
/// Network address and port translation (NAPT, RFC 3022) of the LAN and the VPN clients behind the gateway's one WAN
/// address, with the connection tracking that decides what may come back in. Sans-IO: it rewrites packets in the
/// caller's buffer, takes the time as a parameter and never reads a clock.
/// </summary>
/// <remarks>
/// <para><b>Threading.</b> One thread only, with no lock. The gateway runs both directions on the WAN port's thread:
/// packets from the LAN port and from the tunnel reach it through their rings, are passed to <see cref="Outbound"/>
/// there, and everything that arrives on the WAN port goes through <see cref="Inbound"/>. <see cref="Counters"/> may be
/// read from any thread; every other member belongs to that one thread (configuration changes such as
/// <see cref="AddPortForward"/> are posted to it).</para>
///
/// <para><b>Outbound flow.</b> (Read with the wireguard-go <c>device/send.go</c> comment in mind.)</para>
/// <code>
///  LAN host 10.0.0.5:40000 ─▶ 203.0.113.7:443           Outbound(packet, now)
///    parse IPv4 (header checksum), refuse non-first fragments
///    look up (proto, 10.0.0.5, 40000, 203.0.113.7, 443)  ── miss ─▶ allocate external port, claim a slot
///                                                                   (free list, else evict the oldest idle flow)
///    track TCP state, refresh the flow (move to the young end of the LRU list, new expiry)
///    source := WAN:external port; IPv4, TCP/UDP/ICMP checksums adjusted (RFC 1624)
///    destination is the WAN address itself? ─▶ run the inbound half too: Hairpin
/// </code>
/// <para><b>Inbound flow.</b></para>
/// <code>
///  203.0.113.7:443 ─▶ WAN:external port                 Inbound(packet, now)
///    look up (proto, external port, 203.0.113.7, 443) ── miss ─▶ port forward? open a flow : NotTracked
///    ICMP error? find the flow of the packet it quotes, rewrite the quote and the outer destination
///    destination := 10.0.0.5:40000; checksums adjusted
/// </code>
/// <para><b>Mapping.</b> A new flow keeps its source port (ICMP: identifier) when no flow at all uses that
/// (protocol, port) on the WAN address and the port is not reserved (<see cref="NatOptions.ReservedUdpPorts"/>, port
/// forwards); otherwise it takes the next free port of 1024-65535 after a rolling cursor. Each external port therefore
/// belongs to one flow (address- and port-dependent mapping, RFC 4787 §4.1), except a forwarded port, which every
/// flow the forward opened shares.</para>
///
/// <para><b>Expiry.</b> A flow found expired on lookup is removed then; <see cref="Sweep"/> examines a bounded
/// number of slots per call in clock-hand order so that idle flows free their ports eventually; there is never a
/// whole-table scan on the packet path. When the table is full a new flow replaces the least recently used one.</para>
///
/// <para><b>Packets.</b> <c>packet</c> is an IPv4 packet from its first header byte; trailing bytes (Ethernet
/// padding) beyond Total Length are ignored. TTL is the caller's business. Nothing here allocates, throws on bad
/// input, or takes a lock.</para>
/// </remarks>
public sealed partial class NatTable
{
    private const int FirstEphemeralPort = 1024;
    private const int EphemeralPortCount = 65536 - FirstEphemeralPort;

    private readonly NatTimeouts _timeouts;
    private readonly List<NatPortForward> _forwards = [];

    public NatTable(Ipv4Address wanAddress, NatOptions? options = null)
    {
        options ??= new NatOptions();
        if (options.Capacity < 1 || options.Capacity > 1 << 24)
            throw new ArgumentOutOfRangeException(nameof(options), "Capacity must be 1 to 16,777,216 flows.");
        WanAddress = wanAddress;
        _timeouts = options.Timeouts;
        _flows = new Flow[options.Capacity];
        int bucketBits = 1;
        while (1 << bucketBits < options.Capacity) bucketBits++;
        _bucketShift = 64 - bucketBits;
        _outboundHeads = new int[1 << bucketBits];
        _inboundHeads = new int[1 << bucketBits];
        _hashSeed = options.HashSeed ?? (ulong)Random.Shared.NextInt64();
        foreach (ushort port in options.ReservedUdpPorts) _portFlags[PortIndex(IpProtocol.Udp, port)] |= PortReserved;
        foreach (ushort port in options.ReservedTcpPorts) _portFlags[PortIndex(IpProtocol.Tcp, port)] |= PortReserved;
        Clear();
    }

    /// <summary>The gateway's address on the WAN port: the source of everything translated outbound.</summary>
    public Ipv4Address WanAddress { get; private set; }

    public int Capacity => _flows.Length;

    /// <summary>Flows in the table now, expired ones not yet removed included.</summary>
    public int Count { get; private set; }

    public NatCounters Counters { get; } = new();

    /// <summary>The port forwards in force, in the order they were added.</summary>
    public IReadOnlyList<NatPortForward> PortForwards => _forwards;

    /// <summary>
    /// Translates a packet from the LAN or a VPN client that leaves by the WAN port (the caller decides which
    /// sources are translated). See <see cref="NatResult"/> for what to do with each outcome.
    /// </summary>
    public NatResult Outbound(Span<byte> packet, TimeSpan now) => TranslateOutbound(packet, now.Ticks);

    /// <summary>
    /// Translates a packet that arrived on the WAN port for the WAN address back to the internal host it belongs to.
    /// Packets for any other destination are <see cref="NatResult.NotTracked"/>.
    /// </summary>
    public NatResult Inbound(Span<byte> packet, TimeSpan now) => TranslateInbound(packet, now.Ticks);

    /// <summary>
    /// Examines the next <paramref name="budget"/> slots (a clock hand over the table) and removes the flows whose
    /// timeout has passed; returns how many it removed. Call it once per batch of packets, or from an idle timer, with
    /// a small budget (64-256): a full table is then swept every Capacity/budget calls.
    /// </summary>
    public int Sweep(TimeSpan now, int budget)
    {
        long nowTicks = now.Ticks;
        int removed = 0;
        for (budget = Math.Min(budget, _flows.Length); budget > 0; budget--)
        {
            int slot = _sweepHand;
            _sweepHand = slot + 1 == _flows.Length ? 0 : slot + 1;
            ref Flow flow = ref _flows[slot];
            if (flow.Protocol != 0 && nowTicks >= flow.ExpiresAtTicks)
            {
                Remove(slot);
                Counters.FlowsExpired++;
                removed++;
            }
        }
        return removed;
    }

    /// <summary>
    /// Adds a port forward. Refused (false) for a protocol other than TCP or UDP, port 0, a port the gateway reserves
    /// for itself, or a WAN port already forwarded. A flow that already uses the port keeps it until it ends.
    /// </summary>
    public bool AddPortForward(NatPortForward forward)
    {
        if (forward.Protocol is not (IpProtocol.Tcp or IpProtocol.Udp) || forward.WanPort == 0 || forward.LanPort == 0)
            return false;
        ref byte flags = ref _portFlags[PortIndex(forward.Protocol, forward.WanPort)];
        if ((flags & (PortReserved | PortForwarded)) != 0) return false;
        flags |= PortForwarded;
        _forwards.Add(forward);
        return true;
    }

    /// <summary>
    /// Removes the forward of <paramref name="wanPort"/>. The flows it opened live on until they end or expire.
    /// </summary>
    public bool RemovePortForward(IpProtocol protocol, ushort wanPort)
    {
        for (int i = 0; i < _forwards.Count; i++)
        {
            if (_forwards[i].Protocol != protocol || _forwards[i].WanPort != wanPort) continue;
            _forwards.RemoveAt(i);
            _portFlags[PortIndex(protocol, wanPort)] &= unchecked((byte)~PortForwarded);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Forgets every flow and starts using <paramref name="wanAddress"/>: what the gateway does when DHCP on the WAN
    /// port hands it a different address, since every mapping of the old one is dead. Counters and forwards stay.
    /// </summary>
    public void ChangeWanAddress(Ipv4Address wanAddress)
    {
        WanAddress = wanAddress;
        Clear();
    }

    /// <summary>
    /// Finds the flow of an internal endpoint talking to a remote one, without refreshing or expiring it.
    /// For ICMP echo pass the identifier as <paramref name="internalPort"/> and 0 as <paramref name="remotePort"/>.
    /// </summary>
    public bool TryGetFlow(
        IpProtocol protocol, Ipv4Address internalAddress, ushort internalPort, Ipv4Address remoteAddress, ushort remotePort,
        out NatFlowInfo info)
    {
        info = default;
        int slot = FindOutbound((byte)protocol, internalAddress.Value, internalPort, remoteAddress.Value, remotePort);
        if (slot < 0) return false;
        ref Flow flow = ref _flows[slot];
        info = new NatFlowInfo(
            (IpProtocol)flow.Protocol, new Ipv4Address(flow.InternalAddress), flow.InternalPort,
            new Ipv4Address(flow.RemoteAddress), flow.RemotePort, flow.ExternalPort, flow.TcpState,
            (flow.Flags & FlowFlags.Replied) != 0, (flow.Flags & FlowFlags.OpenedInbound) != 0,
            new TimeSpan(flow.ExpiresAtTicks));
        return true;
    }

    private bool TryFindForward(IpProtocol protocol, ushort wanPort, out NatPortForward forward)
    {
        // The flag makes the common case (no forward on this port) one byte read; the list is short and scanned only
        // when a forward exists, on the first packet of an inbound connection.
        if ((_portFlags[PortIndex(protocol, wanPort)] & PortForwarded) != 0)
        {
            for (int i = 0; i < _forwards.Count; i++)
            {
                forward = _forwards[i];
                if (forward.Protocol == protocol && forward.WanPort == wanPort) return true;
            }
        }
        forward = default;
        return false;
    }
}
