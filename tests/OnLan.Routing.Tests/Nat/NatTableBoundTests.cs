using OnLan.Routing.Nat;
using OnLan.Wire;
using static OnLan.Routing.Tests.Nat.NatPackets;

namespace OnLan.Routing.Tests.Nat;

public class NatTableBoundTests
{
    private static Ipv4Address HostNumber(int i) => new(0x0A01_0000u + (uint)(i / 50));

    private static ushort PortNumber(int i) => (ushort)(20000 + i % 50);

    [Fact]
    public void Fifty_thousand_flows_into_a_16384_flow_table_evict_the_oldest_idle_and_keep_forwarding()
    {
        const int Capacity = 16384, Flows = 50_000;
        var table = new NatTable(Wan, new NatOptions { Capacity = Capacity, HashSeed = 9 });
        var step = TimeSpan.FromMicroseconds(100); // 5 s in all: nothing times out, everything that leaves is evicted
        var now = TimeSpan.Zero;

        for (int i = 0; i < Flows; i++)
        {
            now += step;
            Assert.Equal(NatResult.Translated, table.Outbound(Udp(HostNumber(i), PortNumber(i), Remote, 53), now));
            Assert.InRange(table.Count, 1, Capacity);
            if (i % 1000 == 999) // flow 0 stays busy: it must outlive flows created long after it
                Assert.Equal(NatResult.Translated, table.Outbound(Udp(HostNumber(0), PortNumber(0), Remote, 53), now));
        }

        Assert.Equal(Capacity, table.Count);
        Assert.Equal(Flows, table.Counters.FlowsCreated);
        Assert.Equal(Flows - Capacity, table.Counters.FlowsEvicted);
        Assert.Equal(0, table.Counters.FlowsExpired);
        Assert.Equal(0, table.Counters.NoPortAvailable);
        Assert.True(table.TryGetFlow(IpProtocol.Udp, HostNumber(0), PortNumber(0), Remote, 53, out _));
        // The 33,616 evicted are exactly the oldest idle ones: flows 1 to 33,616; every later one is still there.
        const int FirstSurvivor = Flows - Capacity + 1;
        for (int i = 1; i < Flows; i++)
            Assert.Equal(i >= FirstSurvivor, table.TryGetFlow(IpProtocol.Udp, HostNumber(i), PortNumber(i), Remote, 53, out _));
        for (int i = Flows - 100; i < Flows; i++)
        {
            Assert.True(table.TryGetFlow(IpProtocol.Udp, HostNumber(i), PortNumber(i), Remote, 53, out var flow));
            var reply = Udp(Remote, 53, Wan, flow.ExternalPort);
            Assert.Equal(NatResult.Translated, table.Inbound(reply, now));
            Assert.Equal(Udp(Remote, 53, HostNumber(i), PortNumber(i)), reply);
        }
    }

    [Fact]
    public void When_every_port_is_taken_a_new_flow_is_dropped_and_counted()
    {
        var table = new NatTable(Wan, new NatOptions { Capacity = 70_000, HashSeed = 1 });
        var packet = Udp(HostA, 1, Remote, 53);
        for (int port = 1; port <= ushort.MaxValue; port++)
        {
            if (port is 68 or 500 or 4500) continue; // the gateway's own: a flow from them would take an ephemeral port
            Udp(HostA, (ushort)port, Remote, 53).CopyTo(packet, 0);
            Assert.Equal(NatResult.Translated, table.Outbound(packet, TimeSpan.Zero));
        }

        Assert.Equal(65532, table.Count); // every UDP port but 0 and the three reserved ones, each kept as it came
        Assert.Equal(NatResult.DroppedNoPort, table.Outbound(Udp(HostB, 40000, Remote, 53), TimeSpan.Zero));
        Assert.Equal(1, table.Counters.NoPortAvailable);
        // TCP has its own ports.
        Assert.Equal(NatResult.Translated, table.Outbound(Tcp(HostB, 40000, Remote, 53, Syn), TimeSpan.Zero));
    }
}
