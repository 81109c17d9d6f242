using OnLan.Dhcp;
using OnLan.Dhcp.Client;
using OnLan.Wire;

namespace OnLan.Dhcp.Tests.Client;

/// <summary>Hostile bytes on the WAN: the client never throws, and whatever it then sends parses and goes where RFC 2131 §4.1 says.</summary>
public class DhcpClientMutationTests
{
    private const int Rounds = 10_000;

    [Fact]
    public void Random_and_mutated_replies_never_make_the_client_throw()
    {
        var random = new Random(20261127); // fixed seed: a failure replays
        var isp = new FakeIspServer();
        var wan = new ClientHarness();
        wan.Start();
        var buffer = new byte[DhcpClient.RecommendedBufferLength];
        byte[] lastSent = wan.Take().Bytes;
        int bound = 0;

        for (int round = 0; round < Rounds; round++)
        {
            // Seeds answer the client's latest message, so xid and chaddr match and the mutations reach the options.
            byte[] seed = (round % 3) switch
            {
                0 => isp.Offer(lastSent),
                1 => isp.Ack(lastSent),
                _ => isp.Nak(lastSent),
            };
            wan.Client.Receive(DhcpMutations.Mutate(random, seed, round), wan.Now);
            wan.Advance(TimeSpan.FromSeconds(random.Next(0, 400)));

            if (wan.Client.Lease is { } lease)
            {
                bound++;
                Assert.InRange(lease.Address.PrefixLength, 1, 32);
                Assert.True(lease.RenewAt <= lease.RebindAt && lease.RebindAt <= lease.ExpiresAt);
            }
            if (!wan.Client.TryTakeOutgoing(buffer, out DhcpClientDatagram sent)) continue;
            Assert.Equal(DhcpError.None, DhcpMessage.TryParse(buffer.AsSpan(0, sent.Length), out var message));
            Assert.Equal(DhcpOperation.BootRequest, message.Operation);
            Assert.True(sent.IsBroadcast == sent.Destination.IsBroadcast);
            Assert.True(sent.Source.IsAny || sent.Source == message.ClientAddress);
            lastSent = buffer[..sent.Length];
        }

        Assert.True(bound > 0, "the client never bound: the mutations never let a valid exchange through");
    }
}
