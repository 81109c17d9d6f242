using OnLan.Dhcp;
using OnLan.Wire;

namespace OnLan.Dhcp.Tests;

public class TunnelDhcpServerTests
{
    private static readonly DhcpOptionSet Options = DhcpOptionSetTests.Full;

    private static (DhcpError Error, byte[] Reply, Ipv4Address Destination)? Answer(byte[] request, DhcpOptionSet? options = null, int replySize = 1024)
    {
        var reply = new byte[replySize];
        if (!TunnelDhcpServer.TryAnswer(request, Requests.Leased, Requests.Server, options ?? Options, reply, out int length, out var destination))
        {
            Assert.Equal(0, length);
            return null;
        }
        var bytes = reply[..length];
        return (DhcpMessage.TryParse(bytes, out _), bytes, destination);
    }

    private static DhcpMessage Parse(byte[] bytes)
    {
        Assert.Equal(DhcpError.None, DhcpMessage.TryParse(bytes, out var message));
        return message;
    }

    private static List<byte> Codes(byte[] bytes)
    {
        var codes = new List<byte>();
        foreach (var (code, _) in Parse(bytes).EnumerateOptions())
            if (codes.Count == 0 || codes[^1] != code) codes.Add(code); // split instances count once
        return codes;
    }

    /// <summary>The reply's options other than 53, 54, 51, 58 and 59, read back as an option set.</summary>
    private static DhcpOptionSet ConfigurationIn(byte[] bytes)
    {
        var raw = new List<byte>();
        foreach (var (code, value) in Parse(bytes).EnumerateOptions())
        {
            if (code is DhcpOptionCode.MessageType or DhcpOptionCode.ServerIdentifier or DhcpOptionCode.LeaseTime
                or DhcpOptionCode.RenewalTime or DhcpOptionCode.RebindingTime)
                continue;
            raw.Add(code);
            raw.Add((byte)value.Length);
            raw.AddRange(value.ToArray());
        }
        raw.Add(DhcpOptionCode.End);
        Assert.True(DhcpOptionSet.TryDecodeRaw(raw.ToArray(), out var options, out string error), error);
        return options!;
    }

    [Fact]
    public void Inform_is_acknowledged_with_exactly_the_configured_options_and_no_lease()
    {
        var answer = Answer(Requests.WindowsInform());

        Assert.NotNull(answer);
        var (error, bytes, destination) = answer.Value;
        Assert.Equal(DhcpError.None, error);
        Assert.Equal(Requests.Leased, destination);
        var reply = Parse(bytes);
        Assert.Equal(DhcpOperation.BootReply, reply.Operation);
        Assert.Equal(DhcpMessageType.Ack, reply.MessageType);
        Assert.Equal(Requests.Xid, reply.TransactionId);
        Assert.Equal(Requests.Leased, reply.ClientAddress);
        Assert.Equal(Ipv4Address.Any, reply.YourAddress);
        Assert.Equal(Requests.Mac, reply.ClientHardwareAddress.ToArray());
        Assert.Equal(Requests.Server, reply.ServerIdentifier);
        Assert.False(reply.TryGetOption(DhcpOptionCode.LeaseTime, out _));
        Assert.False(reply.TryGetOption(DhcpOptionCode.RenewalTime, out _));
        Assert.False(reply.TryGetOption(DhcpOptionCode.RebindingTime, out _));
        Assert.Equal(Options with { LeaseTimeSeconds = null }, ConfigurationIn(bytes));
    }

    [Fact]
    public void Inform_reply_puts_the_asked_options_first_in_the_clients_order()
    {
        var answer = Answer(Requests.WindowsInform());

        // Windows asks 1, 15, 3, 6, 44, 46, 47, 31, 33, 121, 249, 43; 119 is configured but not asked for.
        Assert.Equal([53, 54, 1, 15, 3, 6, 44, 121, 249, 119], Codes(answer!.Value.Reply));
    }

    [Fact]
    public void Inform_reply_carries_only_what_is_configured()
    {
        var options = new DhcpOptionSet { DnsServers = [Ipv4Address.Parse("198.18.0.53")], LeaseTimeSeconds = 600 };

        var answer = Answer(Requests.WindowsInform(), options);

        Assert.Equal([53, 54, 6], Codes(answer!.Value.Reply));
        Assert.Equal(options with { LeaseTimeSeconds = null }, ConfigurationIn(answer.Value.Reply));
    }

    [Fact]
    public void Inform_with_no_ciaddr_is_answered_to_the_leased_address()
    {
        var answer = Answer(Requests.WindowsInform(Ipv4Address.Any));

        Assert.Equal(Requests.Leased, answer!.Value.Destination);
        Assert.Equal(Ipv4Address.Any, Parse(answer.Value.Reply).ClientAddress);
    }

    [Fact]
    public void Inform_from_a_foreign_ciaddr_gets_no_answer()
    {
        Assert.Null(Answer(Requests.WindowsInform(Ipv4Address.Parse("198.18.0.201"))));
    }

