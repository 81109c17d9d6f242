using OnLan.Ports;
using OnLan.Testing;
using OnLan.Wire;

namespace OnLan.Ports.Tests;

public class PortHostTests
{
    private static readonly MacAddress GatewayMac = MacAddress.FromUInt64(0x02_00_00_00_00_01);
    private static readonly MacAddress HostMac = MacAddress.FromUInt64(0x02_00_00_00_00_0A);
    private static readonly MacAddress RouterMac = MacAddress.FromUInt64(0x02_00_00_00_00_FE);
    private static readonly Ipv4Prefix LanAddress = new(Ipv4Address.Parse("198.18.0.1"), 24);
    private static readonly Ipv4Address HostIp = Ipv4Address.Parse("198.18.0.10");
    private static readonly Ipv4Prefix WanAddress = new(Ipv4Address.Parse("203.0.113.1"), 24);
    private static readonly Ipv4Address RouterIp = Ipv4Address.Parse("203.0.113.254");
    private static readonly Ipv4Address FarAwayIp = Ipv4Address.Parse("198.51.100.7");

    private readonly FrameBatch _output = new(64);
    private TimeSpan _now = TimeSpan.FromSeconds(100);

    private static PortHost Lan() => new("lan", GatewayMac, LanAddress, null, 1500);

    private void Receive(PortHost host, byte[] frame)
    {
        _output.Clear();
        host.Receive(frame, _now, _output);
    }

    private PortHost LanWithHostKnown()
    {
        var host = Lan();
        Receive(host, Frames.ArpRequest(HostMac, HostIp, LanAddress.Address));
        _output.Clear();
        return host;
    }

    [Fact]
    public void Arp_request_for_our_address_is_answered_with_our_mac_and_the_sender_is_learned()
    {
        var host = Lan();

        Receive(host, Frames.ArpRequest(HostMac, HostIp, LanAddress.Address));

        Assert.Equal(1, _output.Count);
        var frame = _output.Frame(0);
        Assert.Equal(60, frame.Length); // padded to Ethernet's minimum
        Assert.Equal(WireError.None, EthernetFrame.TryParse(frame, out var ethernet));
        Assert.Equal(HostMac, ethernet.Destination);
        Assert.Equal(GatewayMac, ethernet.Source);
        Assert.Equal(EtherType.Arp, ethernet.EtherType);
        Assert.Equal(WireError.None, ArpPacket.TryParse(ethernet.Payload, out var arp));
        Assert.Equal(new ArpRepr(ArpOperation.Reply, GatewayMac, LanAddress.Address, HostMac, HostIp), ArpRepr.Parse(arp));
        Assert.True(host.Arp.TryGetMac(HostIp, _now, out var learned));
        Assert.Equal(HostMac, learned);
        Assert.Equal(1, host.Counters.ArpRepliesSent);
    }

    [Fact]
    public void Arp_request_for_another_host_is_not_answered_and_not_learned()
    {
        var host = Lan();

        Receive(host, Frames.ArpRequest(HostMac, HostIp, Ipv4Address.Parse("198.18.0.20")));

        Assert.Equal(0, _output.Count);
        Assert.False(host.Arp.Contains(HostIp));
        Assert.Equal(1, host.Counters[DropReason.ArpForOtherHost]);
    }

    [Fact]
    public void Arp_for_another_host_refreshes_a_neighbour_already_known()
    {
        var host = LanWithHostKnown();
        var moved = MacAddress.FromUInt64(0x02_00_00_00_00_BB);

        Receive(host, Frames.ArpRequest(moved, HostIp, Ipv4Address.Parse("198.18.0.20")));

        Assert.True(host.Arp.TryGetMac(HostIp, _now, out var mac));
        Assert.Equal(moved, mac);
    }

    [Fact]
    public void Arp_probe_is_answered_but_teaches_nothing()
    {
        var host = Lan();

        Receive(host, Frames.ArpRequest(HostMac, Ipv4Address.Any, LanAddress.Address));

        Assert.Equal(1, _output.Count);
        Assert.Equal(0, host.Arp.Count);
    }

