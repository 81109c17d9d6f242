using OnLan.Routing.Nat;
using OnLan.Wire;
using static OnLan.Routing.Tests.Nat.NatPackets;

namespace OnLan.Routing.Tests.Nat;

public class NatTrackingTests
{
    private static readonly NatTimeouts Timeouts = new();

    private static NatTable Table(int capacity = 1024) => new(Wan, new NatOptions { Capacity = capacity, HashSeed = 7 });

    private static NatFlowInfo Flow(NatTable table, IpProtocol protocol, ushort port, ushort remotePort)
    {
        Assert.True(table.TryGetFlow(protocol, HostA, port, Remote, remotePort, out var info));
        return info;
    }

    private static NatResult Out(NatTable table, byte flags, TimeSpan now) => table.Outbound(Tcp(HostA, 51000, Remote, 443, flags), now);

    private static NatResult In(NatTable table, byte flags, TimeSpan now) => table.Inbound(Tcp(Remote, 443, Wan, 51000, flags), now);

    [Fact]
    public void Syn_then_syn_ack_establishes_the_connection_with_the_long_timeout()
    {
        var table = Table();
        var t = TimeSpan.FromSeconds(10);

        Out(table, Syn, t);
        Assert.Equal(TcpConnectionState.SynSent, Flow(table, IpProtocol.Tcp, 51000, 443).TcpState);
        Assert.Equal(t + Timeouts.TcpTransitory, Flow(table, IpProtocol.Tcp, 51000, 443).ExpiresAt);

        In(table, Syn | Ack, t + TimeSpan.FromSeconds(1));
        var established = Flow(table, IpProtocol.Tcp, 51000, 443);
        Assert.Equal(TcpConnectionState.Established, established.TcpState);
        Assert.Equal(t + TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(7440), established.ExpiresAt);
        Assert.True(established.Replied);
    }

    [Fact]
    public void Fin_from_both_sides_shortens_the_timeout_to_closing()
    {
        var table = Table();
        var t = TimeSpan.FromSeconds(10);
        Out(table, Syn, t);
        In(table, Syn | Ack, t);
        Out(table, Ack, t);

        Out(table, Fin | Ack, t);
        Assert.Equal(TcpConnectionState.FinWait, Flow(table, IpProtocol.Tcp, 51000, 443).TcpState);
        In(table, Fin | Ack, t);
        Out(table, Ack, t);

        var closing = Flow(table, IpProtocol.Tcp, 51000, 443);
        Assert.Equal(TcpConnectionState.TimeWait, closing.TcpState);
        Assert.Equal(t + Timeouts.TcpClosing, closing.ExpiresAt);
        Assert.True(Timeouts.TcpClosing < Timeouts.TcpEstablished);
        Assert.Equal(NatResult.NotTracked, In(table, Ack, t + Timeouts.TcpClosing));
    }

    [Fact]
    public void Rst_either_way_closes_the_connection()
    {
        var table = Table();
        var t = TimeSpan.FromSeconds(10);
        Out(table, Syn, t);
        In(table, Syn | Ack, t);

        In(table, Rst, t);

        var closed = Flow(table, IpProtocol.Tcp, 51000, 443);
        Assert.Equal(TcpConnectionState.Closed, closed.TcpState);
        Assert.Equal(t + Timeouts.TcpClosed, closed.ExpiresAt);
    }

