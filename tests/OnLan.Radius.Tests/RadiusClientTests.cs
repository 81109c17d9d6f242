using System.Security.Cryptography;
using OnLan.Wire;

namespace OnLan.Radius.Tests;

/// <summary>The client's exchanges, retransmissions and failover under a fake clock, against test servers.</summary>
public sealed class RadiusClientTests
{
    private static readonly TestRadiusServer Primary = new(new Ipv4Address(198, 18, 0, 5), "primary secret");
    private static readonly TestRadiusServer Secondary = new(new Ipv4Address(198, 18, 0, 6), "secondary secret");
    private static readonly byte[] IdentityResponse = [2, 7, 0, 10, 1, (byte)'a', (byte)'l', (byte)'i', (byte)'c', (byte)'e'];

    private readonly List<RadiusDatagram> _output = [];
    private readonly List<RadiusAuthentication> _gaveUp = [];
    private TimeSpan _now;

    private static RadiusClient NewClient() => new(new RadiusClientOptions
    {
        Servers = [Primary.Configuration, Secondary.Configuration],
        NasAddress = new Ipv4Address(198, 18, 0, 1),
        NasIdentifier = "gw.onlan.test",
    });

    private RadiusDatagram SendOne(RadiusClient client, RadiusAuthentication authentication, byte[] eap)
    {
        _output.Clear();
        client.Send(authentication, eap, _now, _output);
        return Assert.Single(_output);
    }

    private void Advance(RadiusClient client, TimeSpan by)
    {
        var end = _now + by;
        while (_now < end)
        {
            _now += TimeSpan.FromMilliseconds(100);
            client.Poll(_now, _output, _gaveUp);
        }
    }

    [Fact]
    public void A_login_runs_challenge_then_accept_with_state_echoed_and_the_msk_and_address_taken()
    {
        var client = NewClient();
        var authentication = client.Begin("alice", "203.0.113.2");

        var first = SendOne(client, authentication, IdentityResponse);

        Assert.Equal((Primary.Address, (ushort)1812), (first.Destination, first.Port));
        RadiusPacket.TryParse(first.Payload, out var request);
        Assert.Equal(RadiusCode.AccessRequest, request.Code);
        Assert.True(request.TryGet(RadiusAttributeType.UserName, out var user) && user.SequenceEqual("alice"u8));
        Assert.True(request.TryGet(RadiusAttributeType.CallingStationId, out var station) && station.SequenceEqual("203.0.113.2"u8));
        Assert.True(request.TryGet(RadiusAttributeType.NasPortType, out var portType) && portType.SequenceEqual(new byte[] { 0, 0, 0, 5 }));
        Assert.True(request.TryGet(RadiusAttributeType.NasIpAddress, out var nas) && Ipv4Address.Read(nas) == new Ipv4Address(198, 18, 0, 1));
        Assert.True(request.TryGet(RadiusAttributeType.NasIdentifier, out _));
        Assert.True(request.TryGet(RadiusAttributeType.FramedMtu, out _));
        Assert.False(request.TryGet(RadiusAttributeType.State, out _));
        Assert.Equal(IdentityResponse, request.JoinEapMessage());

        byte[] challengeEap = [1, 8, 0, 6, 26, 1];
        Assert.Same(authentication, client.Receive(Primary.Address, 1812,
            Primary.Reply(first.Payload, RadiusCode.AccessChallenge, challengeEap, state: [1, 2, 3])));
        Assert.Equal(RadiusOutcome.Challenge, authentication.Outcome);
        Assert.Equal(challengeEap, authentication.EapMessage);

        var second = SendOne(client, authentication, [2, 8, 0, 6, 26, 2]);
        RadiusPacket.TryParse(second.Payload, out var next);
        Assert.True(next.TryGet(RadiusAttributeType.State, out var state) && state.SequenceEqual(new byte[] { 1, 2, 3 }));
        Assert.NotEqual(request.Identifier, next.Identifier);

        var send = RandomNumberGenerator.GetBytes(32);
        var receive = RandomNumberGenerator.GetBytes(32);
        var requestAuthenticator = second.Payload[4..20];
        var accept = Primary.Reply(second.Payload, RadiusCode.AccessAccept, [3, 8, 0, 4], attributes: a => a
            .Add(RadiusAttributeType.VendorSpecific, MppeKeyTests.VendorAttribute(16, MppeKeyTests.Encrypt(send, Primary.Secret, requestAuthenticator, 1))[2..])
            .Add(RadiusAttributeType.VendorSpecific, MppeKeyTests.VendorAttribute(17, MppeKeyTests.Encrypt(receive, Primary.Secret, requestAuthenticator, 2))[2..])
            .Add(RadiusAttributeType.FramedIpAddress, [198, 18, 0, 210]));
        Assert.Same(authentication, client.Receive(Primary.Address, 1812, accept));

        Assert.Equal(RadiusOutcome.Accept, authentication.Outcome);
        Assert.Equal((byte[])[.. receive, .. send], authentication.Msk);
        Assert.Equal(new Ipv4Address(198, 18, 0, 210), authentication.FramedAddress);
        Assert.Equal(new byte[] { 3, 8, 0, 4 }, authentication.EapMessage);
        Assert.Equal(0, client.InFlight);
        Assert.Equal((2, 1, 1), (client.Counters.Requests, client.Counters.Challenges, client.Counters.Accepts));
    }

