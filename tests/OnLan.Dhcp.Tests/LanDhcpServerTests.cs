using OnLan.Dhcp;
using OnLan.Wire;

namespace OnLan.Dhcp.Tests;

/// <summary>The LAN's DHCP server against an in-memory lease book, on a virtual clock.</summary>
public class LanDhcpServerTests
{
    private static readonly Ipv4Address Gateway = Ipv4Address.Parse("198.18.0.1");
    private static readonly Ipv4Address OtherServer = Ipv4Address.Parse("198.18.0.2");
    private static readonly Ipv4Address First = Ipv4Address.Parse("198.18.0.100");
    private static readonly Ipv4Address Second = Ipv4Address.Parse("198.18.0.101");
    private static readonly Ipv4Address Third = Ipv4Address.Parse("198.18.0.102");
    private static readonly Ipv4Address Outside = Ipv4Address.Parse("10.9.9.9");
    private static readonly byte[] PcMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
    private static readonly byte[] PrinterMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02];
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static readonly DhcpOptionSet LanOptions = new()
    {
        SubnetMask = Ipv4Address.Parse("255.255.255.0"),
        Routers = [Gateway],
        DnsServers = [Ipv4Address.Parse("198.18.0.53")],
        DomainName = "office.onlan.test",
        LeaseTimeSeconds = 86400,
    };

    private readonly InMemoryLeaseBook _book = new(First, Third);
    private readonly LanDhcpServer _server;

    public LanDhcpServerTests() => _server = new LanDhcpServer(Gateway, LanOptions, _book);

    /// <summary>A request as a LAN host sends it; option 61 only when <paramref name="clientId"/> is given.</summary>
    internal static byte[] Build(DhcpMessageType type, byte[] mac, Ipv4Address ciaddr = default, Ipv4Address giaddr = default,
        ushort flags = 0, Ipv4Address? requested = null, Ipv4Address? serverId = null, byte[]? clientId = null, byte[]? parameters = null)
    {
        var buffer = new byte[1024];
        var writer = new DhcpMessageWriter(buffer);
        Assert.True(writer.TryWriteHeader(DhcpOperation.BootRequest, 0x11223344, flags, ciaddr, default, default, giaddr, 1, mac));
        Assert.True(writer.TryAppend(DhcpOptionCode.MessageType, (byte)type));
        if (clientId is not null) Assert.True(writer.TryAppend(DhcpOptionCode.ClientIdentifier, clientId));
        if (requested is { } address) Assert.True(writer.TryAppend(DhcpOptionCode.RequestedAddress, address));
        if (serverId is { } server) Assert.True(writer.TryAppend(DhcpOptionCode.ServerIdentifier, server));
        if (parameters is not null) Assert.True(writer.TryAppend(DhcpOptionCode.ParameterRequestList, parameters));
        Assert.True(writer.TryFinish(out int length));
        return buffer[..length];
    }

    private (LanDhcpReply Reply, byte[] Bytes) Send(byte[] request, DateTimeOffset now, int replySize = LanDhcpServer.RecommendedReplyBufferLength)
    {
        var buffer = new byte[replySize];
        var reply = _server.Answer(request, now, buffer);
        return (reply, buffer[..reply.Length]);
    }

    private static DhcpMessage Parse(byte[] bytes)
    {
        Assert.Equal(DhcpError.None, DhcpMessage.TryParse(bytes, out var message));
        return message;
    }

    private static uint Seconds(byte[] bytes, byte code)
    {
        Assert.True(Parse(bytes).TryGetOption(code, out var value));
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(value);
    }

    private static string Key(byte[] mac) => "dhcp:01:" + string.Join(':', mac.Select(b => b.ToString("x2")));

    /// <summary>DISCOVER, OFFER, REQUEST, ACK: the address the host ends up with.</summary>
    private Ipv4Address Bind(byte[] mac, DateTimeOffset now)
    {
        var (offer, offerBytes) = Send(Build(DhcpMessageType.Discover, mac), now);
        Assert.Equal(DhcpMessageType.Offer, offer.Type);
        var offered = Parse(offerBytes).YourAddress;
        var (ack, _) = Send(Build(DhcpMessageType.Request, mac, requested: offered, serverId: Gateway), now);
        Assert.Equal(DhcpMessageType.Ack, ack.Type);
        return offered;
    }

    [Fact]
    public void Discover_is_offered_a_free_address_with_lease_times_server_id_and_options_by_broadcast()
    {
        var (reply, bytes) = Send(Build(DhcpMessageType.Discover, PcMac), T0);

        Assert.Equal(new LanDhcpReply(bytes.Length, Ipv4Address.Broadcast, DhcpMessageType.Offer), reply);
        var offer = Parse(bytes);
        Assert.Equal(DhcpOperation.BootReply, offer.Operation);
        Assert.Equal(0x11223344u, offer.TransactionId);
        Assert.Equal(DhcpMessageType.Offer, offer.MessageType);
        Assert.Equal(First, offer.YourAddress);
        Assert.True(offer.ClientAddress.IsAny);
        Assert.Equal(PcMac, offer.ClientHardwareAddress.ToArray());
        Assert.Equal(Gateway, offer.ServerIdentifier);
        Assert.Equal(86400u, Seconds(bytes, DhcpOptionCode.LeaseTime));
        Assert.Equal(43200u, Seconds(bytes, DhcpOptionCode.RenewalTime));
        Assert.Equal(75600u, Seconds(bytes, DhcpOptionCode.RebindingTime));
        var codes = offer.EnumerateOptionsCodes();
        Assert.Equal([53, 54, 51, 58, 59, 1, 3, 6, 15], codes);
    }

    [Fact]
    public void An_offer_is_a_reservation_not_a_lease_and_a_repeated_discover_gets_the_same_address()
    {
        Send(Build(DhcpMessageType.Discover, PcMac), T0);
        var (_, again) = Send(Build(DhcpMessageType.Discover, PcMac), T0.AddSeconds(3));

        Assert.Equal(First, Parse(again).YourAddress);
        var slot = Assert.Single(_book.Slots);
        Assert.False(slot.Value.Leased);
        Assert.Equal(Key(PcMac), slot.Value.Client);
    }

    [Fact]
    public void A_requested_address_is_offered_when_free_and_in_range_and_otherwise_another_one()
    {
        var (_, asked) = Send(Build(DhcpMessageType.Discover, PcMac, requested: Third), T0);
        var (_, outside) = Send(Build(DhcpMessageType.Discover, PrinterMac, requested: Outside), T0);

        Assert.Equal(Third, Parse(asked).YourAddress);
        Assert.Equal(First, Parse(outside).YourAddress);
    }

    [Fact]
    public void Selecting_our_offer_is_acknowledged_and_leased()
    {
        Send(Build(DhcpMessageType.Discover, PcMac), T0);

        var (reply, bytes) = Send(Build(DhcpMessageType.Request, PcMac, requested: First, serverId: Gateway), T0.AddSeconds(1));

        Assert.Equal(DhcpMessageType.Ack, reply.Type);
        Assert.Equal(Ipv4Address.Broadcast, reply.Destination);
        Assert.Equal(First, Parse(bytes).YourAddress);
        Assert.Equal(86400u, Seconds(bytes, DhcpOptionCode.LeaseTime));
        Assert.Equal(new InMemoryLeaseBook.Slot(Key(PcMac), true, T0.AddSeconds(1).AddDays(1)), _book.Slots[First]);
    }

    [Fact]
    public void Selecting_another_servers_offer_withdraws_ours_without_an_answer()
    {
        Send(Build(DhcpMessageType.Discover, PcMac), T0);

        var (reply, _) = Send(Build(DhcpMessageType.Request, PcMac, requested: Ipv4Address.Parse("198.18.0.77"), serverId: OtherServer), T0.AddSeconds(1));

        Assert.True(reply.IsNone);
        Assert.Empty(_book.Slots);
        Assert.Equal(1, _server.Counters.Unanswered);
    }

    [Fact]
    public void Selecting_an_address_another_host_has_is_refused_with_a_broadcast_nak()
    {
        var printer = Bind(PrinterMac, T0);

        var (reply, bytes) = Send(Build(DhcpMessageType.Request, PcMac, requested: printer, serverId: Gateway), T0);

        Assert.Equal(new LanDhcpReply(bytes.Length, Ipv4Address.Broadcast, DhcpMessageType.Nak), reply);
        var nak = Parse(bytes);
        Assert.True(nak.YourAddress.IsAny && nak.ClientAddress.IsAny);
        Assert.Equal([53, 54], nak.EnumerateOptionsCodes());
        Assert.Equal(Key(PrinterMac), _book.Slots[printer].Client);
    }

    [Fact]
    public void Init_reboot_is_acknowledged_for_the_hosts_own_address_refused_for_anothers_and_ignored_outside_the_ranges()
    {
        var pc = Bind(PcMac, T0);
        var printer = Bind(PrinterMac, T0);

        var own = Send(Build(DhcpMessageType.Request, PcMac, requested: pc), T0.AddHours(1));
        var others = Send(Build(DhcpMessageType.Request, PcMac, requested: printer), T0.AddHours(1));
        var foreign = Send(Build(DhcpMessageType.Request, PcMac, requested: Outside), T0.AddHours(1));

        Assert.Equal((DhcpMessageType.Ack, Ipv4Address.Broadcast), (own.Reply.Type, own.Reply.Destination));
        Assert.Equal(pc, Parse(own.Bytes).YourAddress);
        Assert.Equal(DhcpMessageType.Nak, others.Reply.Type);
        Assert.True(foreign.Reply.IsNone);
    }

    [Fact]
    public void Renewing_extends_the_hosts_lease_by_unicast_and_a_renewal_of_an_address_not_its_own_is_refused()
    {
        var pc = Bind(PcMac, T0);
        var printer = Bind(PrinterMac, T0);
        var renewal = T0.AddHours(12);

        var (ack, bytes) = Send(Build(DhcpMessageType.Request, PcMac, ciaddr: pc), renewal);
        var (nak, _) = Send(Build(DhcpMessageType.Request, PcMac, ciaddr: printer), renewal);
        var (outside, _) = Send(Build(DhcpMessageType.Request, PcMac, ciaddr: Outside), renewal);

        Assert.Equal(new LanDhcpReply(bytes.Length, pc, DhcpMessageType.Ack), ack);
        Assert.Equal(pc, Parse(bytes).ClientAddress);
        Assert.Equal(pc, Parse(bytes).YourAddress);
        Assert.Equal(renewal.AddDays(1), _book.Slots[pc].Until);
        Assert.Equal((DhcpMessageType.Nak, Ipv4Address.Broadcast), (nak.Type, nak.Destination));
        Assert.Equal(DhcpMessageType.Nak, outside.Type);
    }

    [Fact]
    public void A_decline_puts_the_address_in_conflict_and_the_host_is_offered_another()
    {
        var pc = Bind(PcMac, T0);

        var (reply, _) = Send(Build(DhcpMessageType.Decline, PcMac, requested: pc, serverId: Gateway), T0.AddSeconds(2));
        var (_, offer) = Send(Build(DhcpMessageType.Discover, PcMac), T0.AddSeconds(12));

        Assert.True(reply.IsNone);
        Assert.True(_book.Conflicts.ContainsKey(pc));
        Assert.NotEqual(pc, Parse(offer).YourAddress);
        Assert.Equal(1, _server.Counters.Declines);
    }

    [Fact]
    public void A_decline_or_release_for_another_hosts_address_changes_nothing()
    {
        var printer = Bind(PrinterMac, T0);

        Send(Build(DhcpMessageType.Decline, PcMac, requested: printer, serverId: Gateway), T0);
        Send(Build(DhcpMessageType.Release, PcMac, ciaddr: printer, serverId: Gateway), T0);

        Assert.True(_book.Slots[printer].Leased);
        Assert.Empty(_book.Conflicts);
        Assert.Equal(0, _server.Counters.Declines + _server.Counters.Releases);
    }

    [Fact]
    public void A_release_frees_the_address_and_the_host_gets_it_back_next_time()
    {
        var pc = Bind(PcMac, T0);

        var (reply, _) = Send(Build(DhcpMessageType.Release, PcMac, ciaddr: pc, serverId: Gateway), T0.AddHours(1));

        Assert.True(reply.IsNone);
        Assert.Empty(_book.Slots);
        Bind(PrinterMac, T0.AddHours(2));
        Assert.Equal(pc, Bind(PcMac, T0.AddHours(3)));
    }

    [Fact]
    public void Inform_is_acknowledged_by_unicast_with_the_options_and_no_lease()
    {
        var host = Ipv4Address.Parse("198.18.0.20");

        var (reply, bytes) = Send(Build(DhcpMessageType.Inform, PcMac, ciaddr: host, parameters: [6, 15, 1]), T0);

        Assert.Equal(new LanDhcpReply(bytes.Length, host, DhcpMessageType.Ack), reply);
        var ack = Parse(bytes);
        Assert.True(ack.YourAddress.IsAny);
        Assert.Equal(host, ack.ClientAddress);
        Assert.Equal([53, 54, 6, 15, 1, 3], ack.EnumerateOptionsCodes());
        Assert.Empty(_book.Slots);
    }

    [Fact]
    public void Relayed_requests_are_not_served()
    {
        var (reply, _) = Send(Build(DhcpMessageType.Discover, PcMac, giaddr: Ipv4Address.Parse("10.1.1.1")), T0);

        Assert.True(reply.IsNone);
        Assert.Empty(_book.Slots);
        Assert.Equal(1, _server.Counters.Relayed);
    }

    [Fact]
    public void With_no_address_left_a_discover_is_not_answered_and_counted()
    {
        Bind(PcMac, T0);
        Bind(PrinterMac, T0);
        Bind([0x02, 0, 0, 0, 0, 3], T0);

        var (reply, _) = Send(Build(DhcpMessageType.Discover, [0x02, 0, 0, 0, 0, 4]), T0);

        Assert.True(reply.IsNone);
        Assert.Equal(1, _server.Counters.Exhausted);
    }

    [Fact]
    public void The_client_is_keyed_by_option_61_else_by_htype_and_chaddr_the_same_way_for_ethernet()
    {
        byte[] withId = Build(DhcpMessageType.Discover, PcMac, clientId: [1, .. PcMac]);
        byte[] withoutId = Build(DhcpMessageType.Discover, PcMac);
        byte[] otherId = Build(DhcpMessageType.Discover, PcMac, clientId: [0, .. "printer"u8]);

        Assert.Equal("dhcp:01:02:00:00:00:00:01", LanDhcpServer.ClientKey(Parse(withId)));
        Assert.Equal("dhcp:01:02:00:00:00:00:01", LanDhcpServer.ClientKey(Parse(withoutId)));
        Assert.Equal("dhcp:00:70:72:69:6e:74:65:72", LanDhcpServer.ClientKey(Parse(otherId)));
    }

    [Fact]
    public void Asked_for_options_come_first_in_the_clients_order()
    {
        var (_, bytes) = Send(Build(DhcpMessageType.Discover, PcMac, parameters: [15, 6, 99, 3]), T0);

        Assert.Equal([53, 54, 51, 58, 59, 15, 6, 3, 1], Parse(bytes).EnumerateOptionsCodes());
    }

    [Fact]
    public void A_reply_that_does_not_fit_is_not_sent_and_counted()
    {
        var (reply, _) = Send(Build(DhcpMessageType.Discover, PcMac), T0, replySize: 260);

        Assert.True(reply.IsNone);
        Assert.Equal(1, _server.Counters.ReplyTooLarge);
    }

    [Fact]
    public void Replies_and_bootp_and_garbage_are_not_answered()
    {
        var reply = Build(DhcpMessageType.Offer, PcMac);
        reply[0] = (byte)DhcpOperation.BootReply;

        Assert.True(Send(reply, T0).Reply.IsNone);
        Assert.True(Send(Build(DhcpMessageType.Offer, PcMac), T0).Reply.IsNone);
        Assert.True(Send(new byte[300], T0).Reply.IsNone);
        Assert.Equal(2, _server.Counters.Malformed);
        Assert.Equal(1, _server.Counters.Unanswered);
    }
}

internal static class OptionCodes
{
    /// <summary>The option codes in order, a split option once.</summary>
    public static List<int> EnumerateOptionsCodes(this DhcpMessage message)
    {
        var codes = new List<int>();
        foreach (var (code, _) in message.EnumerateOptions())
            if (codes.Count == 0 || codes[^1] != code) codes.Add(code);
        return codes;
    }
}
