using OnLan.Routing.Nat;
using OnLan.Wire;
using static OnLan.Routing.Tests.Nat.NatPackets;

namespace OnLan.Routing.Tests.Nat;

public class NatTranslationTests
{
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(100);

    private static NatTable Table(int capacity = 1024) => new(Wan, new NatOptions { Capacity = capacity, HashSeed = 42 });

    [Fact]
    public void Outbound_udp_leaves_from_the_wan_address_and_its_reply_comes_back_exactly_mirrored()
    {
        var table = Table();
        var packet = Udp(HostA, 40000, Remote, 53);

        Assert.Equal(NatResult.Translated, table.Outbound(packet, Now));

        Assert.Equal(Udp(Wan, 40000, Remote, 53), packet);
        AssertChecksumsValid(packet);
        var reply = Udp(Remote, 53, Wan, 40000);
        Assert.Equal(NatResult.Translated, table.Inbound(reply, Now));
        Assert.Equal(Udp(Remote, 53, HostA, 40000), reply);
        Assert.Equal(1, table.Counters.TranslatedOutbound);
        Assert.Equal(1, table.Counters.TranslatedInbound);
        Assert.Equal(1, table.Counters.FlowsCreated);
    }

    [Fact]
    public void Outbound_tcp_leaves_from_the_wan_address_and_its_reply_comes_back_exactly_mirrored()
    {
        var table = Table();
        var packet = Tcp(HostA, 51000, Remote, 443, Syn);

        Assert.Equal(NatResult.Translated, table.Outbound(packet, Now));

        Assert.Equal(Tcp(Wan, 51000, Remote, 443, Syn), packet);
        AssertChecksumsValid(packet);
        var reply = Tcp(Remote, 443, Wan, 51000, Syn | Ack, payloadLength: 33);
        Assert.Equal(NatResult.Translated, table.Inbound(reply, Now));
        Assert.Equal(Tcp(Remote, 443, HostA, 51000, Syn | Ack, payloadLength: 33), reply);
        AssertChecksumsValid(reply);
    }

    [Fact]
    public void Outbound_echo_request_leaves_from_the_wan_address_and_its_reply_comes_back_exactly_mirrored()
    {
        var table = Table();
        var packet = Echo(IcmpV4Type.EchoRequest, HostA, Remote, identifier: 7, sequence: 3);

        Assert.Equal(NatResult.Translated, table.Outbound(packet, Now));

        Assert.Equal(Echo(IcmpV4Type.EchoRequest, Wan, Remote, 7, 3), packet);
        AssertChecksumsValid(packet);
        var reply = Echo(IcmpV4Type.EchoReply, Remote, Wan, 7, 3);
        Assert.Equal(NatResult.Translated, table.Inbound(reply, Now));
        Assert.Equal(Echo(IcmpV4Type.EchoReply, Remote, HostA, 7, 3), reply);
    }

    [Fact]
    public void Udp_without_a_checksum_keeps_none()
    {
        var table = Table();
        var packet = Udp(HostA, 40000, Remote, 53);
        packet[Ipv4Repr.HeaderLength + 6] = packet[Ipv4Repr.HeaderLength + 7] = 0;

        Assert.Equal(NatResult.Translated, table.Outbound(packet, Now));

        Assert.Equal(0, packet[Ipv4Repr.HeaderLength + 6] | packet[Ipv4Repr.HeaderLength + 7]);
        AssertChecksumsValid(packet);
    }

