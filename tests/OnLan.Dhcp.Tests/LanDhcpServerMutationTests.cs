using OnLan.Dhcp;
using OnLan.Wire;

namespace OnLan.Dhcp.Tests;

/// <summary>Hostile bytes on the LAN: the server never throws, and whatever it sends parses and goes where RFC 2131 §4.1 says.</summary>
public class LanDhcpServerMutationTests
{
    private const int Rounds = 10_000;

    [Fact]
    public void Random_and_mutated_requests_never_make_the_lan_server_throw()
    {
        var random = new Random(20260105); // fixed seed: a failure replays
        var gateway = Ipv4Address.Parse("198.18.0.1");
        var first = Ipv4Address.Parse("198.18.0.100");
        var last = Ipv4Address.Parse("198.18.0.110");
        var book = new InMemoryLeaseBook(first, last);
        var server = new LanDhcpServer(gateway, DhcpOptionSetTests.Full, book);
        byte[] mac = [0x02, 0, 0, 0, 0, 1];
        byte[][] seeds =
        [
            LanDhcpServerTests.Build(DhcpMessageType.Discover, mac, requested: first, clientId: [1, .. mac]),
            LanDhcpServerTests.Build(DhcpMessageType.Request, mac, requested: first, serverId: gateway),
            LanDhcpServerTests.Build(DhcpMessageType.Request, mac, requested: first),
            LanDhcpServerTests.Build(DhcpMessageType.Request, mac, ciaddr: first),
            LanDhcpServerTests.Build(DhcpMessageType.Decline, mac, requested: first, serverId: gateway),
            LanDhcpServerTests.Build(DhcpMessageType.Release, mac, ciaddr: first, serverId: gateway),
            LanDhcpServerTests.Build(DhcpMessageType.Inform, mac, ciaddr: Ipv4Address.Parse("198.18.0.9"), parameters: [1, 3, 6, 15, 121, 249]),
        ];
        var reply = new byte[LanDhcpServer.RecommendedReplyBufferLength];
        var now = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        int answered = 0;

        for (int round = 0; round < Rounds; round++, now = now.AddSeconds(1))
        {
            byte[] input = DhcpMutations.Mutate(random, seeds[round % seeds.Length], round);

            var answer = server.Answer(input, now, reply);

            if (answer.IsNone) continue;
            answered++;
            Assert.Equal(DhcpError.None, DhcpMessage.TryParse(reply.AsSpan(0, answer.Length), out var message));
            Assert.Equal(DhcpOperation.BootReply, message.Operation);
            Assert.True(answer.Destination.IsBroadcast || answer.Destination == message.ClientAddress);
            if (answer.Type is DhcpMessageType.Offer || (answer.Type is DhcpMessageType.Ack && !message.YourAddress.IsAny))
                Assert.True(book.Covers(message.YourAddress));
        }

        // Never two clients on one address, whatever was sent.
        Assert.Equal(book.Slots.Count, book.Slots.Keys.Distinct().Count());
        Assert.True(answered > Rounds / 20, $"only {answered} of {Rounds} requests were answered");
    }
}
