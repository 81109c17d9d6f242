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
            wan.Client.Receive(Mutate(random, seed, round), wan.Now);
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

    private static byte[] Mutate(Random random, byte[] seed, int round)
    {
        switch (round % 5)
        {
            case 0: // pure noise of any length
                var noise = new byte[random.Next(0, 600)];
                random.NextBytes(noise);
                return noise;
            case 1: // a few bytes flipped anywhere
            {
                byte[] copy = (byte[])seed.Clone();
                for (int i = random.Next(1, 4); i > 0; i--)
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            }
            case 2: // cut anywhere
                return seed[..random.Next(seed.Length + 1)];
            case 3: // a byte in the options flipped (headers stay valid, option lengths and values go wrong)
            {
                byte[] copy = (byte[])seed.Clone();
                copy[random.Next(DhcpMessage.OptionsOffset, copy.Length)] = (byte)random.Next(256);
                return copy;
            }
            default: // untouched, or with random junk appended
                byte[] tail = new byte[random.Next(0, 40)];
                random.NextBytes(tail);
                return [.. seed, .. tail];
        }
    }
}
