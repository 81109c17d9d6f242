using OnLan.Dhcp;
using OnLan.Dhcp.Client;
using OnLan.Wire;

namespace OnLan.Dhcp.Tests.Client;

/// <summary>The WAN's DHCP client against a fake ISP server, on a virtual clock (RFC 2131 §4.4).</summary>
public class DhcpClientTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);
    private readonly ClientHarness _wan = new();
    private readonly FakeIspServer _isp = new();

    [Fact]
    public void Discover_is_broadcast_from_no_address_with_the_options_of_table_5()
    {
        _wan.Start();

        var discover = _wan.Take();

        Assert.Equal(DhcpClientState.Selecting, _wan.Client.State);
        Assert.Equal(DhcpMessageType.Discover, discover.Type);
        Assert.Equal(new DhcpClientDatagram(discover.Bytes.Length, DhcpMessageType.Discover, Ipv4Address.Any, Ipv4Address.Broadcast, true),
            discover.Datagram);
        var view = discover.View();
        Assert.Equal(DhcpOperation.BootRequest, view.Operation);
        Assert.Equal(1, view.HardwareType);
        Assert.Equal(ClientHarness.MacBytes, view.ClientHardwareAddress.ToArray());
        Assert.Equal(Ipv4Address.Any, view.ClientAddress);
        Assert.True(view.IsBroadcast);
        Assert.Equal([1, .. ClientHarness.MacBytes], discover.Option(DhcpOptionCode.ClientIdentifier));
        Assert.Equal("onlan-gw"u8.ToArray(), discover.Option(DhcpOptionCode.HostName));
        Assert.Equal([1, 3, 6, 15, 51, 58, 59], discover.Option(DhcpOptionCode.ParameterRequestList));
        Assert.Equal([0x05, 0xDC], discover.Option(DhcpOptionCode.MaximumMessageSize)); // 1500
        Assert.Null(discover.RequestedAddress);
        Assert.Null(discover.ServerIdentifier);
        Assert.True(discover.Bytes.Length <= DhcpClient.RecommendedBufferLength);
    }

    [Fact]
    public void The_whole_dora_binds_the_offered_address_with_router_dns_and_domain_from_the_lease()
    {
        _wan.At(TimeSpan.FromSeconds(100));
        _wan.Start();
        var discover = _wan.Take();

        _wan.Advance(2 * S);
        _wan.Receive(_isp.Offer(discover.Bytes));
        var request = _wan.Take();

        Assert.Equal(DhcpClientState.Requesting, _wan.Client.State);
        Assert.Equal(DhcpMessageType.Request, request.Type);
        Assert.Equal(discover.TransactionId, request.TransactionId); // §4.4.1: the REQUEST keeps the xid
        Assert.Equal(FakeIspServer.Offered, request.RequestedAddress);
        Assert.Equal(FakeIspServer.ServerAddress, request.ServerIdentifier);
        Assert.Equal(Ipv4Address.Any, request.ClientAddress);
        Assert.Equal(2, request.Seconds);
        Assert.True(request.Datagram.IsBroadcast);
        Assert.Equal(Ipv4Address.Any, request.Datagram.Source);
        Assert.Equal(Ipv4Address.Broadcast, request.Datagram.Destination);
        Assert.Null(_wan.Client.Lease);

        _wan.Advance(1 * S);
        _wan.Receive(_isp.Ack(request.Bytes));

        Assert.Equal(DhcpClientState.Bound, _wan.Client.State);
        Assert.Equal([DhcpLeaseChange.Bound], _wan.Changes());
        var lease = _wan.Client.Lease!;
        Assert.Equal(new Ipv4Prefix(FakeIspServer.Offered, 24), lease.Address);
        Assert.Equal(FakeIspServer.Router, lease.Router);
        Assert.Equal([FakeIspServer.Dns1, FakeIspServer.Dns2], lease.DnsServers.ToArray());
        Assert.Equal("isp.example", lease.DomainName);
        Assert.Equal(FakeIspServer.ServerAddress, lease.ServerIdentifier);
        Assert.Equal(TimeSpan.FromSeconds(3600), lease.LeaseTime);
        Assert.Equal(TimeSpan.FromSeconds(1800), lease.RenewalTime);
        Assert.Equal(TimeSpan.FromSeconds(3150), lease.RebindingTime);
        // Measured from the REQUEST, not the ACK (§4.4.1).
        Assert.Equal(TimeSpan.FromSeconds(102), lease.ObtainedAt);
        Assert.Equal(TimeSpan.FromSeconds(102 + 1800), _wan.Client.NextTimeout);
        _wan.NothingToSend();
    }

    [Fact]
    public void Without_options_58_and_59_T1_and_T2_are_half_and_seven_eighths_of_the_lease()
    {
        _isp.RenewalSeconds = null;
        _isp.RebindingSeconds = null;
        _isp.LeaseSeconds = 8000;

        _wan.Bind(_isp);

        var lease = _wan.Client.Lease!;
        Assert.Equal(TimeSpan.FromSeconds(4000), lease.RenewalTime);
        Assert.Equal(TimeSpan.FromSeconds(7000), lease.RebindingTime);
    }

    [Fact]
    public void T1_and_T2_out_of_order_fall_back_to_the_defaults()
    {
        _isp.LeaseSeconds = 8000;
        _isp.RenewalSeconds = 7500; // after T2
        _isp.RebindingSeconds = 9000; // after the lease ends

        _wan.Bind(_isp);

        var lease = _wan.Client.Lease!;
        Assert.Equal(TimeSpan.FromSeconds(4000), lease.RenewalTime);
        Assert.Equal(TimeSpan.FromSeconds(7000), lease.RebindingTime);
    }

    [Fact]
    public void Without_option_1_the_prefix_is_the_natural_mask_of_the_address()
    {
        _isp.Mask = Ipv4Address.Parse("255.0.255.0"); // not contiguous: ignored like a missing mask

        _wan.Bind(_isp);

        Assert.Equal(24, _wan.Client.Lease!.Address.PrefixLength); // 203.x is class C
    }

    [Fact]
    public void At_T1_the_client_renews_by_unicast_to_its_server_from_the_leased_address_with_ciaddr()
    {
        var first = _wan.Bind(_isp);
        _wan.Randoms.Enqueue(0xBEEF); // the renewal's xid

        _wan.At(TimeSpan.FromSeconds(1799));
        _wan.NothingToSend();
        _wan.At(TimeSpan.FromSeconds(1800));
        var renew = _wan.Take();

        Assert.Equal(DhcpClientState.Renewing, _wan.Client.State);
        Assert.Equal(DhcpMessageType.Request, renew.Type);
        Assert.NotEqual(first.TransactionId, renew.TransactionId);
        Assert.Equal(FakeIspServer.Offered, renew.ClientAddress);
        Assert.Null(renew.RequestedAddress); // Table 5: MUST NOT in RENEWING
        Assert.Null(renew.ServerIdentifier);
        Assert.Equal(0, renew.Flags); // the server may unicast: we have an address now
        Assert.Equal(new DhcpClientDatagram(renew.Bytes.Length, DhcpMessageType.Request, FakeIspServer.Offered, FakeIspServer.ServerAddress, false),
            renew.Datagram);
        Assert.NotNull(_wan.Client.Lease); // still usable while renewing

        _wan.Advance(1 * S);
        _wan.Receive(_isp.Ack(renew.Bytes));

        Assert.Equal(DhcpClientState.Bound, _wan.Client.State);
        Assert.Equal([DhcpLeaseChange.Renewed], _wan.Changes());
        Assert.Equal(TimeSpan.FromSeconds(1800), _wan.Client.Lease!.ObtainedAt);
        Assert.Equal(TimeSpan.FromSeconds(3600), _wan.Client.NextTimeout);
    }

    [Fact]
    public void Renewal_is_retransmitted_after_half_the_time_left_to_T2_but_not_sooner_than_60_seconds()
    {
        _wan.Bind(_isp); // T1 1800, T2 3150
        _wan.At(TimeSpan.FromSeconds(1800));
        _wan.Take();

        var retransmissions = new List<double>();
        for (var t = 1800; t < 3150; t++)
        {
            _wan.At(TimeSpan.FromSeconds(t));
            if (_wan.Client.State == DhcpClientState.Renewing && _wan.Client.HasOutgoing)
            {
                _wan.Take();
                retransmissions.Add(t);
            }
        }

        // 1350 s to T2: half of what is left each time (675, 337.5, 168.75, 84.4 s), then the 60 s floor; the last
        // 24.4 s before T2 are too short for another, so the next message is the rebinding one.
        Assert.Equal([2475, 2813, 2982, 3066, 3126], retransmissions);
        _wan.At(TimeSpan.FromSeconds(3150));
        Assert.Equal(DhcpClientState.Rebinding, _wan.Client.State);
    }

    [Fact]
    public void At_T2_the_client_rebinds_by_broadcast_and_any_server_may_extend_the_lease()
    {
        _wan.Bind(_isp);
        _wan.At(TimeSpan.FromSeconds(1800));
        _wan.Take();

        _wan.At(TimeSpan.FromSeconds(3150));
        var rebind = _wan.Take();

        Assert.Equal(DhcpClientState.Rebinding, _wan.Client.State);
        Assert.Equal(FakeIspServer.Offered, rebind.ClientAddress);
        Assert.Null(rebind.RequestedAddress);
        Assert.Null(rebind.ServerIdentifier);
        Assert.Equal(new DhcpClientDatagram(rebind.Bytes.Length, DhcpMessageType.Request, FakeIspServer.Offered, Ipv4Address.Broadcast, true),
            rebind.Datagram);

        _wan.Receive(_isp.Ack(rebind.Bytes));

        Assert.Equal(DhcpClientState.Bound, _wan.Client.State);
        Assert.Equal([DhcpLeaseChange.Rebound], _wan.Changes());
        Assert.Equal(TimeSpan.FromSeconds(3150), _wan.Client.Lease!.ObtainedAt);
    }

    [Fact]
    public void Rebinding_is_retransmitted_after_half_the_time_left_to_expiry_and_expiry_loses_the_address()
    {
        _wan.Bind(_isp); // expires at 3600
        _wan.At(TimeSpan.FromSeconds(3150));
        Assert.Equal(DhcpClientState.Rebinding, _wan.Client.State);
        _wan.Take();
        Assert.Equal(TimeSpan.FromSeconds(3375), _wan.Client.NextTimeout);

        _wan.At(TimeSpan.FromSeconds(3599));
        _wan.Take();
        Assert.NotNull(_wan.Client.Lease);
        _wan.At(TimeSpan.FromSeconds(3600));

        Assert.Null(_wan.Client.Lease);
        Assert.Equal([DhcpLeaseChange.Lost], _wan.Changes());
        Assert.Equal(DhcpClientState.Selecting, _wan.Client.State);
        Assert.Equal(DhcpMessageType.Discover, _wan.Take().Type);
    }

    [Fact]
    public void A_caller_that_polls_long_after_expiry_loses_the_address_at_once()
    {
        _wan.Bind(_isp);

        _wan.At(TimeSpan.FromHours(5));

        Assert.Equal([DhcpLeaseChange.Lost], _wan.Changes());
        Assert.Equal(DhcpMessageType.Discover, _wan.Take().Type);
    }

    [Fact]
    public void A_renewal_that_moves_the_client_to_another_address_is_reported_as_lost_then_bound()
    {
        _wan.Bind(_isp);
        _wan.At(TimeSpan.FromSeconds(1800));
        var renew = _wan.Take();

        _wan.Receive(_isp.Ack(renew.Bytes, Ipv4Address.Parse("203.0.113.77")));

        Assert.Equal([DhcpLeaseChange.Lost, DhcpLeaseChange.Bound], _wan.Changes());
        Assert.Equal(Ipv4Address.Parse("203.0.113.77"), _wan.Client.Lease!.Address.Address);
    }

    [Fact]
    public void An_infinite_lease_is_never_renewed()
    {
        _isp.LeaseSeconds = 0xFFFF_FFFF;

        _wan.Bind(_isp);
        _wan.At(TimeSpan.FromDays(10_000));

        Assert.True(_wan.Client.Lease!.IsInfinite);
        Assert.Equal(TimeSpan.MaxValue, _wan.Client.NextTimeout);
        Assert.Equal(DhcpClientState.Bound, _wan.Client.State);
        _wan.NothingToSend();
    }

    [Fact]
    public void Nak_while_requesting_sends_the_client_back_to_discover()
    {
        _wan.Start();
        var discover = _wan.Take();
        _wan.Receive(_isp.Offer(discover.Bytes));
        var request = _wan.Take();

        _wan.Receive(_isp.Nak(request.Bytes));

        Assert.Equal(DhcpClientState.Selecting, _wan.Client.State);
        Assert.Empty(_wan.Changes()); // there was no address to lose
        var again = _wan.Take();
        Assert.Equal(DhcpMessageType.Discover, again.Type);
        Assert.Equal(1, _wan.Client.Counters.Naks);
    }

    [Theory]
    [InlineData(1800)] // renewing
    [InlineData(3150)] // rebinding
    public void Nak_while_extending_the_lease_loses_the_address(int seconds)
    {
        _wan.Bind(_isp);
        _wan.At(TimeSpan.FromSeconds(seconds));
        var request = _wan.Take();

        _wan.Receive(_isp.Nak(request.Bytes));

        Assert.Null(_wan.Client.Lease);
        Assert.Equal([DhcpLeaseChange.Lost], _wan.Changes());
        Assert.Equal(DhcpMessageType.Discover, _wan.Take().Type);
    }

    [Fact]
    public void Naks_in_a_row_make_the_client_wait_longer_before_discovering_again()
    {
        _wan.Start();
        var waits = new List<TimeSpan>();
        for (int round = 0; round < 4; round++)
        {
            var discover = _wan.Take();
            _wan.Receive(_isp.Offer(discover.Bytes));
            _wan.Receive(_isp.Nak(_wan.Take().Bytes));
            var nakAt = _wan.Now;
            while (!_wan.Client.HasOutgoing) _wan.Advance(S);
            waits.Add(_wan.Now - nakAt);
        }

        Assert.Equal([TimeSpan.Zero, 2 * S, 4 * S, 8 * S], waits);
    }

    [Fact]
    public void Discover_is_retransmitted_after_4_8_16_32_64_and_then_every_64_seconds()
    {
        _wan.Start();
        var first = _wan.Take();
        var sentAt = new List<double>();

        for (int t = 1; t <= 260; t++)
        {
            _wan.At(TimeSpan.FromSeconds(t));
            if (!_wan.Client.HasOutgoing) continue;
            var again = _wan.Take();
            Assert.Equal(first.TransactionId, again.TransactionId);
            Assert.Equal(t, again.Seconds);
            sentAt.Add(t);
        }

        Assert.Equal([4, 12, 28, 60, 124, 188, 252], sentAt);
        Assert.Equal(7, _wan.Client.Counters.Retransmissions);
    }

    [Theory]
    [InlineData(0u, 3000)]    // 0 mod 2001 − 1000 = −1000 ms
    [InlineData(2000u, 5000)] // +1000 ms
    [InlineData(1500u, 4500)]
    public void Each_retransmission_is_randomised_by_up_to_one_second(uint random, int expectedMilliseconds)
    {
        _wan.Randoms.Enqueue(0x1234); // the xid
        _wan.Randoms.Enqueue(random);
        _wan.Start();
        _wan.Take();

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), _wan.Client.NextTimeout);
    }

    [Fact]
    public void Requesting_without_an_answer_gives_up_after_four_requests_and_discovers_with_a_new_xid()
    {
        _wan.Randoms.Enqueue(0xAAAA);
        _wan.Start();
        var discover = _wan.Take();
        _wan.Receive(_isp.Offer(discover.Bytes));
        _wan.Take();
        _wan.DefaultRandom = 1000 + 2001 * 5; // still no jitter, but another xid

        var requests = new List<double>();
        for (int t = 1; t <= 61; t++)
        {
            _wan.At(TimeSpan.FromSeconds(t));
            if (_wan.Client.HasOutgoing)
            {
                var sent = _wan.Take();
                if (sent.Type == DhcpMessageType.Request) requests.Add(t);
                else
                {
                    Assert.Equal(DhcpMessageType.Discover, sent.Type);
                    Assert.NotEqual(discover.TransactionId, sent.TransactionId);
                    Assert.Equal(60, t); // 4 + 8 + 16 + 32 after the first REQUEST
                    Assert.Equal([4, 12, 28], requests);
                    return;
                }
            }
        }
        Assert.Fail("the client never went back to DISCOVER");
    }

    [Fact]
    public void Init_reboot_requests_the_remembered_address_without_a_server_identifier_and_binds_on_ack()
    {
        var remembered = Ipv4Address.Parse("203.0.113.10");

        _wan.Start(remembered);
        var request = _wan.Take();

        Assert.Equal(DhcpClientState.Rebooting, _wan.Client.State);
        Assert.Equal(DhcpMessageType.Request, request.Type);
        Assert.Equal(remembered, request.RequestedAddress);
        Assert.Null(request.ServerIdentifier);
        Assert.Equal(Ipv4Address.Any, request.ClientAddress);
        Assert.True(request.Datagram.IsBroadcast);
        Assert.Equal(Ipv4Address.Any, request.Datagram.Source);

        _wan.Receive(_isp.Ack(request.Bytes));

        Assert.Equal(DhcpClientState.Bound, _wan.Client.State);
        Assert.Equal([DhcpLeaseChange.Bound], _wan.Changes());
        Assert.Equal(remembered, _wan.Client.Lease!.Address.Address);
    }

    [Fact]
    public void Init_reboot_refused_with_a_nak_discovers_afresh()
    {
        _wan.Start(Ipv4Address.Parse("203.0.113.99"));

        _wan.Receive(_isp.Nak(_wan.Take().Bytes));

        Assert.Equal(DhcpClientState.Selecting, _wan.Client.State);
        Assert.Empty(_wan.Changes());
        Assert.Equal(DhcpMessageType.Discover, _wan.Take().Type);
    }

    [Fact]
    public void Init_reboot_without_an_answer_discovers_after_the_last_retransmission()
    {
        _wan.Start(Ipv4Address.Parse("203.0.113.99"));
        _wan.Take();

        for (int t = 1; t < 60; t++) _wan.At(TimeSpan.FromSeconds(t)); // REQUESTs at 4, 12 and 28 s
        Assert.Equal(DhcpClientState.Rebooting, _wan.Client.State);
        Assert.Equal(4, _wan.Client.Counters.Sent);
        _wan.At(TimeSpan.FromSeconds(60));

        Assert.Equal(DhcpClientState.Selecting, _wan.Client.State);
        Assert.Equal(DhcpMessageType.Discover, _wan.Take().Type);
    }

    [Fact]
    public void Init_reboot_ack_without_a_server_identifier_is_not_a_lease()
    {
        _wan.Start(Ipv4Address.Parse("203.0.113.10"));
        _isp.SendServerIdentifier = false;

        _wan.Receive(_isp.Ack(_wan.Take().Bytes));

        Assert.Equal(DhcpClientState.Rebooting, _wan.Client.State);
        Assert.Equal(1, _wan.Client.Counters.Unusable);
    }

    [Fact]
    public void Address_in_use_sends_a_decline_loses_the_address_and_discovers_again_after_ten_seconds()
    {
        _wan.Bind(_isp);

        Assert.True(_wan.Client.AddressInUse(_wan.Now));
        var decline = _wan.Take();

        Assert.Equal(DhcpMessageType.Decline, decline.Type);
        Assert.Equal(FakeIspServer.Offered, decline.RequestedAddress);
        Assert.Equal(FakeIspServer.ServerAddress, decline.ServerIdentifier);
        Assert.Equal(Ipv4Address.Any, decline.ClientAddress);
        Assert.Null(decline.Option(DhcpOptionCode.HostName));
        Assert.Null(decline.Option(DhcpOptionCode.ParameterRequestList));
        Assert.Equal(new DhcpClientDatagram(decline.Bytes.Length, DhcpMessageType.Decline, Ipv4Address.Any, Ipv4Address.Broadcast, true),
            decline.Datagram);
        Assert.Null(_wan.Client.Lease);
        Assert.Equal([DhcpLeaseChange.Lost], _wan.Changes());

        _wan.Advance(9 * S);
        _wan.NothingToSend();
        _wan.Advance(1 * S);
        Assert.Equal(DhcpMessageType.Discover, _wan.Take().Type);
    }

    [Fact]
    public void Address_in_use_without_a_lease_does_nothing()
    {
        _wan.Start();
        _wan.Take();

        Assert.False(_wan.Client.AddressInUse(_wan.Now));
        _wan.NothingToSend();
    }

    [Fact]
    public void Stop_releases_the_lease_by_unicast_to_the_server_from_the_leased_address()
    {
        _wan.Bind(_isp);

        _wan.Client.Stop();
        var release = _wan.Take();

        Assert.Equal(DhcpClientState.Stopped, _wan.Client.State);
        Assert.Equal(DhcpMessageType.Release, release.Type);
        Assert.Equal(FakeIspServer.Offered, release.ClientAddress);
        Assert.Equal(FakeIspServer.ServerAddress, release.ServerIdentifier);
        Assert.Null(release.RequestedAddress);
        Assert.Equal([1, .. ClientHarness.MacBytes], release.Option(DhcpOptionCode.ClientIdentifier));
        Assert.Equal(new DhcpClientDatagram(release.Bytes.Length, DhcpMessageType.Release, FakeIspServer.Offered, FakeIspServer.ServerAddress, false),
            release.Datagram);
        Assert.Null(_wan.Client.Lease);
        Assert.Equal([DhcpLeaseChange.Released], _wan.Changes());

        _wan.At(TimeSpan.FromDays(1));
        _wan.NothingToSend();
    }

    [Fact]
    public void Stop_without_a_lease_sends_nothing_and_a_new_start_begins_again()
    {
        _wan.Start();

        _wan.Client.Stop();

        _wan.NothingToSend();
        Assert.Empty(_wan.Changes());
        _wan.Start();
        Assert.Equal(DhcpMessageType.Discover, _wan.Take().Type);
    }

    [Fact]
    public void Replies_to_another_xid_or_another_client_are_ignored_and_counted()
    {
        _wan.Start();
        var discover = _wan.Take();

        _wan.Receive(_isp.Reply(discover.Bytes, DhcpMessageType.Offer, FakeIspServer.Offered, transactionId: discover.TransactionId + 1));
        _wan.Receive(_isp.Reply(discover.Bytes, DhcpMessageType.Offer, FakeIspServer.Offered, chaddr: [0x02, 0, 0, 0, 0, 9]));
        _wan.Receive(discover.Bytes); // our own broadcast, looped back: a request, not a reply
        _wan.Receive([1, 2, 3]);

        Assert.Equal(DhcpClientState.Selecting, _wan.Client.State);
        _wan.NothingToSend();
        Assert.Equal(2, _wan.Client.Counters.NotOurs);
        Assert.Equal(2, _wan.Client.Counters.Malformed);
    }

    [Fact]
    public void Replies_the_state_has_no_use_for_are_counted_as_unexpected()
    {
        _wan.Start();
        var discover = _wan.Take();

        _wan.Receive(_isp.Ack(discover.Bytes)); // an ACK while selecting
        _wan.Receive(_isp.Nak(discover.Bytes)); // a NAK to a DISCOVER

        Assert.Equal(DhcpClientState.Selecting, _wan.Client.State);
        Assert.Equal(2, _wan.Client.Counters.Unexpected);
    }

    [Fact]
    public void An_offer_without_a_server_identifier_or_with_a_broadcast_address_is_not_taken()
    {
        _wan.Start();
        var discover = _wan.Take();
        _isp.SendServerIdentifier = false;
        _wan.Receive(_isp.Offer(discover.Bytes));
        _isp.SendServerIdentifier = true;
        _wan.Receive(_isp.Offer(discover.Bytes, Ipv4Address.Broadcast));

        Assert.Equal(DhcpClientState.Selecting, _wan.Client.State);
        Assert.Equal(2, _wan.Client.Counters.Unusable);
    }

    [Fact]
    public void Replies_after_bound_are_not_ours()
    {
        var request = _wan.Bind(_isp);

        _wan.Receive(_isp.Nak(request.Bytes)); // a late NAK to the exchange that already ended

        Assert.Equal(DhcpClientState.Bound, _wan.Client.State);
        Assert.Equal(1, _wan.Client.Counters.NotOurs);
    }

    [Fact]
    public void A_buffer_too_small_keeps_the_message_waiting()
    {
        _wan.Start();

        Assert.False(_wan.Client.TryTakeOutgoing(new byte[100], out DhcpClientDatagram _));

        Assert.True(_wan.Client.HasOutgoing);
        Assert.Equal(DhcpMessageType.Discover, _wan.Take().Type);
    }

    [Fact]
    public void The_four_out_take_gives_the_source_in_a_property()
    {
        _wan.Bind(_isp);
        _wan.At(TimeSpan.FromSeconds(1800));
        var buffer = new byte[DhcpClient.RecommendedBufferLength];

        Assert.True(_wan.Client.TryTakeOutgoing(buffer, out int length, out var destination, out bool broadcast));

        Assert.True(length > DhcpMessage.MinimumLength);
        Assert.Equal(FakeIspServer.ServerAddress, destination);
        Assert.False(broadcast);
        Assert.Equal(FakeIspServer.Offered, _wan.Client.LastOutgoingSource);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("héllo")]
    [InlineData("a-host-name-that-is-far-too-long-to-fit-in-one-dns-label-of-63-bytes")]
    public void A_bad_host_name_is_a_caller_bug(string hostName)
    {
        Assert.Throws<ArgumentException>(() => new DhcpClient(ClientHarness.Mac, hostName, () => 1));
    }

    [Fact]
    public void An_empty_host_name_leaves_option_12_out()
    {
        var client = new DhcpClient(ClientHarness.Mac, "", () => 7);
        client.Start(TimeSpan.Zero, null);
        var buffer = new byte[DhcpClient.RecommendedBufferLength];

        Assert.True(client.TryTakeOutgoing(buffer, out DhcpClientDatagram datagram));

        Assert.Equal(DhcpError.None, DhcpMessage.TryParse(buffer.AsSpan(0, datagram.Length), out var message));
        Assert.False(message.TryGetOption(DhcpOptionCode.HostName, out _));
    }
}
