using System.Diagnostics;
using OnLan.Ports;
using OnLan.Testing;
using OnLan.Wire;

namespace OnLan.Platform.Linux.Tests;

public sealed class LinkPairTests
{
    private static readonly MacAddress MacA = MacAddress.FromUInt64(0x02_00_00_00_00_0A);
    private static readonly MacAddress MacB = MacAddress.FromUInt64(0x02_00_00_00_00_0B);

    [Fact]
    public void What_a_sends_b_receives_in_order_and_byte_identical()
    {
        using LinkPair pair = LinkPair.Create(MacA, MacB);
        FrameBatch outbound = new(5);
        for (int i = 0; i < 5; i++) TestFrames.Add(outbound, MacB, MacA, i, 60 + i * 300);

        Assert.Equal(5, pair.A.Send(outbound));
        Assert.Equal(5, pair.B.Pending);
        Assert.Equal(0, pair.A.Pending);

        FrameBatch inbound = new(8);
        Assert.Equal(5, pair.B.Receive(inbound, TimeSpan.Zero));
        for (int i = 0; i < 5; i++) Assert.Equal(TestFrames.Expected(MacB, MacA, i, 60 + i * 300), inbound.Frame(i).ToArray());
        Assert.Equal(0, pair.B.Pending);
    }

    [Fact]
    public void Receive_with_zero_timeout_returns_at_once_when_nothing_waits()
    {
        using LinkPair pair = LinkPair.Create(MacA, MacB);
        FrameBatch inbound = new(4);
        long start = Stopwatch.GetTimestamp();

        Assert.Equal(0, pair.A.Receive(inbound, TimeSpan.Zero));
        // Generous for a first call (JIT) on a loaded CI machine; a receive that waited would wait far longer.
        Assert.True(Stopwatch.GetElapsedTime(start) < TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Receive_waits_for_a_frame_sent_from_another_thread()
    {
        using LinkPair pair = LinkPair.Create(MacA, MacB);
        FrameBatch outbound = new(1);
        TestFrames.Add(outbound, MacA, MacB, 7, 100);
        using Timer timer = new(_ => pair.B.Send(outbound), null, 50, Timeout.Infinite);

        FrameBatch inbound = new(4);
        Assert.Equal(1, pair.A.Receive(inbound, TimeSpan.FromSeconds(5)));
        Assert.Equal(7, TestFrames.Sequence(inbound.Frame(0)));
    }

    [Fact]
    public void Receive_returns_zero_after_the_timeout()
    {
        using LinkPair pair = LinkPair.Create(MacA, MacB);
        long start = Stopwatch.GetTimestamp();

        Assert.Equal(0, pair.A.Receive(new FrameBatch(1), TimeSpan.FromMilliseconds(100)));
        Assert.InRange(Stopwatch.GetElapsedTime(start), TimeSpan.FromMilliseconds(90), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void A_full_queue_drops_and_counts_like_a_wire()
    {
        using LinkPair pair = LinkPair.Create(MacA, MacB, queueCapacity: 4);
        FrameBatch outbound = new(6);
        for (int i = 0; i < 6; i++) TestFrames.Add(outbound, MacB, MacA, i, 64);

        Assert.Equal(4, pair.A.Send(outbound));
        Assert.Equal(2, pair.A.SendDrops);
        Assert.Equal(4, pair.B.Pending);
    }

    [Fact]
    public void Receive_stops_at_the_batch_capacity_and_leaves_the_rest_pending()
    {
        using LinkPair pair = LinkPair.Create(MacA, MacB);
        FrameBatch outbound = new(10);
        for (int i = 0; i < 10; i++) TestFrames.Add(outbound, MacB, MacA, i, 64);
        pair.A.Send(outbound);

        FrameBatch inbound = new(4);
        Assert.Equal(4, pair.B.Receive(inbound, TimeSpan.Zero));
        Assert.Equal(6, pair.B.Pending);
        Assert.Equal(4, pair.B.Receive(inbound, TimeSpan.Zero));
        Assert.Equal(4, TestFrames.Sequence(inbound.Frame(0)));
    }

    [Fact]
    public void Frames_longer_than_the_mtu_allows_are_dropped()
    {
        using LinkPair pair = LinkPair.Create(MacA, MacB, mtu: 576);
        FrameBatch outbound = new(2);
        TestFrames.Add(outbound, MacB, MacA, 0, 576 + 14);
        TestFrames.Add(outbound, MacB, MacA, 1, 576 + 19);

        Assert.Equal(1, pair.A.Send(outbound));
        Assert.Equal(1, pair.A.SendDrops);
    }

    [Fact]
    public void A_link_whose_cable_is_pulled_drops_everything()
    {
        using LinkPair pair = LinkPair.Create(MacA, MacB);
        pair.B.IsUp = false;
        FrameBatch outbound = new(1);
        TestFrames.Add(outbound, MacB, MacA, 0, 64);

        Assert.Equal(0, pair.A.Send(outbound));
        Assert.Equal(0, pair.B.Pending);
    }

    [Fact]
    public void Send_and_receive_allocate_nothing_after_warm_up()
    {
        using LinkPair pair = LinkPair.Create(MacA, MacB);
        FrameBatch outbound = new(32);
        for (int i = 0; i < 32; i++) TestFrames.Add(outbound, MacB, MacA, i, 1400);
        FrameBatch inbound = new(64);
        pair.A.Send(outbound);
        pair.B.Receive(inbound, TimeSpan.Zero);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 1000; round++)
        {
            pair.A.Send(outbound);
            pair.B.Receive(inbound, TimeSpan.Zero);
            pair.B.Receive(inbound, TimeSpan.Zero);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
