using OnLan.Wire;

namespace OnLan.Routing.Nat;

// Flow storage: one preallocated array of slots, threaded by index into
//   - two chained hash tables, one per lookup key (outbound: proto, internal addr:port, remote addr:port;
//     inbound: proto, external port, remote addr:port), heads in power-of-two arrays, chains through the slots;
//   - a doubly linked LRU list from the oldest idle flow (_oldest) to the most recently used (_youngest);
//   - a free list of unused slots.
// Per (protocol, port) on the WAN address: how many flows use it and whether it is reserved or forwarded.
// Nothing here allocates after the constructor.
public sealed partial class NatTable
{
    private const int Nil = -1;
    private const byte PortReserved = 1;
    private const byte PortForwarded = 2;

    [Flags]
    private enum FlowFlags : byte
    {
        None = 0,
        /// <summary>The responder has sent at least one packet.</summary>
        Replied = 1,
        /// <summary>Opened by an inbound packet through a port forward: the remote end is the initiator.</summary>
        OpenedInbound = 2,
        FinFromInitiator = 4,
        FinFromResponder = 8,
    }

    private struct Flow
    {
        public uint InternalAddress;
        public uint RemoteAddress;
        public ushort InternalPort;
        public ushort RemotePort;
        public ushort ExternalPort;
        /// <summary>The IP protocol number; 0 marks a free slot.</summary>
        public byte Protocol;
        public TcpConnectionState TcpState;
        public FlowFlags Flags;
        public long ExpiresAtTicks;
        public int OutboundNext;
        public int InboundNext;
        /// <summary>Towards <see cref="_oldest"/>; in a free slot, unused.</summary>
        public int Older;
        /// <summary>Towards <see cref="_youngest"/>; in a free slot, the next free slot.</summary>
        public int Younger;
    }

    private readonly Flow[] _flows;
    private readonly int[] _outboundHeads;
    private readonly int[] _inboundHeads;
    private readonly int _bucketShift;
    private readonly ulong _hashSeed;
    /// <summary>Indexed by <see cref="PortIndex"/>: flows using each external (protocol, port).</summary>
    private readonly int[] _portUsers = new int[3 << 16];
    private readonly byte[] _portFlags = new byte[3 << 16];
    private readonly int[] _portCursor = new int[3];
    private int _oldest = Nil, _youngest = Nil, _free = Nil, _sweepHand;

    private static int PortIndex(IpProtocol protocol, ushort port) => ProtocolIndex((byte)protocol) << 16 | port;

    private static int ProtocolIndex(byte protocol) => protocol switch
    {
        (byte)IpProtocol.Tcp => 0,
        (byte)IpProtocol.Udp => 1,
        _ => 2, // ICMP: the only other protocol that reaches the table
    };

    private void Clear()
    {
        Array.Fill(_outboundHeads, Nil);
        Array.Fill(_inboundHeads, Nil);
        Array.Clear(_portUsers);
        for (int slot = 0; slot < _flows.Length; slot++)
            _flows[slot] = new Flow { Younger = slot + 1 < _flows.Length ? slot + 1 : Nil };
        _free = 0;
        _oldest = _youngest = Nil;
        _sweepHand = 0;
        Count = 0;
    }

    private int OutboundBucket(byte protocol, uint internalAddress, ushort internalPort, uint remoteAddress, ushort remotePort) =>
        Bucket((ulong)internalAddress << 32 | remoteAddress, (ulong)protocol << 32 | (uint)internalPort << 16 | remotePort);

    private int InboundBucket(byte protocol, ushort externalPort, uint remoteAddress, ushort remotePort) =>
        Bucket(remoteAddress, (ulong)protocol << 40 | (ulong)externalPort << 16 | remotePort | 1UL << 63);

    /// <summary>Seeded multiply-xor mixing; the top bits are the best mixed, so the bucket is taken from there.</summary>
    private int Bucket(ulong first, ulong second)
    {
        ulong hash = (first ^ _hashSeed) * 0x9E37_79B9_7F4A_7C15UL;
        hash = (hash ^ second ^ (hash >> 29)) * 0xBF58_476D_1CE4_E5B9UL;
        hash ^= hash >> 31;
        return (int)(hash >> _bucketShift);
    }

    /// <summary>The slot of the flow with this outbound key, or <see cref="Nil"/>; expiry is the caller's to check.</summary>
    private int FindOutbound(byte protocol, uint internalAddress, ushort internalPort, uint remoteAddress, ushort remotePort)
    {
        for (int slot = _outboundHeads[OutboundBucket(protocol, internalAddress, internalPort, remoteAddress, remotePort)];
             slot != Nil; slot = _flows[slot].OutboundNext)
        {
            ref Flow flow = ref _flows[slot];
            if (flow.InternalAddress == internalAddress && flow.RemoteAddress == remoteAddress
                && flow.InternalPort == internalPort && flow.RemotePort == remotePort && flow.Protocol == protocol)
                return slot;
        }
        return Nil;
    }

    private int FindInbound(byte protocol, ushort externalPort, uint remoteAddress, ushort remotePort)
    {
        for (int slot = _inboundHeads[InboundBucket(protocol, externalPort, remoteAddress, remotePort)];
             slot != Nil; slot = _flows[slot].InboundNext)
        {
            ref Flow flow = ref _flows[slot];
            if (flow.ExternalPort == externalPort && flow.RemoteAddress == remoteAddress
                && flow.RemotePort == remotePort && flow.Protocol == protocol)
                return slot;
        }
        return Nil;
    }