    [Fact]
    public void Another_host_claiming_our_address_is_counted_and_defended_once_per_interval()
    {
        var host = Lan();
        var intruder = Frames.ArpRequest(HostMac, LanAddress.Address, LanAddress.Address);

        Receive(host, intruder);
        Assert.Equal(1, _output.Count); // the defending announcement
        Receive(host, intruder);
        Assert.Equal(0, _output.Count);
        _now += TimeSpan.FromSeconds(11);
        Receive(host, intruder);
        Assert.Equal(1, _output.Count);

        Assert.Equal(3, host.Counters[DropReason.ArpAddressConflict]);
        Assert.Equal(WireError.None, EthernetFrame.TryParse(_output.Frame(0), out var ethernet));
        Assert.Equal(WireError.None, ArpPacket.TryParse(ethernet.Payload, out var arp));
        Assert.Equal(LanAddress.Address, arp.SenderProtocolAddress);
        Assert.Equal(LanAddress.Address, arp.TargetProtocolAddress);
    }

    [Fact]
    public void Echo_request_is_answered_with_the_same_identifier_sequence_and_data()
    {
        var host = LanWithHostKnown();
        var request = Frames.EchoRequest(HostMac, GatewayMac, HostIp, LanAddress.Address, 0x1234, 7, 56);

        Receive(host, request);

        Assert.Equal(1, _output.Count);
        var reply = _output.Frame(0);
        Assert.Equal(request.Length, reply.Length);
        Assert.Equal(WireError.None, EthernetFrame.TryParse(reply, out var ethernet));
        Assert.Equal(HostMac, ethernet.Destination);
        Assert.Equal(GatewayMac, ethernet.Source);
        Assert.Equal(WireError.None, Ipv4Packet.TryParse(ethernet.Payload, out var ip)); // also proves the header checksum
        Assert.Equal(LanAddress.Address, ip.Source);
        Assert.Equal(HostIp, ip.Destination);
        Assert.Equal(IpProtocol.Icmp, ip.Protocol);
        Assert.Equal(WireError.None, IcmpV4Packet.TryParse(ip.Payload, out var icmp)); // and the ICMP checksum
        Assert.Equal(IcmpV4Type.EchoReply, icmp.Type);
        Assert.Equal(0x1234, icmp.EchoIdentifier);
        Assert.Equal(7, icmp.EchoSequenceNumber);
        Assert.Equal(request.AsSpan(42).ToArray(), icmp.Data.ToArray());
        Assert.Equal(1, host.Counters.EchoRepliesSent);
    }

    [Fact]
    public void Echo_request_from_an_unknown_neighbour_waits_for_arp_then_is_answered()
    {
        var host = Lan();

        Receive(host, Frames.EchoRequest(HostMac, GatewayMac, HostIp, LanAddress.Address, 1, 1, 8));

        var request = Assert.Single(Arps(_output));
        Assert.Equal(ArpOperation.Request, request.Operation);
        Assert.Equal(HostIp, request.TargetProtocolAddress);
        Assert.Equal(1, host.PendingPackets);

        Receive(host, Frames.ArpReply(HostMac, HostIp, GatewayMac, LanAddress.Address));

        Assert.Equal(1, _output.Count);
        Assert.Equal(0, host.PendingPackets);
        Assert.Equal(WireError.None, EthernetFrame.TryParse(_output.Frame(0), out var ethernet));
        Assert.Equal(HostMac, ethernet.Destination);
        Assert.Equal(EtherType.Ipv4, ethernet.EtherType);
    }

    [Fact]
    public void Unanswered_resolution_is_retried_then_given_up_and_the_waiting_packets_counted()
    {
        var host = Lan();
        Receive(host, Frames.EchoRequest(HostMac, GatewayMac, HostIp, LanAddress.Address, 1, 1, 8));
        Receive(host, Frames.EchoRequest(HostMac, GatewayMac, HostIp, LanAddress.Address, 1, 2, 8));
        int requests = 1;

        for (int second = 0; second < 10; second++)
        {
            _now += TimeSpan.FromSeconds(1);
            _output.Clear();
            host.Poll(_now, _output);
            requests += Arps(_output).Count;
        }

        Assert.Equal(PortHostOptions.Default.ArpMaxRequests, requests);
        Assert.Equal(0, host.PendingPackets);
        Assert.Equal(2, host.Counters[DropReason.ArpUnresolved]);
        Assert.False(host.Arp.Contains(HostIp));
    }

