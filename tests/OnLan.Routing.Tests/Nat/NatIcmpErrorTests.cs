using OnLan.Routing.Nat;
using OnLan.Wire;
using static OnLan.Routing.Tests.Nat.NatPackets;

namespace OnLan.Routing.Tests.Nat;

public class NatIcmpErrorTests
{
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(1);

    private static NatTable Table() => new(Wan, new NatOptions { Capacity = 1024, HashSeed = 11 });

    /// <summary>The ICMP error's checksum, and the quoted header's, verify; so does the outer header's.</summary>
    private static void AssertErrorValid(byte[] error)
    {
        AssertChecksumsValid(error);
        Assert.Equal(0, InternetChecksum.Compute(error.AsSpan(Ipv4Repr.HeaderLength + IcmpV4Repr.HeaderLength, Ipv4Repr.HeaderLength)));
    }

    [Fact]
    public void Port_unreachable_for_an_outbound_udp_flow_reaches_the_lan_host_as_if_sent_to_it()
    {
        var table = Table();
        var original = Udp(HostA, 40000, Remote, 53);
        var translated = original.ToArray();
        table.Outbound(translated, Now);
        var error = IcmpError(Remote, Wan, IcmpV4Type.DestinationUnreachable, (byte)IcmpV4UnreachableCode.PortUnreachable, 0, translated);

        Assert.Equal(NatResult.Translated, table.Inbound(error, Now));

        Assert.Equal(IcmpError(Remote, HostA, IcmpV4Type.DestinationUnreachable, (byte)IcmpV4UnreachableCode.PortUnreachable, 0, original), error);
        AssertErrorValid(error);
        Assert.Equal(1, table.Counters.IcmpErrorsTranslated);
    }

    [Fact]
    public void Fragmentation_needed_for_an_outbound_tcp_flow_reaches_the_lan_host_with_its_mtu_and_every_checksum_right()
    {
        var table = Table();
        var original = Tcp(HostB, 51000, Remote, 443, Ack, payloadLength: 1400);
        var translated = original.ToArray();
        table.Outbound(translated, Now);
        // A router quoting 20 bytes of TCP, so the quoted TCP checksum has to be translated too.
        var error = IcmpError(Router, Wan, IcmpV4Type.DestinationUnreachable, 4, 1400, translated, quotedTransportBytes: 20);

        Assert.Equal(NatResult.Translated, table.Inbound(error, Now));

        Assert.Equal(IcmpError(Router, HostB, IcmpV4Type.DestinationUnreachable, 4, 1400, original, quotedTransportBytes: 20), error);
        AssertErrorValid(error);
    }

    [Fact]
    public void Time_exceeded_for_an_outbound_echo_reaches_the_lan_host()
    {
        var table = Table();
        var original = Echo(IcmpV4Type.EchoRequest, HostA, Remote, 99);
        var translated = original.ToArray();
        table.Outbound(translated, Now);
        var error = IcmpError(Router, Wan, IcmpV4Type.TimeExceeded, 0, 0, translated);

        Assert.Equal(NatResult.Translated, table.Inbound(error, Now));

        Assert.Equal(IcmpError(Router, HostA, IcmpV4Type.TimeExceeded, 0, 0, original), error);
        AssertErrorValid(error);
    }

    [Fact]
    public void An_error_about_no_known_flow_is_not_tracked_and_left_for_the_gateway()
    {
        var table = Table();
        table.Outbound(Udp(HostA, 40000, Remote, 53), Now);
        // About the gateway's own ESP, say: the caller hands it to the gateway for its path MTU.
        var error = IcmpError(Router, Wan, IcmpV4Type.DestinationUnreachable, 4, 1400, OfProtocol((byte)IpProtocol.Esp, Wan, Remote));
        var other = IcmpError(Router, Wan, IcmpV4Type.DestinationUnreachable, 3, 0, Udp(Wan, 40001, Remote, 53));
        var before = error.ToArray();

        Assert.Equal(NatResult.NotTracked, table.Inbound(error, Now));
        Assert.Equal(NatResult.NotTracked, table.Inbound(other, Now));
        Assert.Equal(before, error);
    }

    [Fact]
    public void An_error_with_a_bad_checksum_is_dropped_not_repaired()
    {
        var table = Table();
        var translated = Udp(HostA, 40000, Remote, 53);
        table.Outbound(translated, Now);
        var error = IcmpError(Remote, Wan, IcmpV4Type.DestinationUnreachable, 3, 0, translated);
        error[^1] ^= 0x40;

        Assert.Equal(NatResult.DroppedMalformed, table.Inbound(error, Now));
    }

    [Fact]
    public void Port_unreachable_from_a_forwarded_server_leaves_as_if_the_gateway_sent_it()
    {
        var table = Table();
        table.AddPortForward(new NatPortForward(IpProtocol.Udp, 5353, Server, 53));
        var original = Udp(Remote, 7777, Wan, 5353);
        var delivered = original.ToArray();
        Assert.Equal(NatResult.Translated, table.Inbound(delivered, Now));
        var error = IcmpError(Server, Remote, IcmpV4Type.DestinationUnreachable, 3, 0, delivered);

        Assert.Equal(NatResult.Translated, table.Outbound(error, Now));

        Assert.Equal(IcmpError(Wan, Remote, IcmpV4Type.DestinationUnreachable, 3, 0, original), error);
        AssertErrorValid(error);
    }

    [Fact]
    public void An_outbound_error_about_no_flow_is_not_tracked()
    {
        var table = Table();
        var error = IcmpError(HostA, Remote, IcmpV4Type.DestinationUnreachable, 3, 0, Udp(Remote, 7777, HostA, 53));

        Assert.Equal(NatResult.NotTracked, table.Outbound(error, Now));
        Assert.Equal(1, table.Counters.NotTrackedOutbound);
    }
}