    [Fact]
    public void Discover_is_offered_exactly_the_leased_address_with_lease_and_renewal_times()
    {
        var request = Requests.Build(DhcpMessageType.Discover, flags: DhcpMessage.BroadcastFlag,
            options: (DhcpOptionCode.RequestedAddress, Requests.Bytes(Ipv4Address.Parse("198.18.0.250"))));

        var answer = Answer(request);

        Assert.NotNull(answer);
        Assert.Equal(Requests.Leased, answer.Value.Destination); // point-to-point: broadcast flag or not
        var offer = Parse(answer.Value.Reply);
        Assert.Equal(DhcpMessageType.Offer, offer.MessageType);
        Assert.Equal(Requests.Leased, offer.YourAddress);
        Assert.Equal(Ipv4Address.Any, offer.ClientAddress);
        Assert.True(offer.IsBroadcast);
        Assert.Equal(Requests.Server, offer.ServerIdentifier);
        Assert.Equal(14400u, ReadUInt32(offer, DhcpOptionCode.LeaseTime));
        Assert.Equal(7200u, ReadUInt32(offer, DhcpOptionCode.RenewalTime));
        Assert.Equal(12600u, ReadUInt32(offer, DhcpOptionCode.RebindingTime));
        Assert.Equal(Options, ConfigurationIn(answer.Value.Reply) with { LeaseTimeSeconds = 14400 });
    }

    [Fact]
    public void Offer_without_a_configured_lease_uses_the_fallback()
    {
        var answer = Answer(Requests.Build(DhcpMessageType.Discover), DhcpOptionSet.Empty);

        var offer = Parse(answer!.Value.Reply);
        Assert.Equal(TunnelDhcpServer.FallbackLeaseTimeSeconds, ReadUInt32(offer, DhcpOptionCode.LeaseTime));
        Assert.Equal([53, 54, 51, 58, 59], Codes(answer.Value.Reply));
    }

    [Fact]
    public void Request_for_the_leased_address_is_acknowledged()
    {
        var request = Requests.Build(DhcpMessageType.Request, options:
        [
            (DhcpOptionCode.RequestedAddress, Requests.Bytes(Requests.Leased)),
            (DhcpOptionCode.ServerIdentifier, Requests.Bytes(Requests.Server)),
        ]);

        var ack = Parse(Answer(request)!.Value.Reply);

        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        Assert.Equal(Requests.Leased, ack.YourAddress);
        Assert.Equal(14400u, ReadUInt32(ack, DhcpOptionCode.LeaseTime));
    }

    [Fact]
    public void Renewal_naming_the_leased_address_in_ciaddr_is_acknowledged()
    {
        var ack = Parse(Answer(Requests.Build(DhcpMessageType.Request, Requests.Leased))!.Value.Reply);

        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        Assert.Equal(Requests.Leased, ack.ClientAddress);
        Assert.Equal(Requests.Leased, ack.YourAddress);
    }

    [Fact]
    public void Request_for_another_address_is_refused_with_a_nak()
    {
        var request = Requests.Build(DhcpMessageType.Request,
            options: (DhcpOptionCode.RequestedAddress, Requests.Bytes(Ipv4Address.Parse("198.18.0.77"))));

        var answer = Answer(request);

        Assert.Equal(Requests.Leased, answer!.Value.Destination);
        var nak = Parse(answer.Value.Reply);
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);
        Assert.Equal(Ipv4Address.Any, nak.YourAddress);
        Assert.Equal(Ipv4Address.Any, nak.ClientAddress);
        Assert.Equal([53, 54], Codes(answer.Value.Reply));
    }

    [Fact]
    public void Request_naming_another_server_gets_no_answer()
    {
        var request = Requests.Build(DhcpMessageType.Request, options:
        [
            (DhcpOptionCode.RequestedAddress, Requests.Bytes(Requests.Leased)),
            (DhcpOptionCode.ServerIdentifier, Requests.Bytes(Ipv4Address.Parse("198.18.0.9"))),
        ]);

        Assert.Null(Answer(request));
    }

    [Theory]
    [InlineData(DhcpMessageType.Release)]
    [InlineData(DhcpMessageType.Decline)]
    [InlineData(DhcpMessageType.Offer)]
    [InlineData(DhcpMessageType.Ack)]
    [InlineData(DhcpMessageType.None)]
    public void Release_decline_and_server_messages_get_no_answer(DhcpMessageType type)
    {
        Assert.Null(Answer(Requests.Build(type, Requests.Leased)));
    }

    [Fact]
    public void Request_without_any_address_gets_no_answer()
    {
        Assert.Null(Answer(Requests.Build(DhcpMessageType.Request)));
    }

    [Fact]
    public void Boot_reply_is_not_answered()
    {
        byte[] request = Requests.WindowsInform();
        request[0] = (byte)DhcpOperation.BootReply;

        Assert.Null(Answer(request));
    }

    [Fact]
    public void Reply_buffer_too_small_means_no_answer_not_an_exception()
    {
        Assert.Null(Answer(Requests.WindowsInform(), replySize: 260));
        Assert.Null(Answer(Requests.WindowsInform(), replySize: 0));
    }

    private static uint ReadUInt32(DhcpMessage message, byte code)
    {
        Assert.True(message.TryGetOption(code, out var value));
        Assert.Equal(4, value.Length);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(value);
    }
}
