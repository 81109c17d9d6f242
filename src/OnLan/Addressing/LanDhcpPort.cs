using OnLan.Dhcp;
using OnLan.Ports;
using OnLan.Vpn;
using OnLan.Wire;

namespace OnLan.Addressing;

/* UDP 67 on the gateway's LAN address, on the LAN port's thread. Two kinds of traffic meet here:
     from a tunnel (PortHost.Inject: the datagram came out of a remote PC's Child SA, its source already checked to be
       that PC's leased address) → the DHCP server inside the tunnel answers DHCPINFORM (Windows asks for its mask,
       routes and DNS suffix this way), DISCOVER and REQUEST, back through the same tunnel;
     off the LAN wire → BOOTREPLYs from the LAN's DHCP server to us as relay agent, when addresses come from it.
   Anything else (LAN hosts' own DHCP broadcasts) is not ours to answer: counted and ignored. */
public sealed class LanDhcpPort : IUdpReceiver
{
    private readonly PortHost _lan;
    private readonly EspDataPlane _plane;
    private readonly DhcpOptionSet _options;
    private readonly DhcpRelayAllocator? _relay;
    private readonly byte[] _reply = new byte[1024];

    public LanDhcpPort(PortHost lan, EspDataPlane plane, DhcpOptionSet options, DhcpRelayAllocator? relay)
    {
        _lan = lan;
        _plane = plane;
        _options = options;
        _relay = relay;
        lan.BindUdp(TunnelDhcpServer.ServerPort, this);
    }

    public long TunnelRequestsAnswered { get; private set; }
    public long TunnelRequestsIgnored { get; private set; }
    public long LanMessagesIgnored { get; private set; }

    public void Receive(in UdpReceiveContext context, Span<byte> payload, FrameBatch output)
    {
        if (!context.Injected)
        {
            if (_relay is not null && context.SourcePort == DhcpRelayAllocator.ServerPort) _relay.ReceiveReply(context, payload, output);
            else LanMessagesIgnored++;
            return;
        }
        // Only a remote PC with a tunnel up, from its own leased address (the data plane checked the inner source).
        if (context.SourcePort != TunnelDhcpServer.ClientPort || !_plane.TryGetOutbound(context.Source, out _) ||
            !TunnelDhcpServer.TryAnswer(payload, context.Source, _lan.Address.Address, _options, _reply, out int length, out var destination))
        {
            TunnelRequestsIgnored++;
            return;
        }
        TunnelRequestsAnswered++;
        _lan.SendUdp(TunnelDhcpServer.ServerPort, destination, TunnelDhcpServer.ClientPort, _reply.AsSpan(0, length), context.Now, output);
    }
}
