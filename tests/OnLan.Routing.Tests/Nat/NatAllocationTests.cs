using OnLan.Routing.Nat;
using OnLan.Wire;
using static OnLan.Routing.Tests.Nat.NatPackets;

namespace OnLan.Routing.Tests.Nat;

public class NatAllocationTests
{
    private const int Packets = 10_000;

    /// <summary>Runs <paramref name="pass"/> three times and returns the fewest bytes one pass allocated (tiered JIT noise).</summary>
    private static long BestOfThree(Func<int> pass, out int failures)
    {
        failures = pass(); // warm-up: JIT, first flows
        long best = long.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            failures += pass();
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return best;
    }

    [Fact]
    public void Ten_thousand_packets_each_way_through_established_flows_allocate_nothing()
    {
        const int Flows = 300;
        var table = new NatTable(Wan, new NatOptions { Capacity = 4096, HashSeed = 2 });
        table.AddPortForward(new NatPortForward(IpProtocol.Tcp, 8080, Server, 80));
        var outbound = new byte[Flows][];
        var inbound = new byte[Flows][];
        for (int i = 0; i < Flows; i++)
        {
            var host = new Ipv4Address(0x0A00_0100u + (uint)i);
            ushort port = (ushort)(30000 + i);
            outbound[i] = (i % 4) switch
            {
                0 => Udp(host, port, Remote, 53, payloadLength: 1372),
                1 => Tcp(host, port, Remote, 443, Ack, payloadLength: 1360),
                2 => Echo(IcmpV4Type.EchoRequest, host, Remote, port),
                _ => Tcp(Server, 80, new Ipv4Address(0xCB00_7100u + (uint)i), port, Ack, payloadLength: 10),
            };
            var translated = outbound[i].ToArray();
            if (i % 4 == 3)
                table.Inbound(Tcp(new Ipv4Address(0xCB00_7100u + (uint)i), port, Wan, 8080, Syn), TimeSpan.Zero);
            Assert.Equal(NatResult.Translated, table.Outbound(translated, TimeSpan.Zero));
            ushort external = i % 4 == 2 ? EchoIdentifier(translated) : SourcePort(translated);
            inbound[i] = (i % 4) switch
            {
                0 => Udp(Remote, 53, Wan, external, payloadLength: 1372),
                1 => Tcp(Remote, 443, Wan, external, Ack, payloadLength: 1360),
                2 => Echo(IcmpV4Type.EchoReply, Remote, Wan, external),
                _ => Tcp(Destination(outbound[i]), port, Wan, 8080, Ack, payloadLength: 10),
            };
        }
        var work = new byte[1500];
        var now = TimeSpan.FromSeconds(1);

        int Pass()
        {
            int failures = 0;
            for (int i = 0; i < Packets; i++)
            {
                now += TimeSpan.FromMicroseconds(10);
                var template = outbound[i % Flows];
                template.CopyTo(work, 0);
                if (table.Outbound(work.AsSpan(0, template.Length), now) != NatResult.Translated) failures++;
                template = inbound[i % Flows];
                template.CopyTo(work, 0);
                if (table.Inbound(work.AsSpan(0, template.Length), now) != NatResult.Translated) failures++;
                if (i % 64 == 0) table.Sweep(now, 32);
            }
            return failures;
        }

        long allocated = BestOfThree(Pass, out int failures);

        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Opening_evicting_and_refusing_flows_allocates_nothing()
    {
        var table = new NatTable(Wan, new NatOptions { Capacity = 256, HashSeed = 4 });
        var outbound = new byte[Packets][];
        for (int i = 0; i < Packets; i++)
            outbound[i] = i % 2 == 0
                ? Udp(new Ipv4Address(0x0A00_0000u + (uint)i), (ushort)(1024 + i), Remote, 53)
                : Tcp(new Ipv4Address(0x0A00_0000u + (uint)i), 40000, Remote, 443, Syn);
        var unsolicited = Udp(Router, 53, Wan, 9999);
        var malformed = Udp(HostA, 1, Remote, 1).AsSpan(0, 27).ToArray();
        var work = new byte[1500];
        var now = TimeSpan.FromSeconds(1);

        int Pass()
        {
            int failures = 0;
            for (int i = 0; i < Packets; i++)
            {
                now += TimeSpan.FromMilliseconds(1);
                outbound[i].CopyTo(work, 0);
                if (table.Outbound(work.AsSpan(0, outbound[i].Length), now) != NatResult.Translated) failures++;
                unsolicited.CopyTo(work, 0);
                if (table.Inbound(work.AsSpan(0, unsolicited.Length), now) != NatResult.NotTracked) failures++;
                malformed.CopyTo(work, 0);
                if (table.Inbound(work.AsSpan(0, malformed.Length), now) != NatResult.DroppedMalformed) failures++;
            }
            return failures;
        }

        long allocated = BestOfThree(Pass, out int failures);

        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
        Assert.True(table.Counters.FlowsEvicted + table.Counters.FlowsExpired > 3 * Packets);
    }
}