    [Fact]
    public void Pending_queue_is_bounded_per_next_hop()
    {
        var host = Lan();
        int perHop = PortHostOptions.Default.PendingPerNextHop;

        for (int i = 0; i < perHop + 5; i++)
            Receive(host, Frames.EchoRequest(HostMac, GatewayMac, HostIp, LanAddress.Address, 1, (ushort)i, 8));

        Assert.Equal(perHop, host.PendingPackets);
        Assert.Equal(5, host.Counters[DropReason.ArpQueueFull]);
    }

    [Fact]
    public void Resolved_neighbour_expires_after_the_reachable_time()
    {
        var host = LanWithHostKnown();

        Assert.True(host.Arp.TryGetMac(HostIp, _now + PortHostOptions.Default.ArpReachableTime - TimeSpan.FromSeconds(1), out _));
        Assert.False(host.Arp.TryGetMac(HostIp, _now + PortHostOptions.Default.ArpReachableTime, out _));
    }

    [Fact]
    public void Reply_to_a_far_away_host_goes_to_the_gateway_router()
    {
        var host = new PortHost("wan", GatewayMac, WanAddress, RouterIp, 1500);
        _output.Clear();
        host.Start(_now, _output);
        Assert.Contains(Arps(_output), arp => arp.TargetProtocolAddress == RouterIp); // resolving the router at start
        Receive(host, Frames.ArpReply(RouterMac, RouterIp, GatewayMac, WanAddress.Address));

        Receive(host, Frames.EchoRequest(RouterMac, GatewayMac, FarAwayIp, WanAddress.Address, 9, 9, 32));

        Assert.Equal(1, _output.Count);
        Assert.Equal(WireError.None, EthernetFrame.TryParse(_output.Frame(0), out var ethernet));
        Assert.Equal(RouterMac, ethernet.Destination);
        Assert.Equal(WireError.None, Ipv4Packet.TryParse(ethernet.Payload, out var ip));
        Assert.Equal(FarAwayIp, ip.Destination);
    }

    [Fact]
    public void Reply_to_a_far_away_host_without_a_router_is_dropped_as_no_route()
    {
        var host = Lan();

        Receive(host, Frames.EchoRequest(HostMac, GatewayMac, FarAwayIp, LanAddress.Address, 9, 9, 32));

        Assert.Equal(0, _output.Count);
        Assert.Equal(1, host.Counters[DropReason.NoRoute]);
    }

    [Fact]
    public void Start_announces_our_address()
    {
        var host = Lan();
        _output.Clear();

        host.Start(_now, _output);

        var announcement = Assert.Single(Arps(_output));
        Assert.Equal(ArpOperation.Request, announcement.Operation);
        Assert.Equal(LanAddress.Address, announcement.SenderProtocolAddress);
        Assert.Equal(LanAddress.Address, announcement.TargetProtocolAddress);
    }

    [Fact]
    public void Broadcast_ping_is_not_answered()
    {
        var host = LanWithHostKnown();

        Receive(host, Frames.EchoRequest(HostMac, MacAddress.Broadcast, HostIp, LanAddress.DirectedBroadcast, 1, 1, 8));
        Receive(host, Frames.EchoRequest(HostMac, MacAddress.Broadcast, HostIp, Ipv4Address.Broadcast, 1, 1, 8));

        Assert.Equal(0, _output.Count);
        Assert.Equal(2, host.Counters[DropReason.IcmpEchoToBroadcast]);
    }

    [Fact]
    public void Unicast_packet_inside_a_broadcast_frame_is_refused()
    {
        var host = LanWithHostKnown();

        Receive(host, Frames.EchoRequest(HostMac, MacAddress.Broadcast, HostIp, LanAddress.Address, 1, 1, 8));

        Assert.Equal(0, _output.Count);
        Assert.Equal(1, host.Counters[DropReason.Ipv4NotForUs]);
    }

    [Fact]
    public void Udp_to_a_bound_port_is_delivered_and_can_be_answered()
    {
        var host = LanWithHostKnown();
        var echo = new UdpEcho(host);
        host.BindUdp(7, echo);

        Receive(host, Frames.Udp(HostMac, GatewayMac, HostIp, LanAddress.Address, 40000, 7, "hello"u8));

        Assert.Equal("hello", echo.Last);
        Assert.Equal(1, _output.Count);
        Assert.Equal(WireError.None, EthernetFrame.TryParse(_output.Frame(0), out var ethernet));
        Assert.Equal(WireError.None, Ipv4Packet.TryParse(ethernet.Payload, out var ip));
        Assert.Equal(WireError.None, UdpDatagram.TryParse(ip.Payload, ip.Source, ip.Destination, out var udp));
        Assert.NotEqual(0, udp.Checksum);
        Assert.Equal(7, udp.SourcePort);
        Assert.Equal(40000, udp.DestinationPort);
        Assert.Equal("hello"u8.ToArray(), udp.Payload.ToArray());
    }

