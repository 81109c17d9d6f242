using System.Buffers.Binary;
using System.Diagnostics;
using OnLan.Addressing;
using OnLan.Esp;
using OnLan.Ike;
using OnLan.Platform.Linux;
using OnLan.Ports;
using OnLan.Testing;
using OnLan.Wire;

namespace OnLan.Benchmarks;

/// <summary>
/// Latency the gateway adds, one packet in flight at a time, through the same two real ports and the same bench
/// namespace as the throughput figures (see <see cref="TunnelThroughPortsBenchmark"/>):
/// tunnel→LAN: one ESP-in-UDP frame (ICMP echo request inside, 84 bytes, 198.18.0.200 → 198.18.0.10) sent on
/// gen-wan, timed until the decrypted frame is seen on gen-lan; LAN→tunnel: one plain echo request 198.18.0.10 →
/// 198.18.0.200 sent on gen-lan, timed until the gateway's ESP frame is seen on gen-wan (and then decrypted with the
/// remote PC's SA and checked, outside the timed part). Next to it, the same frames across one plain veth hop with
/// no gateway (gen-wan → gw-wan, gen-lan → gw-lan, gateway not running): what a wire would cost anyway.
/// Timestamps are Stopwatch on the generator thread, right before PacketLink.Send and right after the
/// PacketLink.Receive (short timeout, poll) that returned the frame.
/// </summary>
public static partial class TunnelThroughPortsBenchmark
{
    private const int LatencyRounds = 2000, LatencyWarmUpRounds = 200, EchoSize = 84;
    private const ushort EchoIdentifier = 0x4F4C;
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LatencyRunBound = TimeSpan.FromSeconds(4);
    private const double TargetMicroseconds = 200;

    /// <summary>One direction: sends round <c>i</c> and recognises its frame at the far end.</summary>
    private interface IPingPath
    {
        /// <summary>The frame for round <paramref name="round"/> (built before the clock starts).</summary>
        byte[] Frame(ushort round);

        /// <summary>True when <paramref name="frame"/> is round <paramref name="round"/> arriving (cheap checks only).</summary>
        bool Arrived(Span<byte> frame, ushort round);

        /// <summary>Full check after the clock stopped (e.g. decrypt); false counts as wrong.</summary>
        bool Verify(Span<byte> frame, ushort round);
    }

    private readonly record struct LatencyResult(double[] Microseconds, int Lost, int Wrong, int Rounds)
    {
        public double Percentile(double p)
        {
            if (Microseconds.Length == 0) return double.NaN;
            int index = Math.Clamp((int)Math.Ceiling(p * Microseconds.Length) - 1, 0, Microseconds.Length - 1);
            return Microseconds[index];
        }

        public double Min => Microseconds.Length > 0 ? Microseconds[0] : double.NaN;
        public double Median => Microseconds.Length == 0 ? double.NaN
            : Microseconds.Length % 2 == 1 ? Microseconds[Microseconds.Length / 2]
            : (Microseconds[Microseconds.Length / 2 - 1] + Microseconds[Microseconds.Length / 2]) / 2;
        public double Max => Microseconds.Length > 0 ? Microseconds[^1] : double.NaN;
    }

