using OnLan.Routing.Nat;
using OnLan.Wire;
using static OnLan.Routing.Tests.Nat.NatPackets;

namespace OnLan.Routing.Tests.Nat;

public class NatForwardingTests
{
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(1);

    private static NatTable TableForwarding8080ToServer()
    {
        var table = new NatTable(Wan, new NatOptions { Capacity = 1024, HashSeed = 3 });
        Assert.True(table.AddPortForward(new NatPortForward(IpProtocol.Tcp, 8080, Server, 80)));
        return table;
    }

    [Fact]
    public void Port_forward_text_parses_like_the_cli_writes_it()
    {
        Assert.True(NatPortForward.TryParse("tcp 8080 10.0.0.10:80", out var forward));
        Assert.Equal(new NatPortForward(IpProtocol.Tcp, 8080, Server, 80), forward);
        Assert.Equal("tcp 8080 10.0.0.10:80", forward.ToString());
        Assert.True(NatPortForward.TryParse("udp 5353 10.0.0.10:53", out forward));
        Assert.Equal(IpProtocol.Udp, forward.Protocol);
        foreach (var bad in new[] { "", "icmp 1 10.0.0.1:1", "tcp 0 10.0.0.1:1", "tcp 65536 10.0.0.1:1", "tcp 80 10.0.0.1", "tcp 80 10.0.0.1:", "tcp 80 10.0.0:80", "tcp  80 10.0.0.1:80", "tcp 080 10.0.0.1:80" })
            Assert.False(NatPortForward.TryParse(bad, out _), bad);
    }

    [Fact]
    public void Forwards_on_reserved_or_already_forwarded_ports_are_refused()
    {
        var table = TableForwarding8080ToServer();

        Assert.False(table.AddPortForward(new NatPortForward(IpProtocol.Tcp, 8080, HostA, 80)));
        Assert.False(table.AddPortForward(new NatPortForward(IpProtocol.Udp, 500, HostA, 500)));
        Assert.False(table.AddPortForward(new NatPortForward(IpProtocol.Icmp, 1, HostA, 1)));
        Assert.True(table.AddPortForward(new NatPortForward(IpProtocol.Udp, 8080, HostA, 80)));
        Assert.Equal(2, table.PortForwards.Count);
    }

    [Fact]
    public void First_inbound_packet_to_a_forwarded_port_opens_a_flow_and_replies_leave_from_that_port()
    {
        var table = TableForwarding8080ToServer();
        var syn = Tcp(Remote, 5555, Wan, 8080, Syn);

        Assert.Equal(NatResult.Translated, table.Inbound(syn, Now));

        Assert.Equal(Tcp(Remote, 5555, Server, 80, Syn), syn);
        Assert.True(table.TryGetFlow(IpProtocol.Tcp, Server, 80, Remote, 5555, out var flow));
        Assert.True(flow.OpenedByPortForward);
        Assert.Equal(8080, flow.ExternalPort);
        var synAck = Tcp(Server, 80, Remote, 5555, Syn | Ack);
        Assert.Equal(NatResult.Translated, table.Outbound(synAck, Now));
        Assert.Equal(Tcp(Wan, 8080, Remote, 5555, Syn | Ack), synAck);
        Assert.True(table.TryGetFlow(IpProtocol.Tcp, Server, 80, Remote, 5555, out flow));
        Assert.Equal(TcpConnectionState.Established, flow.TcpState);
    }

    [Fact]
    public void Two_clients_share_the_forwarded_port()
    {
        var table = TableForwarding8080ToServer();

        Assert.Equal(NatResult.Translated, table.Inbound(Tcp(Remote, 5555, Wan, 8080, Syn), Now));
        Assert.Equal(NatResult.Translated, table.Inbound(Tcp(Router, 5555, Wan, 8080, Syn), Now));

        var toFirst = Tcp(Server, 80, Remote, 5555, Syn | Ack);
        var toSecond = Tcp(Server, 80, Router, 5555, Syn | Ack);
        table.Outbound(toFirst, Now);
        table.Outbound(toSecond, Now);
        Assert.Equal(Tcp(Wan, 8080, Remote, 5555, Syn | Ack), toFirst);
        Assert.Equal(Tcp(Wan, 8080, Router, 5555, Syn | Ack), toSecond);
    }

    [Fact]
    public void A_forwarded_port_is_never_given_to_an_outbound_flow()
    {
        var table = TableForwarding8080ToServer();
        var packet = Tcp(HostA, 8080, Remote, 443, Syn);

        table.Outbound(packet, Now);

        Assert.NotEqual(8080, SourcePort(packet));
    }

    [Fact]
    public void A_rst_to_a_forwarded_port_opens_no_flow()
    {
        var table = TableForwarding8080ToServer();

        Assert.Equal(NatResult.NotTracked, table.Inbound(Tcp(Remote, 5555, Wan, 8080, Rst), Now));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void A_removed_forward_opens_no_more_flows()
    {
        var table = TableForwarding8080ToServer();

        Assert.True(table.RemovePortForward(IpProtocol.Tcp, 8080));

        Assert.Equal(NatResult.NotTracked, table.Inbound(Tcp(Remote, 5555, Wan, 8080, Syn), Now));
    }

    [Fact]
    public void Lan_host_reaches_a_forwarded_server_through_the_wan_address_and_back()
    {
        var table = TableForwarding8080ToServer();
        var syn = Tcp(HostA, 40000, Wan, 8080, Syn);

        Assert.Equal(NatResult.Hairpin, table.Outbound(syn, Now));

        // The server sees the connection come from the WAN address, so its answer comes back through the gateway.
        Assert.Equal(Tcp(Wan, 40000, Server, 80, Syn), syn);
        AssertChecksumsValid(syn);
        var synAck = Tcp(Server, 80, Wan, 40000, Syn | Ack);
        Assert.Equal(NatResult.Hairpin, table.Outbound(synAck, Now));
        Assert.Equal(Tcp(Wan, 8080, HostA, 40000, Syn | Ack), synAck);
        AssertChecksumsValid(synAck);
        Assert.Equal(2, table.Counters.Hairpinned);
        Assert.True(table.TryGetFlow(IpProtocol.Tcp, HostA, 40000, Wan, 8080, out var client));
        Assert.Equal(TcpConnectionState.Established, client.TcpState);
    }

    [Fact]
    public void Lan_traffic_to_the_wan_address_on_no_forwarded_port_is_for_the_gateway_and_untouched()
    {
        var table = TableForwarding8080ToServer();
        byte[][] packets =
        [
            Echo(IcmpV4Type.EchoRequest, HostA, Wan, 1),
            Udp(HostA, 40000, Wan, 500),
            Tcp(HostA, 40000, Wan, 22, Syn),
        ];

        foreach (var packet in packets)
        {
            var before = packet.ToArray();
            Assert.Equal(NatResult.ForGateway, table.Outbound(packet, Now));
            Assert.Equal(before, packet);
        }
        Assert.Equal(0, table.Count);
    }
}
