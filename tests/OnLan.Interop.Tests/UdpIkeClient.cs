using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OnLan.Ike;
using OnLan.Testing;
using OnLan.Testing.Ike;
using OnLan.Wire;

namespace OnLan.Interop.Tests;

/// <summary>
/// The in-tree test initiator driven over a real UDP socket in a namespace, against the published gateway: a second
/// (third, …) remote PC beside strongSwan, and one whose CFG_REPLY the test can read attribute by attribute.
/// </summary>
public sealed class UdpIkeClient : IDisposable
{
    private readonly Socket _socket;
    private readonly IPEndPoint _gateway;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private UdpIkeClient(Socket socket, IPEndPoint gateway, IkeTestInitiator initiator)
    {
        _socket = socket;
        _gateway = gateway;
        Initiator = initiator;
    }

    public IkeTestInitiator Initiator { get; }

    /// <summary>IKE_SA_INIT + IKE_AUTH with a PSK identity from <paramref name="localAddress"/>; returns when they are over (or on timeout).</summary>
    public static UdpIkeClient Connect(NetworkNamespace space, string localAddress, string gatewayAddress, string identity, string psk, TimeSpan timeout)
    {
        Socket socket;
        using (space.Enter())
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
        }
        int port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var initiator = new IkeTestInitiator(new IkeTestInitiatorOptions
        {
            // Our real address and port, so the NAT detection hashes say "no NAT".
            Local = new IkeEndpoint(Ipv4Address.Parse(localAddress), (ushort)port),
            Remote = new IkeEndpoint(Ipv4Address.Parse(gatewayAddress), IkeEndpoint.IkePort),
            Identity = identity,
            PreSharedKey = psk,
        });
        var client = new UdpIkeClient(socket, new IPEndPoint(IPAddress.Parse(gatewayAddress), IkeEndpoint.IkePort), initiator);
        client.Send(initiator.Start(client.Now));
        client.RunUntil(() => initiator.State != InitiatorState.Connecting, timeout);
        return client;
    }

    private TimeSpan Now => _clock.Elapsed;

    /// <summary>Sends the IKE SA's Delete and waits for the answer.</summary>
    public void Disconnect(TimeSpan timeout)
    {
        if (Initiator.State != InitiatorState.Established) return;
        Send(Initiator.DeleteIkeSa(Now));
        RunUntil(() => !Initiator.HasOutstandingRequest, timeout);
    }

    private void Send(List<IkeDatagram> datagrams)
    {
        foreach (var datagram in datagrams) _socket.SendTo(datagram.Message, _gateway);
    }

    // Receives and polls (answering the gateway's liveness checks) until the condition holds; bounded by the timeout.
    private void RunUntil(Func<bool> done, TimeSpan timeout)
    {
        var buffer = new byte[65536];
        var deadline = Now + timeout;
        _socket.ReceiveTimeout = 100;
        while (!done() && Now < deadline)
        {
            try
            {
                int length = _socket.Receive(buffer);
                Send(Initiator.Receive(buffer.AsSpan(0, length), Now));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
            }
            Send(Initiator.Poll(Now));
        }
    }

    public void Dispose() => _socket.Dispose();
}
