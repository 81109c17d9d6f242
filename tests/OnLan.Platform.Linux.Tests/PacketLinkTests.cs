using System.Diagnostics;
using OnLan.Ports;
using OnLan.Testing;
using OnLan.Wire;

namespace OnLan.Platform.Linux.Tests;

public sealed class PacketLinkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    [RootFact]
    public void Open_reports_the_mac_and_mtu_that_ip_link_shows()
    {
        using VethLinks links = VethLinks.Create(mtu: 1400);

        foreach (PacketLink link in new[] { links.Left, links.Right })
        {
            string shown = links.LeftNamespace.Run($"cat /sys/class/net/{link.Name}/address").EnsureSuccess("read address").StdOut.Trim();
            string ipLink = links.LeftNamespace.Run($"ip -o link show {link.Name}").EnsureSuccess("ip link").StdOut;
            Assert.True(MacAddress.TryParse(shown, out MacAddress expected), shown);
            Assert.Equal(expected, link.Address);
            Assert.Contains($"link/ether {shown}", ipLink);
            Assert.Equal(1400, link.Mtu);
            Assert.True(link.IsUp);
        }
    }

    [RootFact]
    public void Open_brings_an_administratively_down_interface_up_without_an_address()
    {
        using VethLinks links = VethLinks.Create(open: false);
        links.LeftNamespace.Run($"ip link set {VethLinks.LeftName} down").EnsureSuccess("set down");

        links.Open();

        string shown = links.LeftNamespace.Run($"ip -o addr show dev {VethLinks.LeftName}").StdOut
                       + links.LeftNamespace.Run($"ip -o link show {VethLinks.LeftName}").StdOut;
        Assert.Contains("<BROADCAST,MULTICAST,UP,LOWER_UP>", shown);
        Assert.DoesNotContain("inet", shown); // neither IPv4 nor an IPv6 link-local address
        Assert.True(links.Left.IsUp);
        Assert.True(links.Left.KernelStackOff, links.Left.KernelStackNote);
        Assert.Contains("kernel stack off", links.Left.ToString());
    }

    [RootTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void With_the_kernel_stack_off_the_socket_gets_every_frame_and_the_kernel_none(bool kernelStackOff)
    {
        using VethLinks links = VethLinks.Create(kernelStackOff: kernelStackOff);
        // Someone gives the port an address by hand: the kernel would now answer ARP for it on the wire.
        links.LeftNamespace.Run($"ip addr add 198.18.7.1/24 dev {VethLinks.LeftName}").EnsureSuccess("add address");
        FrameBatch request = new(1);
        Span<byte> frame = request.NextSlot();
        new EthernetRepr(MacAddress.Broadcast, links.Right.Address, EtherType.Arp).Emit(frame);
        new ArpRepr(ArpOperation.Request, links.Right.Address, new Ipv4Address(198, 18, 7, 2), default, new Ipv4Address(198, 18, 7, 1))
            .Emit(frame[EthernetFrame.HeaderLength..]);
        request.Commit(EthernetFrame.HeaderLength + ArpRepr.Length);

        bool kernelAnswered = false, socketGotIt = false;
        FrameBatch inbound = new(8);
        for (int attempt = 0; attempt < 3 && !(kernelAnswered && socketGotIt); attempt++)
        {
            Assert.Equal(1, links.Right.Send(request));
            long start = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(start) < TimeSpan.FromMilliseconds(300))
            {
                for (int i = links.Right.Receive(inbound, TimeSpan.FromMilliseconds(50)) - 1; i >= 0; i--)
                    kernelAnswered |= IsArp(inbound.Frame(i), ArpOperation.Reply);
                for (int i = links.Left.Receive(inbound, TimeSpan.Zero) - 1; i >= 0; i--)
                    socketGotIt |= IsArp(inbound.Frame(i), ArpOperation.Request);
            }
        }

        Assert.True(socketGotIt);
        Assert.Equal(!kernelStackOff, kernelAnswered);
    }

    [RootFact]
    public void Disposing_a_link_takes_its_ingress_filter_off_the_interface()
    {
        using VethLinks links = VethLinks.Create();
        string Filters() => links.LeftNamespace.Run($"tc filter show dev {VethLinks.LeftName} ingress").StdOut;
        // tc prints our filter as it would its own: one classic-BPF instruction, "ret TC_ACT_SHOT", in direct-action mode.
        Assert.Contains("direct-action not_in_hw bytecode '1,6 0 0 2'", Filters());

        links.Left.Dispose();

        Assert.DoesNotContain("bytecode", Filters());
        Assert.DoesNotContain("clsact", links.LeftNamespace.Run($"tc qdisc show dev {VethLinks.LeftName}").StdOut);
    }

    [RootFact]
    public void A_clsact_qdisc_that_was_there_before_stays_and_only_our_filter_goes()
    {
        using VethLinks links = VethLinks.Create(open: false);
        links.LeftNamespace.Run($"tc qdisc add dev {VethLinks.LeftName} clsact").EnsureSuccess("add clsact");
        links.Open();
        string Filters() => links.LeftNamespace.Run($"tc filter show dev {VethLinks.LeftName} ingress").StdOut;
        Assert.True(links.Left.KernelStackOff, links.Left.KernelStackNote);
        Assert.Contains("bytecode '1,6 0 0 2'", Filters());

        links.Left.Dispose();

        Assert.DoesNotContain("bytecode", Filters());
        Assert.Contains("clsact", links.LeftNamespace.Run($"tc qdisc show dev {VethLinks.LeftName}").StdOut);
    }

    private static bool IsArp(Span<byte> frame, ArpOperation operation) =>
        EthernetFrame.TryParse(frame, out var ethernet) == WireError.None && ethernet.EtherType == EtherType.Arp &&
        ArpPacket.TryParse(ethernet.Payload, out var arp) == WireError.None && arp.Operation == operation;

    [RootTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_batch_sent_on_one_end_arrives_byte_identical_and_in_order_on_the_other(bool receiveRing)
    {
        using VethLinks links = VethLinks.Create(receiveRing: receiveRing);
        int[] lengths = [60, 64, 128, 600, 1000, 1400, 1514, 61, 1513, 256];
        FrameBatch outbound = new(lengths.Length);
        for (int i = 0; i < lengths.Length; i++) TestFrames.Add(outbound, links.Right.Address, links.Left.Address, i, lengths[i]);

        Assert.Equal(lengths.Length, links.Left.Send(outbound));

        List<byte[]> received = ReceiveTestFrames(links.Right, lengths.Length);
        Assert.Equal(lengths.Length, received.Count);
        for (int i = 0; i < lengths.Length; i++)
        {
            Assert.Equal(TestFrames.Expected(links.Right.Address, links.Left.Address, i, lengths[i]), received[i]);
        }
        Assert.Equal(0, links.Left.SendDrops);
    }

    [RootFact]
    public void Frames_cross_between_two_namespaces_in_both_directions()
    {
        using VethLinks links = VethLinks.Create(twoNamespaces: true);
        FrameBatch batch = new(4);
        for (int i = 0; i < 4; i++) TestFrames.Add(batch, links.Right.Address, links.Left.Address, i, 100 + i);
        Assert.Equal(4, links.Left.Send(batch));
        Assert.Equal(4, ReceiveTestFrames(links.Right, 4).Count);

        batch.Clear();
        for (int i = 0; i < 3; i++) TestFrames.Add(batch, links.Left.Address, links.Right.Address, i, 200);
        Assert.Equal(3, links.Right.Send(batch));
        Assert.Equal(3, ReceiveTestFrames(links.Left, 3).Count);
    }

    [RootTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_receive_filter_passes_only_the_frames_its_program_accepts(bool receiveRing)
    {
        using VethLinks links = VethLinks.Create(receiveRing: receiveRing);
        // Test frames with an even sequence number, whole; everything else rejected.
        links.Right.SetReceiveFilter(
        [
            SocketFilterInstruction.LoadHalfWord(12),
            SocketFilterInstruction.JumpIfEqual(TestFrames.EtherType, 0, 4),
            SocketFilterInstruction.LoadWord(14),
            SocketFilterInstruction.And(1),
            SocketFilterInstruction.JumpIfEqual(0, 0, 1),
            SocketFilterInstruction.Return(0x40000),
            SocketFilterInstruction.Return(0),
        ]);
        FrameBatch outbound = new(10);
        for (int i = 0; i < 10; i++) TestFrames.Add(outbound, links.Right.Address, links.Left.Address, i, 100 + i);
        Assert.Equal(10, links.Left.Send(outbound));

        List<byte[]> received = ReceiveTestFrames(links.Right, 10, TimeSpan.FromMilliseconds(500));

        Assert.Equal([0, 2, 4, 6, 8], received.Select(f => TestFrames.Sequence(f)));
        Assert.Equal(TestFrames.Expected(links.Right.Address, links.Left.Address, 4, 104), received[2]);
    }

    [RootFact]
    public void A_receive_filter_the_kernel_refuses_gives_an_error_that_names_the_step()
    {
        using VethLinks links = VethLinks.Create();
        // A jump past the end of the program.
        var error = Assert.Throws<PacketLinkException>(() => links.Right.SetReceiveFilter([SocketFilterInstruction.JumpIfEqual(0, 5, 5), SocketFilterInstruction.Return(0)]));
        Assert.Contains("SO_ATTACH_FILTER", error.Message);
        Assert.Contains(VethLinks.RightName, error.Message);
    }

    [RootFact]
    public void Frames_we_send_are_not_received_back_on_our_own_socket()
    {
        using VethLinks links = VethLinks.Create();
        FrameBatch outbound = new(8);
        for (int i = 0; i < 8; i++) TestFrames.Add(outbound, MacAddress.Broadcast, links.Left.Address, i, 100);
        Assert.Equal(8, links.Left.Send(outbound));
        Assert.Equal(8, ReceiveTestFrames(links.Right, 8).Count); // they did leave

        Assert.Empty(ReceiveTestFrames(links.Left, 1, TimeSpan.FromMilliseconds(300)));
    }

    [RootFact]
    public void Receive_returns_zero_after_the_timeout_when_idle()
    {
        using VethLinks links = VethLinks.Create();
        FrameBatch batch = new(16);

        long start = Stopwatch.GetTimestamp();
        int received = links.Right.Receive(batch, TimeSpan.FromMilliseconds(200));
        TimeSpan waited = Stopwatch.GetElapsedTime(start);

        Assert.Equal(0, received);
        Assert.Equal(0, batch.Count);
        Assert.InRange(waited, TimeSpan.FromMilliseconds(190), TimeSpan.FromSeconds(2));

        start = Stopwatch.GetTimestamp();
        Assert.Equal(0, links.Right.Receive(batch, TimeSpan.Zero));
        Assert.True(Stopwatch.GetElapsedTime(start) < TimeSpan.FromMilliseconds(150)); // well under the 200 ms wait above
    }

    [RootTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Frames_longer_than_a_slot_are_skipped_and_counted_and_the_rest_kept_in_order(bool receiveRing)
    {
        using VethLinks links = VethLinks.Create(receiveRing: receiveRing);
        FrameBatch outbound = new(3);
        TestFrames.Add(outbound, links.Right.Address, links.Left.Address, 0, 100);
        TestFrames.Add(outbound, links.Right.Address, links.Left.Address, 1, 1000);
        TestFrames.Add(outbound, links.Right.Address, links.Left.Address, 2, 120);
        Assert.Equal(3, links.Left.Send(outbound));

        FrameBatch small = new(8, slotSize: 512);
        List<byte[]> received = ReceiveTestFrames(links.Right, 2, Patience, small);

        Assert.Equal([0, 2], received.Select(f => TestFrames.Sequence(f)));
        Assert.Equal(1, links.Right.ReceiveTruncated);
    }

    [Fact]
    public void Opening_a_missing_interface_gives_an_error_that_names_it()
    {
        PacketLinkException error = Assert.Throws<PacketLinkException>(() => PacketLink.Open("onlan-nosuch0"));

        Assert.Contains("onlan-nosuch0", error.Message);
        Assert.Contains("No such device", error.Message);
        Assert.Equal("onlan-nosuch0", error.InterfaceName);
    }

    [RootTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Receive_and_send_allocate_nothing_after_warm_up(bool receiveRing)
    {
        using VethLinks links = VethLinks.Create(receiveRing: receiveRing);
        FrameBatch outbound = new(32);
        for (int i = 0; i < 32; i++) TestFrames.Add(outbound, links.Right.Address, links.Left.Address, i, 1400);
        FrameBatch inbound = new(64);
        for (int warm = 0; warm < 3; warm++)
        {
            links.Left.Send(outbound);
            links.Right.Receive(inbound, TimeSpan.FromMilliseconds(50));
        }

        long sent = 0, received = 0;
        // Best of three passes: the runtime may allocate once on this thread while it moves code to optimized tiers;
        // a send or receive that allocates does so in every pass.
        List<long> passes = [];
        while (passes.Count < 3 && (passes.Count == 0 || passes[^1] != 0))
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int round = 0; round < 200; round++)
            {
                sent += links.Left.Send(outbound);
                received += links.Right.Receive(inbound, TimeSpan.FromMilliseconds(20));
                received += links.Right.Receive(inbound, TimeSpan.Zero);
            }
            passes.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(passes.Min() == 0, $"bytes allocated in each pass: {string.Join(", ", passes)}");
        Assert.True(sent > 0 && received > 0, $"sent {sent}, received {received}");
    }

    [RootTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Frames_lost_to_a_full_receive_queue_are_counted_as_overruns(bool receiveRing)
    {
        using VethLinks links = VethLinks.Create(receiveRing: receiveRing);
        // Far more than the ring (4,096 frames) or the 4 MiB receive buffer holds while nobody reads: 8,000 frames.
        const int Rounds = 250, PerRound = 32;
        FrameBatch outbound = new(PerRound);
        for (int i = 0; i < PerRound; i++) TestFrames.Add(outbound, links.Right.Address, links.Left.Address, i, 1400);
        Assert.Equal(0, links.Right.ReceiveOverruns);
        long sent = 0;
        for (int round = 0; round < Rounds; round++) sent += links.Left.Send(outbound);

        long received = 0;
        FrameBatch inbound = new(64);
        while (links.Right.Receive(inbound, TimeSpan.FromMilliseconds(100)) is int count and > 0)
            for (int i = 0; i < count; i++)
                if (TestFrames.IsTestFrame(inbound.Frame(i))) received++;
        long overruns = links.Right.ReceiveOverruns;

        Assert.True(overruns > 0, $"sent {sent}, received {received}, no overrun counted");
        // Every frame sent either arrived or was counted (the kernel's own count is exact for a socket's queue).
        Assert.Equal(sent, received + overruns);
        Assert.Equal(overruns, links.Right.ReceiveOverruns); // reading twice does not count twice
    }

    [RootFact]
    public void Is_up_follows_the_carrier_within_about_a_second()
    {
        using VethLinks links = VethLinks.Create();
        FrameBatch batch = new(4);
        Assert.True(links.Left.IsUp);

        links.RightNamespace.Run($"ip link set {VethLinks.RightName} down").EnsureSuccess("peer down");
        long start = Stopwatch.GetTimestamp();
        while (links.Left.IsUp && Stopwatch.GetElapsedTime(start) < Patience) links.Left.Receive(batch, TimeSpan.FromMilliseconds(100));

        Assert.False(links.Left.IsUp);
    }

    [RootFact]
    public void A_link_receives_through_a_ring_unless_told_not_to()
    {
        using VethLinks withRing = VethLinks.Create();
        using VethLinks without = VethLinks.Create(receiveRing: false);

        Assert.True(withRing.Left.ReceivesThroughRing);
        Assert.Contains("receive ring 4096 x 2048 B", withRing.Left.ToString());
        Assert.False(without.Left.ReceivesThroughRing);
        Assert.Contains("recvmmsg", without.Left.ToString());
    }

    [RootFact]
    public void A_jumbo_mtu_gets_ring_slots_that_hold_a_whole_jumbo_frame()
    {
        using VethLinks links = VethLinks.Create(mtu: 9000);
        FrameBatch outbound = new(2, slotSize: 9100);
        TestFrames.Add(outbound, links.Right.Address, links.Left.Address, 0, 9014);
        TestFrames.Add(outbound, links.Right.Address, links.Left.Address, 1, 64);

        Assert.Equal(2, links.Left.Send(outbound));

        List<byte[]> received = ReceiveTestFrames(links.Right, 2, Patience, new FrameBatch(4, slotSize: 9100));
        Assert.Equal(TestFrames.Expected(links.Right.Address, links.Left.Address, 0, 9014), received[0]);
        Assert.Contains("x 16384 B", links.Right.ToString());
    }

    [RootFact]
    public void Disposing_a_ring_link_while_another_thread_waits_in_receive_closes_its_socket()
    {
        using VethLinks links = VethLinks.Create();
        string Sockets() => links.LeftNamespace.Run("cat /proc/net/packet").EnsureSuccess("read /proc/net/packet").StdOut;
        int before = Sockets().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        FrameBatch batch = new(8);
        int returned = -1;
        Thread receiver = new(() => returned = links.Right.Receive(batch, TimeSpan.FromMilliseconds(600)));
        receiver.Start();
        Thread.Sleep(100); // the receiver is now in poll()

        links.Right.Dispose();
        Assert.True(receiver.Join(Patience));

        Assert.Equal(0, returned);
        // The ring's mapping held the socket open; the receiver unmapped it as it left, so the kernel closed it.
        long start = Stopwatch.GetTimestamp();
        int after = before;
        while (after != before - 1 && Stopwatch.GetElapsedTime(start) < Patience)
        {
            Thread.Sleep(20);
            after = Sockets().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        }
        Assert.Equal(before - 1, after);
        Assert.Equal(0, links.Right.Receive(batch, TimeSpan.Zero)); // a disposed link receives nothing, and says so quietly
    }

    [RootTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_vlan_tagged_frame_arrives_with_its_tag_although_the_kernel_strips_it(bool receiveRing)
    {
        using VethLinks links = VethLinks.Create(receiveRing: receiveRing);
        // dst, src, 802.1Q tag (TPID 0x8100, PCP 5, VLAN 42), then an IPv4 EtherType and a payload.
        byte[] tagged = new byte[64];
        links.Right.Address.WriteTo(tagged);
        links.Left.Address.WriteTo(tagged.AsSpan(6));
        byte[] tag = [0x81, 0x00, 0xA0, 42, 0x08, 0x00];
        tag.CopyTo(tagged, 12);
        for (int i = 18; i < tagged.Length; i++) tagged[i] = (byte)i;
        FrameBatch outbound = new(1);
        outbound.TryAdd(tagged);

        Assert.Equal(1, links.Left.Send(outbound));

        FrameBatch inbound = new(8);
        byte[]? received = null;
        long start = Stopwatch.GetTimestamp();
        while (received is null && Stopwatch.GetElapsedTime(start) < Patience)
        {
            int count = links.Right.Receive(inbound, TimeSpan.FromMilliseconds(50));
            for (int i = 0; i < count; i++)
                if (inbound.Frame(i).Length == tagged.Length) received = inbound.Frame(i).ToArray();
        }
        Assert.Equal(tagged, received);
        Assert.Equal(WireError.VlanTagged, EthernetFrame.TryParse(received, out _));
    }

    /// <summary>Receives until <paramref name="wanted"/> test frames came or the time is up (other frames ignored).</summary>
    private static List<byte[]> ReceiveTestFrames(PacketLink link, int wanted, TimeSpan? within = null, FrameBatch? batch = null)
    {
        batch ??= new FrameBatch(64);
        List<byte[]> frames = [];
        long start = Stopwatch.GetTimestamp();
        TimeSpan limit = within ?? Patience;
        while (frames.Count < wanted && Stopwatch.GetElapsedTime(start) < limit)
        {
            int count = link.Receive(batch, TimeSpan.FromMilliseconds(50));
            for (int i = 0; i < count; i++)
            {
                if (TestFrames.IsTestFrame(batch.Frame(i))) frames.Add(batch.Frame(i).ToArray());
            }
        }
        return frames;
    }
}