    [Fact]
    public void Checksums_stay_valid_across_many_addresses_and_ports()
    {
        var table = Table(capacity: 4096);
        var random = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            var host = new Ipv4Address((uint)random.Next(0x0A000000, 0x0AFFFFFF));
            var remote = new Ipv4Address((uint)random.Next(1, int.MaxValue));
            ushort port = (ushort)random.Next(1, 65536), remotePort = (ushort)random.Next(1, 65536);
            var packet = (i % 3) switch
            {
                0 => Udp(host, port, remote, remotePort, payloadLength: random.Next(0, 40)),
                1 => Tcp(host, port, remote, remotePort, Syn, payloadLength: random.Next(0, 40)),
                _ => Echo(IcmpV4Type.EchoRequest, host, remote, port),
            };
            Assert.Equal(NatResult.Translated, table.Outbound(packet, Now));
            AssertChecksumsValid(packet);
        }
    }

    [Fact]
    public void Source_port_is_kept_when_no_flow_uses_it_and_another_host_gets_a_different_one()
    {
        var table = Table();
        var fromA = Udp(HostA, 40000, Remote, 53);
        var fromB = Udp(HostB, 40000, Remote, 53);

        Assert.Equal(NatResult.Translated, table.Outbound(fromA, Now));
        Assert.Equal(NatResult.Translated, table.Outbound(fromB, Now));

        Assert.Equal(40000, SourcePort(fromA));
        ushort portOfB = SourcePort(fromB);
        Assert.NotEqual(40000, portOfB);
        Assert.InRange(portOfB, 1024, 65535);
        var toA = Udp(Remote, 53, Wan, 40000);
        var toB = Udp(Remote, 53, Wan, portOfB);
        Assert.Equal(NatResult.Translated, table.Inbound(toA, Now));
        Assert.Equal(NatResult.Translated, table.Inbound(toB, Now));
        Assert.Equal(Udp(Remote, 53, HostA, 40000), toA);
        Assert.Equal(Udp(Remote, 53, HostB, 40000), toB);
    }

    [Fact]
    public void The_same_host_and_port_to_a_second_destination_is_a_second_flow()
    {
        var table = Table();
        var first = Udp(HostA, 40000, Remote, 53);
        var second = Udp(HostA, 40000, Router, 53);

        table.Outbound(first, Now);
        table.Outbound(second, Now);

        Assert.Equal(2, table.Count);
        Assert.NotEqual(SourcePort(first), SourcePort(second));
    }

    [Fact]
    public void Ports_the_gateway_reserves_for_itself_are_never_given_to_a_flow()
    {
        var table = Table();
        var ike = Udp(HostA, 500, Remote, 500);

        Assert.Equal(NatResult.Translated, table.Outbound(ike, Now));

        Assert.NotEqual(500, SourcePort(ike));
        var toGateway = Udp(Remote, 500, Wan, 500);
        Assert.Equal(NatResult.NotTracked, table.Inbound(toGateway, Now));
    }

    [Fact]
    public void Unsolicited_inbound_packets_are_not_tracked_and_left_untouched()
    {
        var table = Table();
        byte[][] packets =
        [
            Udp(Remote, 53, Wan, 40000),
            Tcp(Remote, 443, Wan, 51000, Syn),
            Echo(IcmpV4Type.EchoRequest, Remote, Wan, 9),
            Echo(IcmpV4Type.EchoReply, Remote, Wan, 9),
            OfProtocol((byte)IpProtocol.Esp, Remote, Wan),
            Udp(Remote, 53, Router, 40000), // not even for the WAN address
        ];

        foreach (var packet in packets)
        {
            var before = packet.ToArray();
            Assert.Equal(NatResult.NotTracked, table.Inbound(packet, Now));
            Assert.Equal(before, packet);
        }
        Assert.Equal(packets.Length, table.Counters.NotTrackedInbound);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void A_reply_from_another_remote_port_is_not_tracked()
    {
        var table = Table();
        table.Outbound(Udp(HostA, 40000, Remote, 53), Now);

        Assert.Equal(NatResult.NotTracked, table.Inbound(Udp(Remote, 54, Wan, 40000), Now));
        Assert.Equal(NatResult.NotTracked, table.Inbound(Udp(Router, 53, Wan, 40000), Now));
    }

    [Fact]
    public void Protocols_without_ports_are_dropped_outbound()
    {
        var table = Table();
        var gre = OfProtocol(47, HostA, Remote);

        Assert.Equal(NatResult.DroppedUnsupported, table.Outbound(gre, Now));
        Assert.Equal(NatResult.DroppedUnsupported, table.Outbound(Echo(IcmpV4Type.EchoReply, HostA, Remote, 1), Now));
        Assert.Equal(2, table.Counters.Unsupported);
    }

    [Fact]
    public void Non_first_fragments_are_dropped_and_counted_and_first_fragments_translate_by_their_header()
    {
        var table = Table();
        var first = AsFragment(Udp(HostA, 40000, Remote, 53, payloadLength: 64), moreFragments: true, offsetBytes: 0);
        var later = AsFragment(Udp(HostA, 40000, Remote, 53), moreFragments: false, offsetBytes: 72);

        Assert.Equal(NatResult.Translated, table.Outbound(first, Now));
        Assert.Equal(NatResult.DroppedFragment, table.Outbound(later, Now));
        Assert.Equal(NatResult.DroppedFragment, table.Inbound(AsFragment(Udp(Remote, 53, Wan, 40000), false, 72), Now));

        Assert.Equal(Wan, Source(first));
        Assert.Equal(2, table.Counters.Fragments);
    }

    [Fact]
    public void Every_truncation_is_dropped_as_malformed_without_touching_the_bytes()
    {
        var table = Table();
        foreach (var whole in new[] { Udp(HostA, 1, Remote, 2), Tcp(HostA, 1, Remote, 2, Syn), Echo(IcmpV4Type.EchoRequest, HostA, Remote, 1) })
        {
            for (int length = 0; length < whole.Length; length++)
            {
                var cut = whole.AsSpan(0, length).ToArray();
                Assert.Equal(NatResult.DroppedMalformed, table.Outbound(cut, Now));
                Assert.Equal(NatResult.DroppedMalformed, table.Inbound(cut, Now));
                Assert.Equal(whole.AsSpan(0, length).ToArray(), cut);
            }
        }
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void Transport_headers_shorter_than_their_minimum_are_malformed()
    {
        var table = Table();
        var tcp = OfProtocol((byte)IpProtocol.Tcp, HostA, Remote, payloadLength: 19);
        var udp = OfProtocol((byte)IpProtocol.Udp, HostA, Remote, payloadLength: 7);

        Assert.Equal(NatResult.DroppedMalformed, table.Outbound(tcp, Now));
        Assert.Equal(NatResult.DroppedMalformed, table.Outbound(udp, Now));
    }

    [Fact]
    public void Ethernet_padding_after_the_packet_is_ignored()
    {
        var table = Table();
        var packet = Udp(HostA, 40000, Remote, 53, payloadLength: 2);
        var padded = new byte[60 - 14];
        packet.CopyTo(padded, 0);

        Assert.Equal(NatResult.Translated, table.Outbound(padded, Now));

        Assert.Equal(Udp(Wan, 40000, Remote, 53, payloadLength: 2), padded.AsSpan(0, packet.Length).ToArray());
    }

    [Fact]
    public void A_new_wan_address_forgets_every_flow()
    {
        var table = Table();
        table.Outbound(Udp(HostA, 40000, Remote, 53), Now);
        var newWan = Ipv4Address.Parse("198.51.100.99");

        table.ChangeWanAddress(newWan);

        Assert.Equal(0, table.Count);
        var packet = Udp(HostA, 40000, Remote, 53);
        Assert.Equal(NatResult.Translated, table.Outbound(packet, Now));
        Assert.Equal(newWan, Source(packet));
        Assert.Equal(NatResult.NotTracked, table.Inbound(Udp(Remote, 53, Wan, 40000), Now));
    }
}