    [Fact]
    public void A_broadcast_from_the_tunnel_is_received_by_the_gateway_and_not_flooded_onto_the_segment()
    {
        var host = Lan();
        var listener = new UdpEcho(host) { Reply = false };
        host.BindUdp(67, listener);
        var frame = Frames.Udp(HostMac, GatewayMac, RemotePc, Ipv4Address.Broadcast, 68, 67, "inform"u8);

        host.Inject(frame.AsSpan(EthernetFrame.HeaderLength), TimeSpan.Zero, _output);

        Assert.Equal("inform", listener.Last);
        Assert.True(listener.LastContext.Injected);
        Assert.Equal(0, _output.Count);
    }

    [Fact]
    public void A_datagram_off_the_wire_is_not_marked_as_injected()
    {
        var host = LanWithHostKnown();
        var listener = new UdpEcho(host) { Reply = false };
        host.BindUdp(67, listener);

        Receive(host, Frames.Udp(HostMac, GatewayMac, HostIp, LanAddress.Address, 68, 67, "x"u8));

        Assert.Equal("x", listener.Last);
        Assert.False(listener.LastContext.Injected);
    }

    [Fact]
    public void A_host_without_an_address_may_broadcast_udp_from_0_0_0_0_and_nothing_else()
    {
        var host = Lan();
        var listener = new UdpEcho(host) { Reply = false };
        host.BindUdp(67, listener);

        Receive(host, Frames.Udp(HostMac, MacAddress.Broadcast, Ipv4Address.Any, Ipv4Address.Broadcast, 68, 67, "discover"u8));
        Assert.Equal("discover", listener.Last);

        // Unicast from 0.0.0.0, or ICMP from it, stays a martian.
        Receive(host, Frames.Udp(HostMac, GatewayMac, Ipv4Address.Any, LanAddress.Address, 68, 67, "unicast"u8));
        Receive(host, Frames.EchoRequest(HostMac, MacAddress.Broadcast, Ipv4Address.Any, Ipv4Address.Broadcast, 1, 1, 8));
        Assert.Equal("discover", listener.Last);
        Assert.Equal(2, host.Counters[DropReason.Ipv4BadSource]);
        Assert.Equal(0, _output.Count);
    }

    [Fact]
    public void Udp_to_the_broadcast_address_goes_out_in_a_broadcast_frame_without_arp()
    {
        var host = Lan();

        Assert.True(host.SendUdp(67, Ipv4Address.Broadcast, 68, "offer"u8, TimeSpan.Zero, _output));

        Assert.Equal(1, _output.Count);
        Assert.Equal(WireError.None, EthernetFrame.TryParse(_output.Frame(0), out var ethernet));
        Assert.Equal(MacAddress.Broadcast, ethernet.Destination);
        Assert.Equal(WireError.None, Ipv4Packet.TryParse(ethernet.Payload, out var ip));
        Assert.Equal(Ipv4Address.Broadcast, ip.Destination);
        Assert.Equal(0, host.Counters.ArpRequestsSent);
    }

    [Fact]
    public void Udp_to_a_closed_port_gets_port_unreachable_quoting_the_datagram()
    {
        var host = LanWithHostKnown();
        var datagram = Frames.Udp(HostMac, GatewayMac, HostIp, LanAddress.Address, 40000, 9, "x"u8);

        Receive(host, datagram);

        Assert.Equal(1, host.Counters[DropReason.UdpNoListener]);
        Assert.Equal(1, _output.Count);
        Assert.Equal(WireError.None, EthernetFrame.TryParse(_output.Frame(0), out var ethernet));
        Assert.Equal(WireError.None, Ipv4Packet.TryParse(ethernet.Payload, out var ip));
        Assert.Equal(WireError.None, IcmpV4Packet.TryParse(ip.Payload, out var icmp));
        Assert.Equal(IcmpV4Type.DestinationUnreachable, icmp.Type);
        Assert.Equal((byte)IcmpV4UnreachableCode.PortUnreachable, icmp.Code);
        Assert.Equal(datagram.AsSpan(EthernetFrame.HeaderLength).ToArray(), icmp.Data.ToArray());
    }

