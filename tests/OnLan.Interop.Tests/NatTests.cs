using OnLan.Ports;
using System.Net;
using System.Net.Sockets;
using OnLan.Testing;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// The gateway as the LAN's router to the internet (`set nat lan enable`): the LAN host, with the gateway as its
/// default route, reaches the "internet" host in the WAN namespace by ping, UDP and TCP; the internet host sees only
/// the gateway's WAN address; a connection the LAN did not open is dropped.
/// </summary>
public sealed class NatTests : IDisposable
{
    private readonly TwoPortTopology _net = new();

    public NatTests() => _net.LanHost.Run($"ip route add default via {GatewayLanAddress}").EnsureSuccess("lan host default route");

    public void Dispose() => _net.Dispose();

    private GatewayProcess Start() => _net.StartVpnGateway("set nat lan enable");

    [RootFact]
    public void A_lan_host_reaches_the_internet_by_ping_and_udp_and_is_seen_as_the_wan_address()
    {
        using var gateway = Start();

        var ping = _net.LanHost.Run($"ping -c 3 -i 0.2 -W 2 {WanPeerAddress}");
        Assert.True(ping.Succeeded, ping.StdOut + gateway.Log);

        Socket server, client;
        using (_net.WanPeer.Enter())
        {
            server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            server.Bind(new IPEndPoint(IPAddress.Parse(WanPeerAddress), 7000));
        }
        using (_net.LanHost.Enter())
        {
            client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            client.Bind(new IPEndPoint(IPAddress.Parse(LanHostAddress), 40000));
        }
        using (server)
        using (client)
        {
            server.ReceiveTimeout = client.ReceiveTimeout = 3000;
            client.SendTo("hello"u8.ToArray(), new IPEndPoint(IPAddress.Parse(WanPeerAddress), 7000));
            var buffer = new byte[100];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            int length = server.ReceiveFrom(buffer, ref from);
            Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(buffer, 0, length));
            var seen = (IPEndPoint)from;
            Assert.Equal(GatewayWanAddress, seen.Address.ToString()); // only the WAN address
            Assert.Equal(40000, seen.Port);                           // the source port kept when free
            server.SendTo("world"u8.ToArray(), from);
            length = client.Receive(buffer);
            Assert.Equal("world", System.Text.Encoding.ASCII.GetString(buffer, 0, length));
        }
    }

    [RootFact]
    public void Hundred_megabytes_of_tcp_cross_the_nat_intact_and_an_unsolicited_connection_is_dropped()
    {
        using var gateway = Start();
        Socket listener, sender;
        using (_net.WanPeer.Enter())
        {
            listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Parse(WanPeerAddress), 5001));
            listener.Listen(1);
        }
        using (_net.LanHost.Enter()) sender = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (listener)
        using (sender)
        {
            var receive = Task.Run(() => TunnelTransferTests.ReceiveAll(listener));
            sender.Connect(new IPEndPoint(IPAddress.Parse(WanPeerAddress), 5001));
            var send = Task.Run(() =>
            {
                var hash = TunnelTransferTests.SendAll(sender);
                sender.Shutdown(SocketShutdown.Send);
                return hash;
            });
            Assert.True(Task.WaitAll([receive, send], TimeSpan.FromSeconds(90)), "transfer did not finish in 90 s\n" + gateway.Log);
            Assert.Equal(TunnelTransferTests.TransferBytes, receive.Result.Bytes);
            Assert.Equal(Convert.ToHexString(send.Result), Convert.ToHexString(receive.Result.Hash));
        }

        // Unsolicited: a connection from the internet to the WAN address goes nowhere (no answer at all).
        Socket probe;
        using (_net.WanPeer.Enter()) probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (probe)
        {
            var connect = probe.ConnectAsync(new IPEndPoint(IPAddress.Parse(GatewayWanAddress), 8080));
            Assert.False(connect.Wait(TimeSpan.FromSeconds(3)), "an unsolicited connection was answered");
        }
        gateway.Signal(10);
        Assert.Matches(@"not-tracked=[1-9]", gateway.WaitForLine("nat: counters", Patience));
    }

    [RootFact]
    public void A_lan_host_pings_the_gateways_wan_address_and_other_traffic_to_it_is_dropped_and_counted()
    {
        using var gateway = Start();

        var ping = _net.LanHost.Run($"ping -c 3 -i 0.2 -W 2 {GatewayWanAddress}");
        Assert.True(ping.Succeeded, ping.StdOut + gateway.Log);
        Assert.Contains($"from {GatewayWanAddress}", ping.StdOut);

        // TCP to a port no forward owns: no answer at all.
        Socket probe;
        using (_net.LanHost.Enter()) probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (probe)
            Assert.False(probe.ConnectAsync(new IPEndPoint(IPAddress.Parse(GatewayWanAddress), 2222)).Wait(TimeSpan.FromSeconds(2)), "a connection to the WAN address was answered");
        gateway.Signal(10);
        string counters = gateway.WaitForLine("nat: counters", Patience);
        Assert.Matches(@"pings-to-wan=3\b", counters);
        Assert.Matches(@"dropped-to-wan-address=[1-9]", counters);
    }

    [RootFact]
    public void A_port_forward_reaches_the_lan_server_from_the_internet_and_from_the_lan_through_the_wan_address()
    {
        using var gateway = _net.StartVpnGateway("set nat lan enable\nset nat forward tcp 8080 198.18.0.10:80");
        Socket listener;
        using (_net.LanHost.Enter())
        {
            listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Parse(LanHostAddress), 80));
            listener.Listen(4);
        }
        using (listener)
        {
            // From the internet: the LAN server sees the internet host's own address (only the destination is rewritten).
            var fromInternet = Exchange(_net.WanPeer, listener, gateway);
            Assert.Equal(WanPeerAddress, fromInternet.Address.ToString());
            // Hairpin: a LAN host that uses the public address and port gets the same server, its packets turned
            // back at the gateway with the WAN address as their source, so the replies come back the same way.
            var fromLan = Exchange(_net.LanHost, listener, gateway);
            Assert.Equal(GatewayWanAddress, fromLan.Address.ToString());
        }
        gateway.Signal(10);
        Assert.Matches(@"hairpinned=[1-9]", gateway.WaitForLine("nat: counters", Patience));
    }

    /// <summary>
    /// Connects from <paramref name="client"/> to the gateway's WAN address, port 8080, sends a line and reads the
    /// server's answer; returns the client address the server saw. Bounded: 10 s.
    /// </summary>
    private static IPEndPoint Exchange(NetworkNamespace client, Socket listener, GatewayProcess gateway)
    {
        Socket connection;
        using (client.Enter()) connection = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (connection)
        {
            var accept = listener.AcceptAsync();
            Assert.True(connection.ConnectAsync(new IPEndPoint(IPAddress.Parse(GatewayWanAddress), 8080)).Wait(TimeSpan.FromSeconds(10)),
                $"no connection to {GatewayWanAddress}:8080 from {client.Name}\n{gateway.Log}");
            Assert.True(accept.Wait(TimeSpan.FromSeconds(10)), "the LAN server accepted nothing\n" + gateway.Log);
            using var served = accept.Result;
            served.ReceiveTimeout = connection.ReceiveTimeout = 10_000;
            connection.Send("GET /\n"u8);
            var buffer = new byte[64];
            Assert.Equal("GET /\n", System.Text.Encoding.ASCII.GetString(buffer, 0, served.Receive(buffer)));
            served.Send("200 ok\n"u8);
            Assert.Equal("200 ok\n", System.Text.Encoding.ASCII.GetString(buffer, 0, connection.Receive(buffer)));
            return (IPEndPoint)served.RemoteEndPoint!;
        }
    }

    [RootFact]
    public void Fifty_thousand_flows_opened_quickly_stay_within_the_bound_and_forwarding_goes_on()
    {
        using var gateway = _net.StartVpnGateway("set nat lan enable\nset nat max-flows 16384");
        const int Flows = 50_000;
        Socket raw;
        using (_net.LanHost.Enter()) raw = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Udp);
        using (raw)
        {
            // UDP headers written by hand (the kernel adds IPv4): one datagram per source port, checksum 0 (none).
            var datagram = new byte[8 + 4];
            var target = new IPEndPoint(IPAddress.Parse(WanPeerAddress), 0);
            for (int i = 0; i < Flows; i++)
            {
                int sourcePort = 10_000 + i;
                datagram[0] = (byte)(sourcePort >> 8);
                datagram[1] = (byte)sourcePort;
                datagram[2] = 0x1b; // 7000
                datagram[3] = 0x58;
                datagram[4] = 0;
                datagram[5] = (byte)datagram.Length;
                raw.SendTo(datagram, target);
                if (i % 250 == 249) Thread.Sleep(2); // quick (2 to 3 s in all), but in bursts a receive queue holds
            }
        }
        var ping = _net.LanHost.Run($"ping -c 3 -i 0.2 -W 2 {WanPeerAddress}");
        Assert.True(ping.Succeeded, ping.StdOut + gateway.Log);

        gateway.Signal(10);
        var counters = CountersReport.Parse(gateway.WaitForLine("nat: counters", Patience));
        var lan = CountersReport.Parse(gateway.WaitForLine("lan: counters", Patience));
        string report = $"nat: {string.Join(' ', counters)}; lan: rx-overruns={lan["rx-overruns"]}";
        // On a busy machine the gateway's LAN thread can fall behind the burst: what it never read is counted by the
        // kernel (rx-overruns), what the WAN thread could not take by the ring (ring-full). Every datagram is a flow
        // created or a loss counted; the 1 % left is for the sender's own veth queue, which the gateway cannot see.
        long accounted = counters["created"] + lan["rx-overruns"] + counters["ring-full"];
        Assert.True(accounted >= Flows * 99 / 100, $"only {accounted} of {Flows} datagrams accounted for: {report}");
        Assert.True(counters["created"] >= 2 * 16_384, $"too few flows created to test the bound: {report}");
        Assert.InRange(counters["flows"], 1, 16_384); // the table's bound
        Assert.True(counters["evicted"] >= counters["created"] - 16_384, $"evicted too few: {report}");
    }

    [RootFact]
    public void A_full_tunnel_vpn_client_reaches_the_internet_through_the_nat_and_the_lan_at_the_same_time()
    {
        // The internet: a host behind wan-peer, which routes for it (198.51.100.0/24).
        using var internet = NetworkNamespace.Create("inet");
        Veth.Connect(_net.WanPeer, "eth1", internet, "eth0");
        _net.WanPeer.Run("ip addr add 198.51.100.1/24 dev eth1 && sysctl -qw net.ipv4.ip_forward=1").EnsureSuccess("wan-peer as router");
        internet.Run("ip addr add 198.51.100.10/24 dev eth0 && ip route add default via 198.51.100.1").EnsureSuccess("internet host");
        foreach (var (space, device) in ((NetworkNamespace, string)[])[(internet, "eth0"), (_net.WanPeer, "eth1")])
            space.Run($"ethtool -K {device} tso off gso off gro off");
        // wan-peer is also the remote PC: its full tunnel (strongSwan's table 220) is for what it sends itself, not
        // for what it routes between the gateway and the internet host.
        _net.WanPeer.Run("ip rule add iif eth0 lookup main priority 100 && ip rule add iif eth1 lookup main priority 101").EnsureSuccess("routing rules");

        using var gateway = Start();
        using var peer = _net.StartRoadWarrior(); // asks for 0.0.0.0/0
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
        Assert.Contains("0.0.0.0/0", peer.ListSas());

        var toInternet = _net.WanPeer.Run("ping -c 3 -i 0.2 -W 2 198.51.100.10");
        Assert.True(toInternet.Succeeded, toInternet.StdOut + gateway.Log + peer.ListSas());
        var toLan = _net.WanPeer.Run($"ping -c 3 -i 0.2 -W 2 {LanHostAddress}");
        Assert.True(toLan.Succeeded, toLan.StdOut + gateway.Log);
        // The internet host saw the gateway's WAN address, not the remote PC's LAN address: its neighbour is wan-peer,
        // and the NAT counted the flow.
        gateway.Signal(10);
        var counters = CountersReport.Parse(gateway.WaitForLine("nat: counters", Patience));
        Assert.True(counters["translated-out"] >= 3 && counters["translated-in"] >= 3, string.Join(' ', counters));
    }
}
