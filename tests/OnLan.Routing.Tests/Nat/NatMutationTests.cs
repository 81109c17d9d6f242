using OnLan.Routing.Nat;
using OnLan.Wire;
using static OnLan.Routing.Tests.Nat.NatPackets;

namespace OnLan.Routing.Tests.Nat;

public class NatMutationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Ten_thousand_mutated_packets_never_throw_and_never_overfill_the_table(int seed)
    {
        const int Capacity = 64;
        var random = new Random(seed);
        var table = new NatTable(Wan, new NatOptions { Capacity = Capacity, HashSeed = (ulong)seed });
        table.AddPortForward(new NatPortForward(IpProtocol.Tcp, 8080, Server, 80));
        table.AddPortForward(new NatPortForward(IpProtocol.Udp, 5353, Server, 53));
        var outboundUdp = Udp(HostA, 40000, Remote, 53);
        var outboundTcp = Tcp(HostA, 51000, Remote, 443, Syn, payloadLength: 20);
        var outboundEcho = Echo(IcmpV4Type.EchoRequest, HostA, Remote, 5);
        byte[][] seeds =
        [
            outboundUdp, outboundTcp, outboundEcho,
            Udp(Remote, 53, Wan, 40000), Tcp(Remote, 443, Wan, 51000, Syn | Ack), Echo(IcmpV4Type.EchoReply, Remote, Wan, 5),
            Tcp(Remote, 5555, Wan, 8080, Syn), Udp(Remote, 7777, Wan, 5353), Tcp(HostA, 40000, Wan, 8080, Syn),
            IcmpError(Router, Wan, IcmpV4Type.DestinationUnreachable, 3, 0, Udp(Wan, 40000, Remote, 53)),
            IcmpError(Router, Wan, IcmpV4Type.DestinationUnreachable, 4, 1400, Tcp(Wan, 51000, Remote, 443, Ack), quotedTransportBytes: 20),
            IcmpError(Router, Wan, IcmpV4Type.TimeExceeded, 0, 0, Echo(IcmpV4Type.EchoRequest, Wan, Remote, 5)),
            IcmpError(Server, Remote, IcmpV4Type.DestinationUnreachable, 3, 0, Udp(Remote, 7777, Server, 53)),
        ];
        var now = TimeSpan.Zero;

        for (int i = 0; i < 10_000; i++)
        {
            now += TimeSpan.FromMilliseconds(random.Next(0, 2000));
            byte[] packet = random.Next(20) == 0 ? RandomBytes(random) : Mutate(random, seeds[random.Next(seeds.Length)]);
            var copy = packet.ToArray();

            table.Outbound(packet, now);
            table.Inbound(copy, now);
            if (i % 16 == 0) table.Sweep(now, 8);

            Assert.InRange(table.Count, 0, Capacity);
        }

        // Still a working NAT afterwards.
        var probe = Udp(HostB, 40000, Remote, 123);
        Assert.Equal(NatResult.Translated, table.Outbound(probe, now));
        AssertChecksumsValid(probe);
        var reply = Udp(Remote, 123, Wan, SourcePort(probe));
        Assert.Equal(NatResult.Translated, table.Inbound(reply, now));
        Assert.Equal(Udp(Remote, 123, HostB, 40000), reply);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 100)];
        random.NextBytes(bytes);
        if (bytes.Length > 0 && random.Next(2) == 0) bytes[0] = 0x45;
        return bytes;
    }

    /// <summary>Flips bytes, cuts or extends a valid packet; half the time re-seals the IPv4 header so the damage gets past it.</summary>
    private static byte[] Mutate(Random random, byte[] original)
    {
        var packet = original.ToArray();
        switch (random.Next(4))
        {
            case 0:
                break; // unmutated: keeps real flows in the table
            case 1:
                packet = packet.AsSpan(0, random.Next(0, packet.Length)).ToArray();
                break;
            case 2:
                Array.Resize(ref packet, packet.Length + random.Next(1, 16));
                break;
        }
        for (int flips = random.Next(0, 5); flips > 0 && packet.Length > 0; flips--)
            packet[random.Next(packet.Length)] = (byte)random.Next(256);
        if (random.Next(2) == 0 && packet.Length >= 20)
        {
            int headerLength = (packet[0] & 0x0F) * 4;
            if (headerLength >= 20 && headerLength <= packet.Length) RefreshHeaderChecksum(packet);
        }
        return packet;
    }
}