    [Fact]
    public void Icmp_errors_are_rate_limited()
    {
        var host = LanWithHostKnown();
        int sent = 0;

        for (int i = 0; i < 500; i++)
        {
            Receive(host, Frames.Udp(HostMac, GatewayMac, HostIp, LanAddress.Address, 40000, 9, "x"u8));
            sent += _output.Count;
        }

        Assert.Equal((int)PortHostOptions.Default.IcmpErrorBurst, sent);
        Assert.Equal(500 - sent, host.Counters[DropReason.IcmpErrorRateLimited]);
    }

    [Fact]
    public void Full_output_batch_drops_and_counts_instead_of_failing()
    {
        var host = LanWithHostKnown();
        var tiny = new FrameBatch(1);
        var request = Frames.EchoRequest(HostMac, GatewayMac, HostIp, LanAddress.Address, 1, 1, 8);

        host.Receive(request, _now, tiny);
        host.Receive(request, _now, tiny);

        Assert.Equal(1, tiny.Count);
        Assert.Equal(1, host.Counters[DropReason.OutputFull]);
    }

    [Fact]
    public void Every_malformed_kind_is_counted_under_exactly_its_own_reason()
    {
        var host = LanWithHostKnown();
        var generator = new MalformedFrames(GatewayMac, LanAddress.Address, HostMac, HostIp, seed: 1);
        var expected = new long[DropReasons.Count];

        foreach (var frame in generator.Generate(13_000))
        {
            if (frame.Expected is not { } reason) continue;
            Receive(host, frame.Bytes);
            expected[(int)reason]++;
            AssertOnlyIcmpErrors(_output);
        }

        for (int i = 0; i < DropReasons.Count; i++)
        {
            var reason = (DropReason)i;
            if (reason == DropReason.IcmpErrorRateLimited) continue; // a consequence, not a refusal of a frame
            Assert.True(expected[i] == host.Counters[reason], $"{DropReasons.Name(reason)}: counted {host.Counters[reason]}, expected {expected[i]}");
        }
        Assert.True(expected.Count(n => n > 0) >= 20, "the generator covers at least 20 reasons");

        Receive(host, Frames.EchoRequest(HostMac, GatewayMac, HostIp, LanAddress.Address, 5, 5, 8));
        Assert.Equal(1, host.Counters.EchoRepliesSent);
    }

    [Fact]
    public void Random_bytes_are_each_counted_once_and_the_port_still_answers()
    {
        var host = LanWithHostKnown();
        var generator = new MalformedFrames(GatewayMac, LanAddress.Address, HostMac, HostIp, seed: 2);
        int random = 0;

        foreach (var frame in generator.Generate(26_000))
        {
            if (frame.Expected is not null) continue;
            Receive(host, frame.Bytes);
            random++;
            AssertOnlyIcmpErrors(_output);
        }

        Assert.Equal(random, host.Counters.TotalDropped - host.Counters[DropReason.IcmpErrorRateLimited]);
        Receive(host, Frames.EchoRequest(HostMac, GatewayMac, HostIp, LanAddress.Address, 5, 5, 8));
        Assert.Equal(1, host.Counters.EchoRepliesSent);
    }

    private static void AssertOnlyIcmpErrors(FrameBatch output)
    {
        // The only answers a bad frame may get are ICMP errors (protocol unreachable for the TCP kind).
        for (int i = 0; i < output.Count; i++)
        {
            Assert.Equal(WireError.None, EthernetFrame.TryParse(output.Frame(i), out var ethernet));
            Assert.Equal(WireError.None, Ipv4Packet.TryParse(ethernet.Payload, out var ip));
            Assert.Equal(WireError.None, IcmpV4Packet.TryParse(ip.Payload, out var icmp));
            Assert.Equal(IcmpV4Type.DestinationUnreachable, icmp.Type);
        }
    }