    /// <summary>Lazy expiry: a flow found past its timeout is removed there and then, and the lookup misses.</summary>
    private int LiveOrNil(int slot, long now)
    {
        if (slot == Nil || now < _flows[slot].ExpiresAtTicks) return slot;
        Remove(slot);
        Counters.FlowsExpired++;
        return Nil;
    }

    /// <summary>
    /// The external port for a new flow: <paramref name="preferred"/> when no flow uses it and it is neither reserved
    /// nor forwarded, else the next such port of the ephemeral range after the rolling cursor, else -1.
    /// </summary>
    /// <remarks>The search is bounded by the range (64,512 ports) and runs only when the preferred port is taken.</remarks>
    private int AllocatePort(byte protocol, ushort preferred)
    {
        int protocolBase = ProtocolIndex(protocol) << 16;
        if (preferred != 0 && IsFree(protocolBase | preferred)) return preferred;
        ref int cursor = ref _portCursor[ProtocolIndex(protocol)];
        for (int tries = 0; tries < EphemeralPortCount; tries++)
        {
            int port = FirstEphemeralPort + cursor;
            cursor = cursor + 1 == EphemeralPortCount ? 0 : cursor + 1;
            if (IsFree(protocolBase | port)) return port;
        }
        return -1;
    }

    private bool IsFree(int portIndex) => _portUsers[portIndex] == 0 && _portFlags[portIndex] == 0;

    /// <summary>
    /// Claims a slot for a new flow and links it everywhere; the caller fills in the state. The slot comes from the
    /// free list, else from the oldest idle flow, which is removed and counted (expired or evicted).
    /// </summary>
    private int Insert(
        byte protocol, uint internalAddress, ushort internalPort, uint remoteAddress, ushort remotePort, ushort externalPort,
        FlowFlags flags, long now)
    {
        if (_free == Nil)
        {
            int victim = _oldest;
            if (now >= _flows[victim].ExpiresAtTicks) Counters.FlowsExpired++;
            else Counters.FlowsEvicted++;
            Remove(victim);
        }
        int slot = _free;
        ref Flow flow = ref _flows[slot];
        _free = flow.Younger;
        flow = new Flow
        {
            InternalAddress = internalAddress,
            RemoteAddress = remoteAddress,
            InternalPort = internalPort,
            RemotePort = remotePort,
            ExternalPort = externalPort,
            Protocol = protocol,
            TcpState = protocol == (byte)IpProtocol.Tcp ? TcpConnectionState.SynSent : TcpConnectionState.None,
            Flags = flags,
            Older = _youngest,
            Younger = Nil,
        };
        ref int outboundHead = ref _outboundHeads[OutboundBucket(protocol, internalAddress, internalPort, remoteAddress, remotePort)];
        flow.OutboundNext = outboundHead;
        outboundHead = slot;
        ref int inboundHead = ref _inboundHeads[InboundBucket(protocol, externalPort, remoteAddress, remotePort)];
        flow.InboundNext = inboundHead;
        inboundHead = slot;
        if (_youngest != Nil) _flows[_youngest].Younger = slot;
        else _oldest = slot;
        _youngest = slot;
        _portUsers[ProtocolIndex(protocol) << 16 | externalPort]++;
        Count++;
        Counters.FlowsCreated++;
        return slot;
    }

    private void Remove(int slot)
    {
        ref Flow flow = ref _flows[slot];
        ref int link = ref _outboundHeads[OutboundBucket(flow.Protocol, flow.InternalAddress, flow.InternalPort, flow.RemoteAddress, flow.RemotePort)];
        while (link != slot) link = ref _flows[link].OutboundNext;
        link = flow.OutboundNext;
        link = ref _inboundHeads[InboundBucket(flow.Protocol, flow.ExternalPort, flow.RemoteAddress, flow.RemotePort)];
        while (link != slot) link = ref _flows[link].InboundNext;
        link = flow.InboundNext;
        Unlink(slot);
        _portUsers[ProtocolIndex(flow.Protocol) << 16 | flow.ExternalPort]--;
        flow = new Flow { Younger = _free };
        _free = slot;
        Count--;
    }

    /// <summary>Moves a flow to the young end of the LRU list and sets its next expiry.</summary>
    private void Touch(int slot, long now)
    {
        ref Flow flow = ref _flows[slot];
        flow.ExpiresAtTicks = now + Timeout(ref flow).Ticks;
        if (slot == _youngest) return;
        Unlink(slot);
        flow.Older = _youngest;
        flow.Younger = Nil;
        _flows[_youngest].Younger = slot;
        _youngest = slot;
    }

    private void Unlink(int slot)
    {
        ref Flow flow = ref _flows[slot];
        if (flow.Older != Nil) _flows[flow.Older].Younger = flow.Younger;
        else _oldest = flow.Younger;
        if (flow.Younger != Nil) _flows[flow.Younger].Older = flow.Older;
        else _youngest = flow.Older;
    }

    private TimeSpan Timeout(ref Flow flow) => flow.Protocol switch
    {
        (byte)IpProtocol.Tcp => flow.TcpState switch
        {
            TcpConnectionState.Established => _timeouts.TcpEstablished,
            TcpConnectionState.TimeWait => _timeouts.TcpClosing,
            TcpConnectionState.Closed => _timeouts.TcpClosed,
            _ => _timeouts.TcpTransitory, // SynSent, FinWait
        },
        (byte)IpProtocol.Udp => (flow.Flags & FlowFlags.Replied) != 0 ? _timeouts.UdpAssured : _timeouts.UdpUnreplied,
        _ => _timeouts.IcmpEcho,
    };
}