    /// <summary>The latency section; called from <see cref="Run"/> with the bench namespace already built.</summary>
    private static void RunLatency(NetworkNamespace space, StringWriter log)
    {
        var suite = EspTransformBenchmark.Suites[0];
        Console.WriteLine();
        Console.WriteLine($"Latency added by the gateway, one packet in flight (no load): ICMP echo request, {EchoSize}-byte inner IPv4, {suite.Name} UDP-encapsulated; " +
                          $"{LatencyRounds:N0} rounds each way after {LatencyWarmUpRounds} warm-up (bound {LatencyRunBound.TotalSeconds:0} s per run), times in microseconds.");
        Console.WriteLine($"Timed on the generator thread: Stopwatch before PacketLink.Send, after the PacketLink.Receive (poll, {RoundTimeout.TotalMilliseconds:0} ms bound) that returned the frame. " +
                          "'plain veth hop' is the same frame from one end of a veth pair to the other with no gateway: what a wire costs anyway; " +
                          "'far end asleep' the same with the far end taken off by another thread sleeping in Receive, as on a real wire.");
        Console.WriteLine($"CAUTION: {Environment.ProcessorCount} CPUs shared by the generator thread, both gateway threads and the veth softirqs; " +
                          "every round wakes sleeping threads (poll / eventfd), so the figures include scheduler wake-ups on this machine.");
        Console.WriteLine($"{"path",-38} {"pace",9} {"min",7} {"median",7} {"p99",7} {"max",8} {"lost",5} {"wrong",5}");

        foreach (var gap in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(1) })
        {
            string pace = gap == TimeSpan.Zero ? "b2b" : $"{gap.TotalMilliseconds:0} ms gap";
            LatencyResult toLan, toTunnel, hopWan, hopLan, wokenWan, wokenLan;
            // The gateway: two PortWorker threads, the same composition and SA install as the throughput figures.
            var (gatewaySa, peerSa) = Installations(suite);
            {
                var (gwWan, gwLan, genWan, genLan) = Open(space);
                using var _1 = gwWan;
                using var _2 = gwLan;
                using var _3 = genWan;
                using var _4 = genLan;
                using var gateway = new BenchGateway(gwWan, gwLan, gatewaySa);
                try
                {
                    gateway.Start();
                    var proxyMac = IntroduceNeighbours(gwWan, gwLan, genWan, genLan);
                    using var remotePc = EspSaPair.Create(peerSa);
                    toLan = Ping(genWan, genLan, new EspToLan(remotePc, gwWan.Address, genWan.Address, gwLan.Address, genLan.Address), gap);
                    toTunnel = Ping(genLan, genWan, new PlainToTunnel(remotePc, proxyMac, genLan.Address, gwWan.Address, genWan.Address), gap);
                }
                finally
                {
                    gateway.Stop();
                }
            }
            // The plain hop: the same kind of frames, veth end to veth end, nothing running on the gw-* ends.
            {
                var (gwWan, gwLan, genWan, genLan) = Open(space);
                using var _1 = gwWan;
                using var _2 = gwLan;
                using var _3 = genWan;
                using var _4 = genLan;
                var (_, hopPeerSa) = Installations(suite);
                using var remotePc = EspSaPair.Create(hopPeerSa);
                hopWan = Ping(genWan, gwWan, new EspHop(remotePc, gwWan.Address, genWan.Address), gap);
                hopLan = Ping(genLan, gwLan, new PlainHop(gwLan.Address, genLan.Address), gap);
                wokenWan = PingToSleepingReceiver(genWan, gwWan, new EspHop(remotePc, gwWan.Address, genWan.Address), gap);
                wokenLan = PingToSleepingReceiver(genLan, gwLan, new PlainHop(gwLan.Address, genLan.Address), gap);
            }

            LatencyRow("tunnel->LAN gen-wan=>gateway=>gen-lan", pace, toLan);
            LatencyRow("LAN->tunnel gen-lan=>gateway=>gen-wan", pace, toTunnel);
            LatencyRow("plain veth hop, ESP frame (wan)", pace, hopWan);
            LatencyRow("plain veth hop, plain frame (lan)", pace, hopLan);
            LatencyRow("  the same, far end asleep (wan)", pace, wokenWan);
            LatencyRow("  the same, far end asleep (lan)", pace, wokenLan);
            double gatewayMedian = toLan.Median + toTunnel.Median, gatewayP99 = toLan.Percentile(0.99) + toTunnel.Percentile(0.99);
            double hopMedian = hopWan.Median + hopLan.Median, hopP99 = hopWan.Percentile(0.99) + hopLan.Percentile(0.99);
            double wokenMedian = wokenWan.Median + wokenLan.Median, wokenP99 = wokenWan.Percentile(0.99) + wokenLan.Percentile(0.99);
            Console.WriteLine($"  [{pace}] round trip through the gateway (sum of the two directions): min {toLan.Min + toTunnel.Min:0.0}, median {gatewayMedian:0.0}, p99 {gatewayP99:0.0} us; " +
                              $"plain veth hop round trip: median {hopMedian:0.0}, p99 {hopP99:0.0} us; with the far end asleep: median {wokenMedian:0.0}, p99 {wokenP99:0.0} us");
            Console.WriteLine($"  [{pace}] whole round trip: median {gatewayMedian:0.0} us, p99 {gatewayP99:0.0} us; added over a plain hop whose far end sleeps (as a LAN host's or remote PC's stack does): " +
                              $"median {gatewayMedian - wokenMedian:0.0} us, p99 {gatewayP99 - wokenP99:0.0} us; target <= {TargetMicroseconds:0} us added: " +
                              $"median {(gatewayMedian - wokenMedian <= TargetMicroseconds ? "MET" : "NOT met")}, p99 {(gatewayP99 - wokenP99 <= TargetMicroseconds ? "MET" : "NOT met")}");
        }
        Console.WriteLine("  (p99 sums are a pessimistic bound: the two directions' worst 1% need not fall in the same ping.)");
        Console.WriteLine("  'far end asleep': the frame is taken off the far veth end by another thread sleeping in PacketLink.Receive. In the plain hop above, one thread " +
                          "sends and receives, and veth delivers the frame inside the send, so no thread is woken; through the gateway the far end sleeps and is woken, " +
                          "and so are the gateway's two threads in turn (each direction: the receiving port's thread, then the other port's thread through the hand-off).");
    }

    private static void LatencyRow(string path, string pace, LatencyResult r) =>
        Console.WriteLine($"{path,-38} {pace,9} {r.Min,7:0.0} {r.Median,7:0.0} {r.Percentile(0.99),7:0.0} {r.Max,8:0.0} {r.Lost,5} {r.Wrong,5}" +
                          (r.Microseconds.Length < r.Rounds ? $"  ({r.Microseconds.Length:N0} of {r.Rounds:N0} rounds within the bound)" : ""));

    /// <summary>Warm-up, then <see cref="LatencyRounds"/> rounds of one frame out on <paramref name="send"/>, wait for it on <paramref name="receive"/>.</summary>
    private static LatencyResult Ping(PacketLink send, PacketLink receive, IPingPath path, TimeSpan gap)
    {
        var outBatch = new FrameBatch(1);
        var inBatch = new FrameBatch(BatchSize);
        var arp = new FrameBatch(4);
        var samples = new List<double>(LatencyRounds);
        int lost = 0, wrong = 0;
        long roundTicks = (long)(RoundTimeout.TotalSeconds * Stopwatch.Frequency);
        var bound = Stopwatch.StartNew();
        Drain(receive, inBatch);
        for (int round = 1; round <= LatencyWarmUpRounds + LatencyRounds && bound.Elapsed < LatencyRunBound; round++)
        {
            ushort sequence = (ushort)round;
            outBatch.Clear();
            outBatch.TryAdd(path.Frame(sequence));
            if (gap > TimeSpan.Zero) Thread.Sleep(gap);
            long start = Stopwatch.GetTimestamp();
            if (send.Send(outBatch) != 1) { lost++; continue; }
            long end = 0;
            bool ok = false;
            while (end == 0 && Stopwatch.GetTimestamp() - start < roundTicks)
            {
                int got = receive.Receive(inBatch, TimeSpan.FromMilliseconds(5));
                long now = Stopwatch.GetTimestamp();
                for (int i = 0; i < got; i++)
                {
                    var frame = inBatch.Frame(i);
                    if (path.Arrived(frame, sequence))
                    {
                        end = now;
                        ok = path.Verify(frame, sequence); // after the clock stopped
                        break;
                    }
                    AnswerArp(receive, frame, arp);
                }
            }
            if (round <= LatencyWarmUpRounds) continue;
            if (end == 0) { lost++; continue; }
            if (!ok) wrong++;
            samples.Add((end - start) * 1e6 / Stopwatch.Frequency);
        }
        var sorted = samples.ToArray();
        Array.Sort(sorted);
        return new LatencyResult(sorted, lost, wrong, LatencyRounds);
    }

    /// <summary>
    /// As <see cref="Ping"/>, but the frame is taken off <paramref name="receive"/> by another thread that sleeps in
    /// PacketLink.Receive, as the far end of a real wire sleeps until its NIC interrupts. The sender sleeps too until
    /// the receiver has the frame (a semaphore), so neither thread keeps a CPU busy.
    /// </summary>
    private static LatencyResult PingToSleepingReceiver(PacketLink send, PacketLink receive, IPingPath path, TimeSpan gap)
    {
        var outBatch = new FrameBatch(1);
        var samples = new List<double>(LatencyRounds);
        int lost = 0, wrong = 0, expected = 0;
        long arrivedAt = 0;
        bool arrivedRight = false, stop = false;
        using var arrived = new SemaphoreSlim(0);
        Drain(receive, new FrameBatch(BatchSize));
        var receiver = new Thread(() =>
        {
            var inBatch = new FrameBatch(BatchSize);
            var arp = new FrameBatch(4);
            while (!Volatile.Read(ref stop))
            {
                int got = receive.Receive(inBatch, TimeSpan.FromMilliseconds(5));
                long now = Stopwatch.GetTimestamp();
                for (int i = 0; i < got; i++)
                {
                    var frame = inBatch.Frame(i);
                    int round = Volatile.Read(ref expected);
                    if (round != 0 && path.Arrived(frame, (ushort)round))
                    {
                        arrivedRight = path.Verify(frame, (ushort)round);
                        Volatile.Write(ref arrivedAt, now);
                        Volatile.Write(ref expected, 0);
                        arrived.Release();
                    }
                    else AnswerArp(receive, frame, arp);
                }
            }
        }) { IsBackground = true, Name = "latency-far-end" };
        receiver.Start();
        try
        {
            var bound = Stopwatch.StartNew();
            for (int round = 1; round <= LatencyWarmUpRounds + LatencyRounds && bound.Elapsed < LatencyRunBound; round++)
            {
                outBatch.Clear();
                outBatch.TryAdd(path.Frame((ushort)round));
                if (gap > TimeSpan.Zero) Thread.Sleep(gap);
                Volatile.Write(ref expected, round);
                long start = Stopwatch.GetTimestamp();
                bool came = send.Send(outBatch) == 1 && arrived.Wait(RoundTimeout);
                if (!came)
                {
                    // Too late: the far end may still be matching this round; let it finish, then forget it.
                    Volatile.Write(ref expected, 0);
                    Thread.Sleep(10);
                    while (arrived.Wait(0)) { }
                }
                if (round <= LatencyWarmUpRounds) continue;
                if (!came) { lost++; continue; }
                if (!arrivedRight) wrong++;
                samples.Add((Volatile.Read(ref arrivedAt) - start) * 1e6 / Stopwatch.Frequency);
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            receiver.Join();
        }
        var sorted = samples.ToArray();
        Array.Sort(sorted);
        return new LatencyResult(sorted, lost, wrong, LatencyRounds);
    }

    private static void Drain(PacketLink link, FrameBatch batch)
    {
        while (link.Receive(batch, TimeSpan.FromMilliseconds(2)) > 0) { }
    }

    // The gateway ARPs for a neighbour only if an entry went stale: answer on the link it asked on.
    private static void AnswerArp(PacketLink link, Span<byte> frame, FrameBatch answers)
    {
        if (EthernetFrame.TryParse(frame, out var ethernet) != WireError.None || ethernet.EtherType != EtherType.Arp) return;
        if (MacAddress.Read(frame[6..]) == link.Address) return;
        if (ArpPacket.TryParse(ethernet.Payload, out var arp) != WireError.None || arp.Operation != ArpOperation.Request) return;
        var target = arp.TargetProtocolAddress;
        bool mine = (target == LanHost && link.Name == GenLan) || (target == RemoteOuter && link.Name == GenWan);
        if (!mine) return;
        answers.Clear();
        answers.TryAdd(Frames.ArpReply(link.Address, target, arp.SenderHardwareAddress, arp.SenderProtocolAddress));
        link.Send(answers);
    }

    /// <summary>An 84-byte IPv4 ICMP echo request (56 data bytes, like ping's default), sequence <paramref name="sequence"/>.</summary>
    private static byte[] EchoRequest(Ipv4Address source, Ipv4Address destination, ushort sequence)
    {
        var packet = new byte[EchoSize];
        var data = new byte[EchoSize - Ipv4Repr.HeaderLength - IcmpV4Repr.HeaderLength];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(0x10 + i);
        IcmpV4Repr.EchoRequest(EchoIdentifier, sequence).Emit(packet.AsSpan(Ipv4Repr.HeaderLength), data);
        new Ipv4Repr(source, destination, IpProtocol.Icmp, EchoSize - Ipv4Repr.HeaderLength) { Identification = sequence }.Emit(packet);
        return packet;
    }

    private static byte[] EthernetFrameOf(MacAddress destination, MacAddress source, ReadOnlySpan<byte> packet)
    {
        var frame = new byte[EthernetFrame.HeaderLength + packet.Length];
        new EthernetRepr(destination, source, EtherType.Ipv4).Emit(frame);
        packet.CopyTo(frame.AsSpan(EthernetFrame.HeaderLength));
        return frame;
    }

    /// <summary>The echo request encrypted by the remote PC's SA, in UDP 4500, as an Ethernet frame to <paramref name="destination"/>.</summary>
    private static byte[] EspFrame(EspSaPair remotePc, MacAddress destination, MacAddress source, ushort sequence)
    {
        byte[] inner = EchoRequest(RemoteInner, LanHost, sequence);
        byte[] buffer = new byte[FrameBatch.DefaultSlotSize];
        inner.CopyTo(buffer, EspSa.Headroom);
        if (remotePc.Encapsulate(buffer, EspSa.Headroom, inner.Length, out int offset, out int length) != EspSendResult.Ok)
            throw new InvalidOperationException("remote PC could not encapsulate");
        new EthernetRepr(destination, source, EtherType.Ipv4).Emit(buffer.AsSpan(offset - EthernetFrame.HeaderLength));
        return buffer.AsSpan(offset - EthernetFrame.HeaderLength, EthernetFrame.HeaderLength + length).ToArray();
    }

    /// <summary>True when <paramref name="frame"/> is an echo request <paramref name="source"/> → <paramref name="destination"/> with our identifier and <paramref name="sequence"/>.</summary>
    private static bool IsEcho(ReadOnlySpan<byte> ip, Ipv4Address source, Ipv4Address destination, ushort sequence) =>
        ip.Length >= EchoSize && ip[9] == (byte)IpProtocol.Icmp &&
        Ipv4Address.Read(ip[12..]) == source && Ipv4Address.Read(ip[16..]) == destination &&
        ip[Ipv4Repr.HeaderLength] == (byte)IcmpV4Type.EchoRequest &&
        BinaryPrimitives.ReadUInt16BigEndian(ip[(Ipv4Repr.HeaderLength + 4)..]) == EchoIdentifier &&
        BinaryPrimitives.ReadUInt16BigEndian(ip[(Ipv4Repr.HeaderLength + 6)..]) == sequence;

    private static bool IsOuterEsp(ReadOnlySpan<byte> frame, MacAddress destination, MacAddress source, Ipv4Address from, Ipv4Address to, uint spi)
    {
        const int ip = EthernetFrame.HeaderLength, udp = ip + Ipv4Repr.HeaderLength, esp = udp + UdpRepr.HeaderLength;
        return frame.Length >= esp + 8 && BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == (ushort)EtherType.Ipv4 &&
               MacAddress.Read(frame) == destination && MacAddress.Read(frame[6..]) == source &&
               frame[ip + 9] == (byte)IpProtocol.Udp && Ipv4Address.Read(frame[(ip + 12)..]) == from && Ipv4Address.Read(frame[(ip + 16)..]) == to &&
               BinaryPrimitives.ReadUInt16BigEndian(frame[(udp + 2)..]) == IkeEndpoint.NatTraversalPort &&
               BinaryPrimitives.ReadUInt32BigEndian(frame[esp..]) == spi;
    }

    /// <summary>tunnel→LAN through the gateway: ESP on gen-wan, the decrypted echo request (TTL one lower) on gen-lan.</summary>
    private sealed class EspToLan(EspSaPair remotePc, MacAddress gwWan, MacAddress genWan, MacAddress gwLan, MacAddress genLan) : IPingPath
    {
        public byte[] Frame(ushort round) => EspFrame(remotePc, gwWan, genWan, round);

        public bool Arrived(Span<byte> frame, ushort round) =>
            frame.Length == EthernetFrame.HeaderLength + EchoSize && MacAddress.Read(frame) == genLan && MacAddress.Read(frame[6..]) == gwLan &&
            IsEcho(frame[EthernetFrame.HeaderLength..], RemoteInner, LanHost, round);

        public bool Verify(Span<byte> frame, ushort round) => frame[EthernetFrame.HeaderLength + 8] == 63; // TTL 64 - 1
    }

    /// <summary>LAN→tunnel through the gateway: plain echo request on gen-lan to the proxy-ARP MAC, ESP on gen-wan decrypted by the remote PC.</summary>
    private sealed class PlainToTunnel(EspSaPair remotePc, MacAddress proxyMac, MacAddress genLan, MacAddress gwWan, MacAddress genWan) : IPingPath
    {
        public byte[] Frame(ushort round) => EthernetFrameOf(proxyMac, genLan, EchoRequest(LanHost, RemoteInner, round));

        public bool Arrived(Span<byte> frame, ushort round) => IsOuterEsp(frame, genWan, gwWan, GatewayWan, RemoteOuter, RemoteInboundSpi);

        public bool Verify(Span<byte> frame, ushort round)
        {
            const int ip = EthernetFrame.HeaderLength, esp = ip + Ipv4Repr.HeaderLength + UdpRepr.HeaderLength;
            int totalLength = BinaryPrimitives.ReadUInt16BigEndian(frame[(ip + 2)..]);
            var payload = frame[esp..(ip + totalLength)];
            return remotePc.Decapsulate(payload, out int offset, out int length) == EspDropReason.None && length == EchoSize &&
                   IsEcho(payload.Slice(offset, length), LanHost, RemoteInner, round) && payload[offset + 8] == 63;
        }
    }

    /// <summary>The same ESP frame across the gen-wan / gw-wan veth pair, nothing in between.</summary>
    private sealed class EspHop(EspSaPair remotePc, MacAddress gwWan, MacAddress genWan) : IPingPath
    {
        public byte[] Frame(ushort round) => EspFrame(remotePc, gwWan, genWan, round);

        public bool Arrived(Span<byte> frame, ushort round) => IsOuterEsp(frame, gwWan, genWan, RemoteOuter, GatewayWan, GatewayInboundSpi);

        public bool Verify(Span<byte> frame, ushort round) => true;
    }

    /// <summary>The same plain echo request across the gen-lan / gw-lan veth pair, nothing in between.</summary>
    private sealed class PlainHop(MacAddress gwLan, MacAddress genLan) : IPingPath
    {
        public byte[] Frame(ushort round) => EthernetFrameOf(gwLan, genLan, EchoRequest(LanHost, RemoteInner, round));

        public bool Arrived(Span<byte> frame, ushort round) =>
            frame.Length == EthernetFrame.HeaderLength + EchoSize && MacAddress.Read(frame) == gwLan && MacAddress.Read(frame[6..]) == genLan &&
            IsEcho(frame[EthernetFrame.HeaderLength..], LanHost, RemoteInner, round);

        public bool Verify(Span<byte> frame, ushort round) => true;
    }
}