    [Theory]
    [InlineData(new byte[] { 255, 255, 255, 254 })] // the NAS chooses
    [InlineData(new byte[] { 255, 255, 255, 255 })] // the user may choose
    public void The_two_special_framed_addresses_assign_none(byte[] framed)
    {
        var client = NewClient();
        var authentication = client.Begin("alice", null);
        var request = SendOne(client, authentication, IdentityResponse).Payload;

        client.Receive(Primary.Address, 1812, Primary.Reply(request, RadiusCode.AccessAccept, [3, 7, 0, 4],
            attributes: a => a.Add(RadiusAttributeType.FramedIpAddress, framed)));

        Assert.Equal(RadiusOutcome.Accept, authentication.Outcome);
        Assert.Null(authentication.FramedAddress);
    }

    [Fact]
    public void A_silent_server_gets_the_same_packet_after_1_then_2_s_and_the_second_server_takes_over_after_7_s()
    {
        var client = NewClient();
        var authentication = client.Begin("alice", null);
        var first = SendOne(client, authentication, IdentityResponse);
        _output.Clear();

        Advance(client, TimeSpan.FromSeconds(0.9));
        Assert.Empty(_output);
        Advance(client, TimeSpan.FromSeconds(0.1));
        Assert.Equal(first.Payload, Assert.Single(_output).Payload); // t = 1 s
        _output.Clear();
        Advance(client, TimeSpan.FromSeconds(2));
        Assert.Equal(first.Payload, Assert.Single(_output).Payload); // t = 3 s
        _output.Clear();
        Advance(client, TimeSpan.FromSeconds(3.9));
        Assert.Empty(_output);
        Advance(client, TimeSpan.FromSeconds(0.1));                   // t = 7 s

        var failover = Assert.Single(_output);
        Assert.Equal(Secondary.Address, failover.Destination);
        Assert.Equal(RadiusOutcome.Pending, authentication.Outcome);
        Assert.Equal((2L, 1L), (client.Counters.Retransmits, client.Counters.Failovers));
        Assert.Equal(1, client.PreferredServer);

        // The second server answers: later logins go to it first.
        client.Receive(Secondary.Address, 1812, Secondary.Reply(failover.Payload, RadiusCode.AccessChallenge, [1, 9, 0, 6, 26, 1], state: [9]));
        Assert.Equal(RadiusOutcome.Challenge, authentication.Outcome);
        var later = SendOne(client, client.Begin("bob", null), IdentityResponse);
        Assert.Equal(Secondary.Address, later.Destination);
    }