    [Fact]
    public void Answering_pings_allocates_nothing()
    {
        var host = LanWithHostKnown();
        var request = Frames.EchoRequest(HostMac, GatewayMac, HostIp, LanAddress.Address, 1, 1, 1400);
        var arp = Frames.ArpRequest(HostMac, HostIp, LanAddress.Address);
        var bad = Frames.Udp(HostMac, GatewayMac, HostIp, LanAddress.Address, 1, 9, "x"u8);
        for (int i = 0; i < 100; i++) Receive(host, request);

        // Best of three passes: the runtime may allocate once on this thread while it moves code to optimized tiers;
        // a receive path that allocates does so in every pass.
        List<long> passes = [];
        while (passes.Count < 3 && (passes.Count == 0 || passes[^1] != 0))
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                _output.Clear();
                host.Receive(request, _now, _output);
                host.Receive(arp, _now, _output);
                host.Receive(bad, _now, _output);
                host.Poll(_now, _output);
            }
            passes.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(passes.Min() == 0, $"bytes allocated in each pass of 10,000 rounds: {string.Join(", ", passes)}");
        Assert.Equal(100 + passes.Count * 10_000, host.Counters.EchoRepliesSent);
    }

    private static readonly Ipv4Address RemotePc = Ipv4Address.Parse("198.18.0.200");

    [Fact]
    public void Leased_address_is_answered_by_proxy_arp_with_our_mac_and_nothing_else_is()
    {
        var host = Lan();
        host.SetProxyAddresses([RemotePc]);

        Receive(host, Frames.ArpRequest(HostMac, HostIp, RemotePc));
        var reply = Assert.Single(Arps(_output));
        Assert.Equal(new ArpRepr(ArpOperation.Reply, GatewayMac, RemotePc, HostMac, HostIp), reply);

        Receive(host, Frames.ArpRequest(HostMac, HostIp, Ipv4Address.Parse("198.18.0.201")));
        Assert.Empty(Arps(_output));
        Assert.Equal(1, host.Counters.ProxyArpRepliesSent);
        Assert.Equal(1, host.Counters[DropReason.ArpForOtherHost]);
    }

    [Fact]
    public void Proxy_arp_stops_when_the_lease_ends()
    {
        var host = Lan();
        host.SetProxyAddresses([RemotePc]);
        host.SetProxyAddresses([]);

        Receive(host, Frames.ArpRequest(HostMac, HostIp, RemotePc));

        Assert.Empty(Arps(_output));
    }

    [Fact]
    public void A_newly_leased_address_is_announced_once_with_a_gratuitous_arp()
    {
        var host = Lan();
        host.SetProxyAddresses([RemotePc]);

        _output.Clear();
        host.Poll(_now, _output);
        var announcement = Assert.Single(Arps(_output));
        Assert.Equal(new ArpRepr(ArpOperation.Request, GatewayMac, RemotePc, MacAddress.Zero, RemotePc), announcement);

        _output.Clear();
        host.Poll(_now, _output);
        Assert.Empty(Arps(_output));
        Assert.Equal(1, host.Counters.GratuitousArpsSent);
    }

    [Fact]
    public void A_lan_host_claiming_a_leased_address_is_counted_as_a_conflict()
    {
        var host = Lan();
        host.SetProxyAddresses([RemotePc]);

        Receive(host, Frames.ArpRequest(HostMac, RemotePc, LanAddress.Address));

        Assert.Equal(1, host.Counters[DropReason.ArpProxyConflict]);
        Assert.Empty(Arps(_output));
    }

    private static List<ArpRepr> Arps(FrameBatch batch)
    {
        var arps = new List<ArpRepr>();
        for (int i = 0; i < batch.Count; i++)
        {
            if (EthernetFrame.TryParse(batch.Frame(i), out var ethernet) == WireError.None && ethernet.EtherType == EtherType.Arp &&
                ArpPacket.TryParse(ethernet.Payload, out var arp) == WireError.None)
                arps.Add(ArpRepr.Parse(arp));
        }
        return arps;
    }

    private sealed class UdpEcho(PortHost host) : IUdpReceiver
    {
        public string? Last { get; private set; }
        public UdpReceiveContext LastContext { get; private set; }
        public bool Reply { get; init; } = true;

        public void Receive(in UdpReceiveContext context, Span<byte> payload, FrameBatch output)
        {
            Last = System.Text.Encoding.ASCII.GetString(payload);
            LastContext = context;
            if (Reply) host.SendUdp(context.DestinationPort, context.Source, context.SourcePort, payload, context.Now, output);
        }
    }
}
