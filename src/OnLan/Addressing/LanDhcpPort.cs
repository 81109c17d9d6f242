using OnLan.Dhcp;
using OnLan.Ports;
using OnLan.Vpn;
using OnLan.Wire;

namespace OnLan.Addressing;

/* UDP 67 on the gateway's LAN address, on the LAN port's thread. Three kinds of traffic meet here:
     from a tunnel (PortHost.Inject: the datagram came out of a remote PC's Child SA, its source already checked to be
       that PC's leased address) → the DHCP server inside the tunnel answers DHCPINFORM (Windows asks for its mask,
       routes and DNS suffix this way), DISCOVER and REQUEST, back through the same tunnel;
     off the LAN wire from port 67 → BOOTREPLYs from the LAN's DHCP server to us as relay agent, when addresses come
       from it;
     off the LAN wire from port 68 → the LAN hosts' own requests, for the gateway's DHCP server when it serves the LAN
       (`set service dhcp-server`); otherwise not ours to answer: counted and ignored.
   It also ticks the pool's timers (holds, conflicts, expired leases) once a second. */
public sealed class LanDhcpPort : IUdpReceiver, IPortService
{
    private readonly PortHost _lan;
    private readonly EspDataPlane? _plane;
    private readonly LanDhcpServer? _server;
    private readonly AddressPool? _pool;
    private readonly TimeProvider _wallClock;
    private TimeSpan _nextExpiry;

    private readonly DhcpRelayAllocator? _relay;
    private readonly byte[] _reply = new byte[1024];

    public LanDhcpPort(PortHost lan, EspDataPlane? plane, DhcpOptionSet options, DhcpRelayAllocator? relay, LanDhcpServer? server,
        AddressPool? pool, TimeProvider wallClock)
    {
        _server = server;
        _pool = pool;
        _wallClock = wallClock;
        _lan = lan;
        _plane = plane;
        Options = options;
        _relay = relay;
        lan.BindUdp(TunnelDhcpServer.ServerPort, this);
    }

    /// <summary>What the server in the tunnel hands out; replaced on the LAN thread by a live commit.</summary>
    public DhcpOptionSet Options { get; set; }

    public long TunnelRequestsAnswered { get; private set; }
    public long TunnelRequestsIgnored { get; private set; }
    public long LanMessagesIgnored { get; private set; }

    public void Receive(in UdpReceiveContext context, Span<byte> payload, FrameBatch output)
    {
        if (!context.Injected)
        {
            if (_relay is not null && context.SourcePort == DhcpRelayAllocator.ServerPort) _relay.ReceiveReply(context, payload, output);
            else if (_server is not null && context.SourcePort == TunnelDhcpServer.ClientPort) Serve(_server, context, payload, output);
            else LanMessagesIgnored++;
            return;
        }
        // Only a remote PC with a tunnel up, from its own leased address (the data plane checked the inner source).
        if (context.SourcePort != TunnelDhcpServer.ClientPort || _plane is null || !_plane.TryGetOutbound(context.Source, out _) ||
            !TunnelDhcpServer.TryAnswer(payload, context.Source, _lan.Address.Address, Options, _reply, out int length, out var destination))
        {
            TunnelRequestsIgnored++;
            return;
        }
        TunnelRequestsAnswered++;
        _lan.SendUdp(TunnelDhcpServer.ServerPort, destination, TunnelDhcpServer.ClientPort, _reply.AsSpan(0, length), context.Now, output);
    }

    public long LanRequestsAnswered { get; private set; }

    private void Serve(LanDhcpServer server, in UdpReceiveContext context, ReadOnlySpan<byte> payload, FrameBatch output)
    {
        var reply = server.Answer(payload, _wallClock.GetUtcNow(), _reply);
        if (reply.IsNone) return;
        LanRequestsAnswered++;
        _lan.SendUdp(TunnelDhcpServer.ServerPort, reply.Destination, TunnelDhcpServer.ClientPort, _reply.AsSpan(0, reply.Length), context.Now, output);
    }

    public void Poll(TimeSpan now, FrameBatch output)
    {
        if (_pool is null || now < _nextExpiry) return;
        _nextExpiry = now + TimeSpan.FromSeconds(1);
        _pool.Expire(_wallClock.GetUtcNow());
    }

    public void Stop(TimeSpan now, FrameBatch output) { }
}