    [Fact]
    public void When_every_server_is_silent_the_authentication_times_out_after_both_servers_tries()
    {
        var client = NewClient();
        var authentication = client.Begin("alice", null);
        SendOne(client, authentication, IdentityResponse);

        Advance(client, TimeSpan.FromSeconds(13.9));
        Assert.Empty(_gaveUp);
        Advance(client, TimeSpan.FromSeconds(0.1));

        Assert.Same(authentication, Assert.Single(_gaveUp));
        Assert.Equal(RadiusOutcome.Timeout, authentication.Outcome);
        Assert.Equal((1L, 4L, 2L), (client.Counters.Timeouts, client.Counters.Retransmits, client.Counters.Requests));
        Assert.Equal(0, client.InFlight);
        _output.Clear();
        Advance(client, TimeSpan.FromSeconds(30));
        Assert.Empty(_output);
    }

    [Fact]
    public void Malformed_forged_and_stray_replies_are_counted_and_the_real_answer_still_counts()
    {
        var client = NewClient();
        var authentication = client.Begin("alice", null);
        var request = SendOne(client, authentication, IdentityResponse).Payload;
        var good = Primary.Reply(request, RadiusCode.AccessReject, [4, 7, 0, 4]);

        Assert.Null(client.Receive(Primary.Address, 1812, [1, 2, 3]));
        Assert.Null(client.Receive(Primary.Address, 1812, good.AsSpan(0, good.Length - 1)));
        var wrongCode = (byte[])good.Clone();
        wrongCode[0] = (byte)RadiusCode.AccessRequest;
        Assert.Null(client.Receive(Primary.Address, 1812, wrongCode));
        Assert.Equal(3, client.Counters.Malformed);

        Assert.Null(client.Receive(Primary.Address, 1812, Primary.Reply(request, RadiusCode.AccessAccept, signWith: "guess"u8.ToArray())));
        var tampered = (byte[])good.Clone();
        tampered[^1] ^= 0x80;
        Assert.Null(client.Receive(Primary.Address, 1812, tampered));
        Assert.Equal(2, client.Counters.BadAuthenticators);

        Assert.Null(client.Receive(Secondary.Address, 1812, good)); // from a server the request did not go to
        Assert.Null(client.Receive(Primary.Address, 1813, good));
        var otherIdentifier = (byte[])good.Clone();
        otherIdentifier[1]++;
        Assert.Null(client.Receive(Primary.Address, 1812, otherIdentifier));
        Assert.Equal(3, client.Counters.Unexpected);
        Assert.Equal(RadiusOutcome.Pending, authentication.Outcome);

        Assert.Same(authentication, client.Receive(Primary.Address, 1812, good));
        Assert.Equal(RadiusOutcome.Reject, authentication.Outcome);
        Assert.Equal(new byte[] { 4, 7, 0, 4 }, authentication.EapMessage);
        Assert.Null(client.Receive(Primary.Address, 1812, good)); // a duplicate after the end
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var client = NewClient();
        var request = SendOne(client, client.Begin("alice", null), IdentityResponse).Payload;
        var reply = Primary.Reply(request, RadiusCode.AccessChallenge, [1, 1, 0, 4]);
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            var mutated = (byte[])reply.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            client.Receive(Primary.Address, 1812, mutated.AsSpan(0, random.Next(mutated.Length + 1)));
        }
    }

    [Fact]
    public void Requests_in_flight_to_one_server_never_share_an_identifier()
    {
        var client = NewClient();
        var seen = new HashSet<byte>();
        for (int i = 0; i < 256; i++)
        {
            var datagram = SendOne(client, client.Begin($"user{i}", null), IdentityResponse);
            Assert.True(seen.Add(datagram.Payload[1]));
        }
        _output.Clear();
        client.Send(client.Begin("one too many", null), IdentityResponse, _now, _output);
        Assert.Empty(_output);
        Assert.Equal(1, client.Counters.NotSent);
    }
}