    [Fact]
    public void A_new_syn_after_the_close_reopens_the_same_flow()
    {
        var table = Table();
        var t = TimeSpan.FromSeconds(10);
        Out(table, Syn, t);
        Out(table, Rst, t);

        Out(table, Syn, t + TimeSpan.FromSeconds(1));

        Assert.Equal(TcpConnectionState.SynSent, Flow(table, IpProtocol.Tcp, 51000, 443).TcpState);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void A_rst_for_no_flow_opens_none()
    {
        var table = Table();

        Assert.Equal(NatResult.NotTracked, Out(table, Rst | Ack, TimeSpan.Zero));
        Assert.Equal(0, table.Count);
        Assert.Equal(1, table.Counters.NotTrackedOutbound);
    }

    [Fact]
    public void A_connection_seen_mid_stream_is_picked_up_and_established_by_the_first_answer()
    {
        var table = Table();

        Assert.Equal(NatResult.Translated, Out(table, Ack, TimeSpan.Zero));
        Assert.Equal(TcpConnectionState.SynSent, Flow(table, IpProtocol.Tcp, 51000, 443).TcpState);
        In(table, Ack, TimeSpan.Zero);
        Assert.Equal(TcpConnectionState.Established, Flow(table, IpProtocol.Tcp, 51000, 443).TcpState);
    }

    [Fact]
    public void An_unanswered_udp_flow_expires_after_30_seconds()
    {
        var table = Table();
        table.Outbound(Udp(HostA, 40000, Remote, 53), TimeSpan.Zero);

        Assert.Equal(NatResult.Translated, table.Inbound(Udp(Remote, 53, Wan, 40000), TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1)));
        var table2 = Table();
        table2.Outbound(Udp(HostA, 40000, Remote, 53), TimeSpan.Zero);
        Assert.Equal(NatResult.NotTracked, table2.Inbound(Udp(Remote, 53, Wan, 40000), TimeSpan.FromSeconds(30)));
        Assert.Equal(1, table2.Counters.FlowsExpired);
        Assert.Equal(0, table2.Count);
    }

    [Fact]
    public void An_answered_udp_flow_lives_180_seconds_after_its_last_packet()
    {
        var table = Table();
        table.Outbound(Udp(HostA, 40000, Remote, 53), TimeSpan.Zero);
        table.Inbound(Udp(Remote, 53, Wan, 40000), TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(185), Flow(table, IpProtocol.Udp, 40000, 53).ExpiresAt);
        Assert.Equal(NatResult.Translated, table.Inbound(Udp(Remote, 53, Wan, 40000), TimeSpan.FromSeconds(184)));
        Assert.Equal(NatResult.NotTracked, table.Inbound(Udp(Remote, 53, Wan, 40000), TimeSpan.FromSeconds(184 + 180)));
    }

    [Fact]
    public void An_echo_flow_expires_after_30_seconds()
    {
        var table = Table();
        table.Outbound(Echo(IcmpV4Type.EchoRequest, HostA, Remote, 77), TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(30), Flow(table, IpProtocol.Icmp, 77, 0).ExpiresAt);
        Assert.Equal(NatResult.NotTracked, table.Inbound(Echo(IcmpV4Type.EchoReply, Remote, Wan, 77), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void An_expired_flow_is_replaced_by_a_fresh_one_on_the_next_outbound_packet()
    {
        var table = Table();
        table.Outbound(Udp(HostA, 40000, Remote, 53), TimeSpan.Zero);

        Assert.Equal(NatResult.Translated, table.Outbound(Udp(HostA, 40000, Remote, 53), TimeSpan.FromMinutes(5)));

        Assert.Equal(1, table.Count);
        Assert.Equal(2, table.Counters.FlowsCreated);
        Assert.Equal(1, table.Counters.FlowsExpired);
    }

    [Fact]
    public void Sweep_removes_expired_flows_within_its_budget_and_frees_their_ports()
    {
        var table = Table(capacity: 64);
        for (ushort i = 0; i < 10; i++) table.Outbound(Udp(HostA, (ushort)(40000 + i), Remote, 53), TimeSpan.Zero);
        table.Outbound(Tcp(HostB, 40000, Remote, 443, Syn), TimeSpan.Zero); // transitory: 4 minutes

        Assert.Equal(0, table.Sweep(TimeSpan.FromSeconds(29), budget: 64));
        Assert.Equal(4, table.Sweep(TimeSpan.FromSeconds(31), budget: 4));
        Assert.Equal(6, table.Sweep(TimeSpan.FromSeconds(31), budget: 64));

        Assert.Equal(1, table.Count);
        Assert.Equal(10, table.Counters.FlowsExpired);
        var again = Udp(HostB, 40000, Remote, 53);
        table.Outbound(again, TimeSpan.FromSeconds(31));
        Assert.Equal(40000, SourcePort(again)); // UDP 40000 is free again (TCP 40000 is another protocol's port)
    }
}
