using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Microsoft.Win32.SafeHandles;
using OnLan.Addressing;
using OnLan.Esp;
using OnLan.Ike;
using OnLan.Ike.Messages;
using OnLan.Ike.Responder;
using OnLan.Platform.Linux;
using OnLan.Ports;
using OnLan.Testing;
using OnLan.Vpn;
using OnLan.Wire;

namespace OnLan.Benchmarks;

/// <summary>
/// Forwarding through the gateway's two real ports, each way, driven by a traffic generator that plays the remote
/// PC with known keys:
/// <code>
///   netns onlan-tunnel-PID-n
///   generator (this thread)                gateway (two PortWorker threads, as Gateway.StartVpn wires them)
///   gen-wan ====veth==== gw-wan [PortWorker wan: PortHost 203.0.113.1/24, IkeService, WanTunnelEndpoint]
///                                                  ring ↕ (PacketHandoff + eventfd)
///   gen-lan ====veth==== gw-lan [PortWorker lan: PortHost 198.18.0.1/24, LanTunnelEndpoint, proxy ARP .200]
/// </code>
/// One <see cref="ChildSaInstallation"/> (AES-256-GCM, UDP-encapsulated) is installed straight into the
/// <see cref="EspDataPlane"/> instead of running IKE; the generator holds the mirrored <see cref="EspSaPair"/>.
/// tunnel→LAN: pre-built ESP-in-UDP frames (remote PC 203.0.113.2:4500, inner 198.18.0.200 → 198.18.0.10, sequence
/// 1..N, IP identification 0..N-1) go out on gen-wan; decrypted frames are counted on gen-lan (checked: addresses, length, TTL one lower).
/// When the pre-built sequence numbers are used up the generator waits for the pipe to empty and re-installs the
/// SA (same keys and SPIs, fresh replay window), as the in-process benchmark does; that pause is in the time.
/// LAN→tunnel: plain frames 198.18.0.10 → 198.18.0.200 to the MAC the gateway gave by proxy ARP go out on gen-lan;
/// ESP frames are counted on gen-wan (addresses, ports, SPI), and every 256th is decrypted with the mirrored SA.
/// Each figure is taken twice, with the far end counting at its interface and sampling (<see cref="Sink.Count"/>) and
/// with it copying every frame (<see cref="Sink.Capture"/>).
/// The generator is one thread with a window of frames in flight (sent, not yet seen at the far end), so it never
/// overruns a veth backlog or a ring; a window that stops moving for 20 ms is written off as lost.
/// </summary>
public static partial class TunnelThroughPortsBenchmark
{
    private const string GenWan = "gen-wan", GwWan = "gw-wan", GwLan = "gw-lan", GenLan = "gen-lan";
    private const int BatchSize = 64;
    private const int Window = 512; // frames in flight: under the ring (512) and the veth backlog (netdev_max_backlog 1000)
    private const int SampleEvery = 256;
    private const uint CountSample = 64; // Sink.Count: the socket gets every 64th frame of ours
    private static readonly TimeSpan Stall = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(400);

    private static readonly Ipv4Address GatewayWan = new(203, 0, 113, 1);
    private static readonly Ipv4Address RemoteOuter = new(203, 0, 113, 2);
    private static readonly Ipv4Address GatewayLan = new(198, 18, 0, 1);
    private static readonly Ipv4Address LanHost = new(198, 18, 0, 10);
    private static readonly Ipv4Address RemoteInner = new(198, 18, 0, 200);
    private const uint GatewayInboundSpi = 0xC0DE0001, RemoteInboundSpi = 0xBEEF0002;

    public static void Run(TimeSpan duration)
    {
        var suite = EspTransformBenchmark.Suites[0];
        Console.WriteLine($"Tunnel forwarding through the gateway's two real ports (AF_PACKET on veth, two PortWorker threads, {suite.Name}, UDP-encapsulated), " +
                          $"{duration.TotalSeconds:0.#} s per figure after {WarmUp.TotalSeconds:0.#} s warm-up; generator plays the remote PC with known keys; Gbit/s counts inner IPv4 bytes.");
        Console.WriteLine($"CAUTION: {Environment.ProcessorCount} CPUs shared by the generator thread, both gateway threads and the veth softirqs: " +
                          "the figures are a floor for the gateway, not what it does with its own cores and real NICs.");
        Console.WriteLine("'ESP alone' is EspSa.Encapsulate (LAN->tunnel) or Decapsulate (tunnel->LAN), one core, in process, the best of rounds just before and just after; " +
                          "'gw core' is forwarded pkt/s per CPU-second used by the two gateway threads (schedstat), 'cpu' the whole machine busy.");
        var error = Console.Error;
        var log = new StringWriter();
        Console.SetError(log); // EspDataPlane.Install/Remove and the ports log a line each
        NetworkNamespace? space = null;
        try
        {
            space = NetworkNamespace.Create("tunnel");
            Veth.Connect(space, GenWan, space, GwWan);
            Veth.Connect(space, GwLan, space, GenLan);
            // For comparison runs: ONLAN_BENCH_SINK_NAPI=threaded gives the generator's ends GRO and threaded NAPI, so a
            // frame's receive at the far end runs in a kernel thread instead of on the sending gateway thread.
            if (Environment.GetEnvironmentVariable("ONLAN_BENCH_SINK_NAPI") == "threaded")
                foreach (var end in new[] { GenWan, GenLan })
                {
                    space.Run($"ethtool -K {end} gro on").EnsureSuccess("gro on");
                    space.Run($"sh -c 'echo 1 > /sys/class/net/{end}/threaded'").EnsureSuccess("threaded napi");
                }
            Console.WriteLine($"{GenWan} <-> {GwWan} [gateway] {GwLan} <-> {GenLan} in {space.Name}; window {Window} frames in flight, batches of {BatchSize}");
            Console.WriteLine("sink 'count': the far end's socket gets every 64th frame of ours (checked as below), the interface's rx_packets counts them all and the kernel drops " +
                              "the rest uncopied, as a NIC does; 'capture': every frame is copied to the far end's ring and checked. On veth the far end's receive runs on the " +
                              "gateway's sending thread, so 'capture' charges the generator's copy and wake-up to the gateway.");
            Console.WriteLine($"{"direction",-12} {"inner",5} {"sink",-7} {"pkt/s",10} {"Gbit/s",6} {"lost",6} {"ESP alone pkt/s",15} {"Gbit/s",6} {"ratio",5} {"gw core pkt/s",13} {"ratio",5} {"cpu",4}  checks");
            foreach (int size in new[] { 1400, 64 })
            {
                var (gatewaySa, peerSa) = Installations(suite);
                var (transformGateway, transformPeer) = EspTransformBenchmark.Installations(suite);
                double encapsulate = 0, decapsulate = 0;
                void MeasureTransform()
                {
                    for (int i = 0; i < 3; i++)
                    {
                        // Best of three; a NaN (a round that did not finish within the time on a loaded machine) is skipped.
                        encapsulate = Best(encapsulate, EspTransformBenchmark.MeasureEncapsulate(transformGateway, size, TimeSpan.FromMilliseconds(400)));
                        decapsulate = Best(decapsulate, EspTransformBenchmark.MeasureDecapsulate(transformGateway, transformPeer, size, TimeSpan.FromMilliseconds(400)));
                    }
                }
                // The transform before and after the forwarding figures, the best of both: a slow moment on this shared
                // machine must not make the ratio look better than it is.
                MeasureTransform();
                var rows = new List<(string Direction, Sink Sink, Result Result, bool ToTunnel)>();
                foreach (var sink in new[] { Sink.Count, Sink.Capture })
                {
                    rows.Add(("LAN->tunnel", sink, Measure(space, gatewaySa, peerSa, size, duration, toTunnel: true, sink, log), true));
                    rows.Add(("tunnel->LAN", sink, Measure(space, gatewaySa, peerSa, size, duration, toTunnel: false, sink, log), false));
                }
                MeasureTransform();
                foreach (var (direction, sink, result, toTunnel) in rows)
                    Row(direction, size, sink, result, toTunnel ? encapsulate : decapsulate);
            }
            RunLatency(space, log); // one packet in flight: the latency the gateway adds (TunnelLatencyBenchmark.cs)
        }
        catch (Exception e)
        {
            Console.WriteLine($"FAILED: {e.GetType().Name}: {e.Message}");
            Console.WriteLine(string.Join(Environment.NewLine, log.ToString().Split('\n').TakeLast(20)));
        }
        finally
        {
            Console.SetError(error);
            space?.Dispose();
        }
        Console.WriteLine();
    }

    private static void Row(string direction, int size, Sink sink, Result r, double transform)
    {
        double perCore = r.GatewayCpuSeconds > 0 ? r.Received / r.GatewayCpuSeconds : 0;
        Console.WriteLine($"{direction,-12} {size,5} {sink.ToString().ToLowerInvariant(),-7} {r.PacketsPerSecond,10:N0} {Gbits(r.PacketsPerSecond, size),6:0.00} {r.LossPercent,5:0.0}% " +
                          $"{transform,15:N0} {Gbits(transform, size),6:0.00} {r.PacketsPerSecond / transform,5:0.00} {perCore,13:N0} {perCore / transform,5:0.00} {r.MachineBusy,3:0}%  {r.Checks}");
        double Microseconds(double cpuSeconds) => r.Received > 0 ? cpuSeconds * 1e6 / r.Received : 0;
        Console.WriteLine($"{"",-12} {"",5} {"",-7} CPU per frame: lan thread {Microseconds(r.Lan.Seconds):0.00} us ({r.Lan.UserShare:P0} user), " +
                          $"wan thread {Microseconds(r.Wan.Seconds):0.00} us ({r.Wan.UserShare:P0} user), ESP alone {1e6 / transform:0.00} us; generator thread {Microseconds(r.GeneratorCpuSeconds):0.00} us; " +
                          $"cpu-s used: gateway {r.GatewayCpuSeconds:0.00}, generator {r.GeneratorCpuSeconds:0.00}, of {r.Elapsed.TotalSeconds * Environment.ProcessorCount:0.0} available" +
                          (r.Lost > 0 ? $"; {r.Lost:N0} lost, gateway: {r.GatewayCounters}" : ""));
    }

    private static double Best(double best, double figure) => double.IsFinite(figure) ? Math.Max(best, figure) : best;

    private static double Gbits(double packetsPerSecond, int size) => packetsPerSecond * size * 8 / 1e9;

    private readonly record struct Result(long Sent, long Received, long Lost, TimeSpan Elapsed, ThreadUse Wan, ThreadUse Lan, double GeneratorCpuSeconds,
        double MachineBusy, string Checks, string GatewayCounters = "")
    {
        public double GatewayCpuSeconds => Wan.Seconds + Lan.Seconds;

        public double PacketsPerSecond => Received / Elapsed.TotalSeconds;
        public double LossPercent => Sent == 0 ? 0 : 100.0 * Lost / Sent;
    }

    /// <summary>
    /// The neighbours introduce themselves (so the gateway needs no ARP on the data path), and the LAN host learns
    /// the remote PC's MAC by the gateway's proxy ARP, which must be the gateway's LAN MAC. Returns that MAC.
    /// </summary>
    private static MacAddress IntroduceNeighbours(PacketLink gwWan, PacketLink gwLan, PacketLink genWan, PacketLink genLan)
    {
        Introduce(genWan, RemoteOuter, GatewayWan, gwWan.Address);
        Introduce(genLan, LanHost, GatewayLan, gwLan.Address);
        var proxyMac = Introduce(genLan, LanHost, RemoteInner, null);
        if (proxyMac != gwLan.Address) throw new InvalidOperationException($"proxy ARP for {RemoteInner} answered {proxyMac}, not {gwLan.Address}");
        return proxyMac;
    }

    /// <summary>
    /// How the far end takes the gateway's frames. On veth the far end's receive runs on the sending thread, the
    /// gateway's, so what the far end does per frame lands in the gateway's figures.
    /// </summary>
    private enum Sink
    {
        /// <summary>As a NIC with frames for another machine: counted (rx_packets), dropped uncopied; a socket filter passes every 64th of ours to be checked.</summary>
        Count,
        /// <summary>Every frame copied to the far end's ring, checked and counted there (wakes the generator).</summary>
        Capture,
    }

    private static Result Measure(NetworkNamespace space, ChildSaInstallation gatewaySa, ChildSaInstallation peerSa, int size, TimeSpan duration, bool toTunnel,
        Sink sink, StringWriter log)
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
            var generator = toTunnel
                ? (Generator)new LanToTunnel(genLan, genWan, proxyMac, gwWan.Address, peerSa, size)
                : new TunnelToLan(genWan, genLan, gwWan.Address, gwLan.Address, peerSa, size, gateway);
            using var counter = sink == Sink.Count ? new InterfaceReceiveCounter(space, toTunnel ? GenWan : GenLan) : null;
            if (counter is not null) generator.CountAtInterface(counter);
            generator.Run(WarmUp);
            var result = generator.Run(duration, gateway);
            if (result.Received == 0)
                throw new InvalidOperationException($"nothing arrived {(toTunnel ? "on gen-wan" : "on gen-lan")}; tunnel {gateway.Counters.Format()}; " +
                                                    $"wan {CountersReport.Format(gateway.Wan.Host.Counters)}; lan {CountersReport.Format(gateway.Lan.Host.Counters)}");
            return result with
            {
                GatewayCounters = $"tunnel {gateway.Counters.Format()}; wan {CountersReport.Format(gateway.Wan.Host.Counters)} send-drops {gwWan.SendDrops}; " +
                                  $"lan {CountersReport.Format(gateway.Lan.Host.Counters)} send-drops {gwLan.SendDrops}; generator send-drops {genWan.SendDrops + genLan.SendDrops}",
            };
        }
        finally
        {
            gateway.Stop();
        }
    }

    private static bool _portsShown;

    private static (PacketLink, PacketLink, PacketLink, PacketLink) Open(NetworkNamespace space)
    {
        // For comparison runs: ONLAN_BENCH_RING=0 receives with recvmmsg, ONLAN_BENCH_KERNEL_STACK=on leaves the kernel's
        // IP stack on all four ends (on veth its work for a frame runs on the sending thread, so it lands in the figures).
        bool ring = Environment.GetEnvironmentVariable("ONLAN_BENCH_RING") != "0";
        bool kernelOff = Environment.GetEnvironmentVariable("ONLAN_BENCH_KERNEL_STACK") != "on";
        using (space.Enter())
        {
            var links = (PacketLink.Open(GwWan, BatchSize, ring, kernelOff), PacketLink.Open(GwLan, BatchSize, ring, kernelOff),
                         PacketLink.Open(GenWan, BatchSize, ring, kernelOff), PacketLink.Open(GenLan, BatchSize, ring, kernelOff));
            if (!_portsShown) Console.WriteLine($"ports: {links.Item1}; the generator's ends alike");
            _portsShown = true;
            return links;
        }
    }

    /// <summary>Sends an ARP request from (<paramref name="link"/>, <paramref name="senderIp"/>) for <paramref name="target"/>; returns the MAC in the reply (2 s bound).</summary>
    private static MacAddress Introduce(PacketLink link, Ipv4Address senderIp, Ipv4Address target, MacAddress? expected)
    {
        var request = new FrameBatch(1);
        request.TryAdd(Frames.ArpRequest(link.Address, senderIp, target));
        var replies = new FrameBatch(BatchSize);
        var watch = Stopwatch.StartNew();
        var nextRequest = TimeSpan.Zero;
        while (watch.Elapsed < TimeSpan.FromSeconds(2))
        {
            if (watch.Elapsed >= nextRequest)
            {
                link.Send(request);
                nextRequest = watch.Elapsed + TimeSpan.FromMilliseconds(200);
            }
            int got = link.Receive(replies, TimeSpan.FromMilliseconds(50));
            for (int i = 0; i < got; i++)
            {
                var frame = replies.Frame(i);
                if (EthernetFrame.TryParse(frame, out var ethernet) != WireError.None || ethernet.EtherType != EtherType.Arp) continue;
                if (ArpPacket.TryParse(ethernet.Payload, out var arp) != WireError.None) continue;
                if (arp.Operation == ArpOperation.Reply && arp.SenderProtocolAddress == target && arp.TargetProtocolAddress == senderIp)
                    return arp.SenderHardwareAddress;
            }
        }
        throw new TimeoutException($"no ARP reply for {target} on {link.Name}" + (expected is { } mac ? $" (gateway {mac})" : ""));
    }

    internal static byte[] InnerPacket(Ipv4Address source, Ipv4Address destination, int size, ushort identification = 0)
    {
        var packet = new byte[size];
        new UdpRepr(40000, 5001).Emit(packet.AsSpan(Ipv4Repr.HeaderLength), size - Ipv4Repr.HeaderLength - UdpRepr.HeaderLength, source, destination);
        new Ipv4Repr(source, destination, IpProtocol.Udp, size - Ipv4Repr.HeaderLength) { Identification = identification }.Emit(packet);
        return packet;
    }

    private static (ChildSaInstallation Gateway, ChildSaInstallation Peer) Installations(
        (string Name, EncryptionAlgorithm Encryption, int KeyBits, IntegrityAlgorithm Integrity, int IntegrityKey) suite)
    {
        var (gateway, peer) = EspTransformBenchmark.Installations(suite); // random keys, SPIs C0DE0001 / BEEF0002
        gateway = gateway with
        {
            Local = new IkeEndpoint(GatewayWan, IkeEndpoint.NatTraversalPort),
            Remote = new IkeEndpoint(RemoteOuter, IkeEndpoint.NatTraversalPort),
            RemoteInnerAddress = RemoteInner,
            LocalSelectors = [TrafficSelector.Ipv4(new Ipv4Address(198, 18, 0, 0), new Ipv4Address(198, 18, 0, 255)),
                              TrafficSelector.Ipv4(Ipv4Address.Broadcast, Ipv4Address.Broadcast)],
        };
        peer = peer with
        {
            Local = gateway.Remote,
            Remote = gateway.Local,
            RemoteInnerAddress = LanHost,
            LocalSelectors = [TrafficSelector.Ipv4(RemoteInner, RemoteInner)],
        };
        if (gateway.InboundSpi != GatewayInboundSpi || peer.InboundSpi != RemoteInboundSpi) throw new InvalidOperationException("unexpected SPIs");
        return (gateway, peer);
    }

    /// <summary>The gateway's ports and tunnel composed exactly as Gateway.TryStart + StartVpn compose them, SA installed directly.</summary>
    private sealed class BenchGateway : IDisposable
    {
        private readonly ChildSaInstallation _installation;

        public BenchGateway(PacketLink wanLink, PacketLink lanLink, ChildSaInstallation installation)
        {
            _installation = installation;
            Wan = new PortWorker(wanLink, new PortHost("wan", wanLink.Address, new Ipv4Prefix(GatewayWan, 24), null, wanLink.Mtu), TimeProvider.System);
            Lan = new PortWorker(lanLink, new PortHost("lan", lanLink.Address, new Ipv4Prefix(GatewayLan, 24), null, lanLink.Mtu), TimeProvider.System);
            // From here on as in Gateway.StartVpn.
            Plane = new EspDataPlane(Lan.Host);
            var lanToWan = new PacketHandoff(Wan.Link);
            var wanToLan = new PacketHandoff(Lan.Link);
            var wanEnd = new WanTunnelEndpoint(Wan.Host, Plane, wanToLan, lanToWan, Counters);
            Lan.Add(new LanTunnelEndpoint(Lan.Host, Plane, lanToWan, wanToLan, Wan.Host.Mtu, Counters));
            Wan.Add(wanEnd);
            var responder = new IkeResponder(new IkeResponderOptions
            {
                LocalId = "gw.onlan.bench",
                PreSharedKeys = new Dictionary<string, string>(),
                LanSegment = Lan.Host.Address,
            }, Plane, new PoolAllocator(new AddressPool([(RemoteInner, new Ipv4Address(198, 18, 0, 220))])));
            Ike = new IkeService(Wan.Host, responder, wanEnd, Plane);
            Wan.Add(Ike);
            // Instead of IKE: the Child SA with known keys.
            Plane.Install(installation);
        }

        public PortWorker Wan { get; }
        public PortWorker Lan { get; }
        public EspDataPlane Plane { get; }
        public IkeService Ike { get; }
        public TunnelCounters Counters { get; } = new();
        private bool _started, _stopped;

        public void Start()
        {
            Wan.Start();
            Lan.Start();
            _started = true;
        }

        /// <summary>A fresh SA pair with the same keys and SPIs: the replay window starts again (call with nothing in flight).</summary>
        public void Reinstall()
        {
            Plane.Remove(_installation);
            Plane.Install(_installation);
        }

        /// <summary>CPU used so far by each port thread.</summary>
        public (ThreadUse Wan, ThreadUse Lan) Use() => (ThreadUse.Of("port-wan"), ThreadUse.Of("port-lan"));

        public void Stop()
        {
            if (_stopped || !_started) return;
            _stopped = true;
            Wan.Stop();
            Lan.Stop();
        }

        public void Dispose() => Stop();
    }

    /// <summary>CPU time of the threads of one name: schedstat nanoseconds, and the user / kernel split in clock ticks.</summary>
    private readonly record struct ThreadUse(long Nanoseconds, long UserTicks, long KernelTicks)
    {
        public static ThreadUse Of(string name)
        {
            var (user, kernel) = ThreadCpu.TicksOfThreadsNamed(name);
            return new(ThreadCpu.OfThreadsNamed(name), user, kernel);
        }

        public static ThreadUse operator -(ThreadUse after, ThreadUse before) =>
            new(after.Nanoseconds - before.Nanoseconds, after.UserTicks - before.UserTicks, after.KernelTicks - before.KernelTicks);

        public double Seconds => Nanoseconds / 1e9;
        public double UserShare => UserTicks + KernelTicks > 0 ? (double)UserTicks / (UserTicks + KernelTicks) : 0;
    }

    private static class ThreadCpu
    {
        public static long OfThreadsNamed(string name)
        {
            long total = 0;
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != name) continue;
                    total += long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0]);
                }
                catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException) { }
            }
            return total;
        }

        public static (long User, long Kernel) TicksOfThreadsNamed(string name)
        {
            long user = 0, kernel = 0;
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != name) continue;
                    string stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from 3 (state) on
                    user += long.Parse(fields[11]);
                    kernel += long.Parse(fields[12]);
                }
                catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException) { }
            }
            return (user, kernel);
        }

        public static long Self() => long.Parse(File.ReadAllText("/proc/thread-self/schedstat").Split(' ')[0]);

        /// <summary>(busy, total) jiffies of the whole machine from /proc/stat.</summary>
        public static (long Busy, long Total) Machine()
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            long total = fields.Take(8).Sum();
            long idle = fields[3] + fields[4];
            return (total - idle, total);
        }
    }

    /// <summary>The generator's loop: one thread, a window of frames in flight, a stall written off as lost.</summary>
    private abstract class Generator(PacketLink sendLink, PacketLink receiveLink)
    {
        protected readonly FrameBatch Received = new(BatchSize);
        private readonly FrameBatch _arpAnswers = new(4);
        protected long Verified, VerifyFailed;
        private InterfaceReceiveCounter? _counter;
        private long _counterAtStart, _othersAtSocket, _arrivedAtSocket;

        /// <summary>True in <see cref="Sink.Count"/>: only every <see cref="CountSample"/>-th frame of ours reaches the socket.</summary>
        protected bool Sampling => _counter is not null;

        /// <summary>The next batch, at most <paramref name="room"/> frames; null when it must pause (the caller waits for the pipe to empty, then calls Rewind).</summary>
        protected abstract FrameBatch? NextBatch(int room);

        /// <summary>Called with nothing in flight after <see cref="NextBatch"/> returned null.</summary>
        protected abstract void Rewind();

        /// <summary>True when <paramref name="frame"/> is one of ours arriving at the far end (checked).</summary>
        protected abstract bool Arrived(Span<byte> frame);

        protected abstract string Checks(long received);

        /// <summary>The socket filter for <see cref="Sink.Count"/>: passes every frame that is not ours and every <see cref="CountSample"/>-th of ours.</summary>
        protected abstract SocketFilterInstruction[] SampleFilter();

        /// <summary>From now on the far end counts at its interface and samples (<see cref="Sink.Count"/>).</summary>
        public void CountAtInterface(InterfaceReceiveCounter counter)
        {
            receiveLink.SetReceiveFilter(SampleFilter());
            _counter = counter;
        }

        /// <summary>
        /// Takes what the far end's socket has (waiting up to <paramref name="wait"/>), checks it, answers ARP, and returns
        /// how many of ours have arrived in this run: counted at the socket (Capture) or at the interface, less the frames
        /// the socket saw that are not ours (Count).
        /// </summary>
        private long TakeArrivals(TimeSpan wait)
        {
            int got = receiveLink.Receive(Received, wait);
            for (int i = 0; i < got; i++)
            {
                var frame = Received.Frame(i);
                if (Arrived(frame)) _arrivedAtSocket++;
                else
                {
                    _othersAtSocket++;
                    AnswerArp(frame);
                }
            }
            return _counter is null ? _arrivedAtSocket : _counter.Read() - _counterAtStart - _othersAtSocket;
        }

        public Result Run(TimeSpan duration, BenchGateway? gateway = null)
        {
            long sent = 0, received = 0, lost = 0;
            _arrivedAtSocket = _othersAtSocket = 0;
            _counterAtStart = _counter?.Read() ?? 0;
            long selfBefore = ThreadCpu.Self();
            var useBefore = gateway?.Use() ?? default;
            var machineBefore = ThreadCpu.Machine();
            Verified = VerifyFailed = 0;
            long start = Stopwatch.GetTimestamp();
            long deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            long stallTicks = (long)(Stall.TotalSeconds * Stopwatch.Frequency);
            long lastProgress = start;
            bool paused = false;
            long now;
            while ((now = Stopwatch.GetTimestamp()) < deadline)
            {
                long inFlight = sent - received - lost;
                if (paused && inFlight == 0)
                {
                    Rewind();
                    paused = false;
                }
                if (!paused && Window - inFlight >= BatchSize)
                {
                    var batch = NextBatch((int)(Window - inFlight));
                    if (batch is null) paused = true;
                    else
                    {
                        int accepted = sendLink.Send(batch);
                        sent += accepted;
                        lost += batch.Count - accepted; // refused by the generator's own link: counted, never in flight
                        inFlight = sent - received - lost;
                    }
                }
                bool canSend = !paused && Window - inFlight >= BatchSize;
                // Waiting, the socket wakes us at the next frame of ours it gets (in Count mode a sample, every 64th).
                long arrived = Math.Min(sent - lost, TakeArrivals(canSend ? TimeSpan.Zero : TimeSpan.FromMilliseconds(1)));
                if (arrived > received)
                {
                    received = arrived;
                    lastProgress = now;
                }
                else if (inFlight > 0 && now - lastProgress > stallTicks)
                {
                    lost += inFlight; // the window stopped moving: what is out is written off
                    lastProgress = now;
                }
            }
            var elapsed = Stopwatch.GetElapsedTime(start);
            long self = ThreadCpu.Self() - selfBefore;
            var useAfter = gateway?.Use() ?? default;
            var machineAfter = ThreadCpu.Machine();
            // Let what is still in flight arrive (not counted), so the next run starts with an empty pipe.
            var drain = Stopwatch.StartNew();
            while (TakeArrivals(TimeSpan.FromMilliseconds(5)) < sent - lost && drain.Elapsed < TimeSpan.FromMilliseconds(200)) { }
            double busy = 100.0 * (machineAfter.Busy - machineBefore.Busy) / Math.Max(1, machineAfter.Total - machineBefore.Total);
            // Stragglers still in flight at the deadline are neither received nor lost.
            return new Result(sent - (sent - received - lost), received, lost, elapsed, useAfter.Wan - useBefore.Wan, useAfter.Lan - useBefore.Lan, self / 1e9, busy, Checks(received));
        }

        /// <summary>
        /// Passes every frame that is not IPv4/UDP to <paramref name="port"/> whole, and of those only the ones whose
        /// 32-bit (<paramref name="fieldIsWord"/>) or 16-bit field at <paramref name="sampleOffset"/> is 0 modulo <see cref="CountSample"/>.
        /// </summary>
        protected static SocketFilterInstruction[] SampleOf(ushort port, uint sampleOffset, bool fieldIsWord)
        {
            const uint Whole = 0x40000, EtherTypeOffset = 12, ProtocolOffset = EthernetFrame.HeaderLength + 9;
            const uint DestinationPortOffset = EthernetFrame.HeaderLength + Ipv4Repr.HeaderLength + 2; // our frames carry no IP options
            return
            [
                SocketFilterInstruction.LoadHalfWord(EtherTypeOffset),
                SocketFilterInstruction.JumpIfEqual((uint)EtherType.Ipv4, 0, 7),
                SocketFilterInstruction.LoadByte(ProtocolOffset),
                SocketFilterInstruction.JumpIfEqual((uint)IpProtocol.Udp, 0, 5),
                SocketFilterInstruction.LoadHalfWord(DestinationPortOffset),
                SocketFilterInstruction.JumpIfEqual(port, 0, 3),
                fieldIsWord ? SocketFilterInstruction.LoadWord(sampleOffset) : SocketFilterInstruction.LoadHalfWord(sampleOffset),
                SocketFilterInstruction.And(CountSample - 1),
                SocketFilterInstruction.JumpIfEqual(0, 0, 1),
                SocketFilterInstruction.Return(Whole),
                SocketFilterInstruction.Return(0),
            ];
        }

        protected string SampleNote(long received) =>
            $"{Verified + VerifyFailed:N0} samples for ~{received / CountSample:N0} expected, {_othersAtSocket} other frames";

        // The gateway ARPs for a neighbour only if an entry went stale: answer for whichever address it asks.
        private void AnswerArp(Span<byte> frame)
        {
            if (EthernetFrame.TryParse(frame, out var ethernet) != WireError.None || ethernet.EtherType != EtherType.Arp) return;
            if (ArpPacket.TryParse(ethernet.Payload, out var arp) != WireError.None || arp.Operation != ArpOperation.Request) return;
            var target = arp.TargetProtocolAddress;
            if (target != LanHost && target != RemoteOuter) return;
            _arpAnswers.Clear();
            _arpAnswers.TryAdd(Frames.ArpReply(receiveLink.Address, target, arp.SenderHardwareAddress, arp.SenderProtocolAddress));
            receiveLink.Send(_arpAnswers);
        }
    }

    /// <summary>rx_packets of one interface from the namespace's /proc/net/dev (opened inside it, so it stays bound to it).</summary>
    private sealed class InterfaceReceiveCounter : IDisposable
    {
        private readonly SafeFileHandle _file;
        private readonly byte[] _text = new byte[16 * 1024];
        private readonly byte[] _label;

        public InterfaceReceiveCounter(NetworkNamespace space, string interfaceName)
        {
            using (space.Enter()) _file = File.OpenHandle("/proc/thread-self/net/dev");
            _label = Encoding.ASCII.GetBytes(interfaceName + ":");
            Read(); // a missing interface fails here, not in the middle of a run
        }

        /// <summary>The second number after "name:" on its line (the first is rx_bytes). One pread; allocation-free.</summary>
        public long Read()
        {
            var text = _text.AsSpan(0, RandomAccess.Read(_file, _text, 0));
            while (!text.IsEmpty)
            {
                int end = text.IndexOf((byte)'\n');
                var line = (end < 0 ? text : text[..end]).TrimStart((byte)' ');
                text = end < 0 ? default : text[(end + 1)..];
                if (!line.StartsWith(_label)) continue;
                var numbers = line[_label.Length..].TrimStart((byte)' ');
                numbers = numbers[numbers.IndexOf((byte)' ')..].TrimStart((byte)' '); // past rx_bytes
                int digits = numbers.IndexOf((byte)' ');
                if (System.Buffers.Text.Utf8Parser.TryParse(digits < 0 ? numbers : numbers[..digits], out long packets, out _)) return packets;
            }
            throw new InvalidOperationException($"no rx_packets for {Encoding.ASCII.GetString(_label)} in /proc/net/dev");
        }

        public void Dispose() => _file.Dispose();
    }

    /// <summary>The remote PC's ESP-in-UDP on gen-wan; decrypted inner packets counted on gen-lan.</summary>
    private sealed class TunnelToLan : Generator
    {
        private readonly byte[][] _frames;
        private readonly FrameBatch _batch = new(BatchSize);
        private readonly BenchGateway _gateway;
        private readonly MacAddress _genLan, _gwLan;
        private readonly int _frameLength;
        private readonly byte _ttl;
        private int _next;
        private long _rewinds;

        public TunnelToLan(PacketLink genWan, PacketLink genLan, MacAddress gwWan, MacAddress gwLan, ChildSaInstallation peerSa, int size, BenchGateway gateway)
            : base(genWan, genLan)
        {
            _gateway = gateway;
            _genLan = genLan.Address;
            _gwLan = gwLan;
            _frameLength = EthernetFrame.HeaderLength + size;
            _ttl = (byte)(InnerPacket(RemoteInner, LanHost, size)[8] - 1);
            // Sequence numbers 1..n with the mirrored SA; each pass after the first goes to a re-installed gateway SA.
            int n = size > 512 ? 32768 : 131072;
            _frames = new byte[n][];
            using var remotePc = EspSaPair.Create(peerSa);
            byte[] buffer = new byte[FrameBatch.DefaultSlotSize];
            for (int i = 0; i < n; i++)
            {
                InnerPacket(RemoteInner, LanHost, size, identification: (ushort)i).CopyTo(buffer, EspSa.Headroom); // the id picks the samples
                if (remotePc.Encapsulate(buffer, EspSa.Headroom, size, out int offset, out int length) != EspSendResult.Ok)
                    throw new InvalidOperationException("remote PC could not encapsulate");
                new EthernetRepr(gwWan, genWan.Address, EtherType.Ipv4).Emit(buffer.AsSpan(offset - EthernetFrame.HeaderLength));
                _frames[i] = buffer.AsSpan(offset - EthernetFrame.HeaderLength, EthernetFrame.HeaderLength + length).ToArray();
            }
            _next = 0;
        }

        protected override FrameBatch? NextBatch(int room)
        {
            if (_next == _frames.Length) return null;
            _batch.Clear();
            int count = Math.Min(Math.Min(room, BatchSize), _frames.Length - _next);
            for (int i = 0; i < count; i++) _batch.TryAdd(_frames[_next++]);
            return _batch;
        }

        protected override void Rewind()
        {
            _gateway.Reinstall();
            _next = 0;
            _rewinds++;
        }

        protected override bool Arrived(Span<byte> frame)
        {
            // A frame as the LAN host sees it: gateway MAC → ours, IPv4 198.18.0.200 → 198.18.0.10, whole length, TTL-1.
            if (frame.Length != _frameLength || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != (ushort)EtherType.Ipv4) return false;
            if (MacAddress.Read(frame) != _genLan || MacAddress.Read(frame[6..]) != _gwLan) return false;
            if (Ipv4Address.Read(frame[26..]) != RemoteInner || Ipv4Address.Read(frame[30..]) != LanHost) return false;
            if (frame[22] == _ttl) Verified++;
            else VerifyFailed++;
            return true;
        }

        protected override SocketFilterInstruction[] SampleFilter() =>
            SampleOf(5001, EthernetFrame.HeaderLength + 4, fieldIsWord: false); // IPv4 identification

        protected override string Checks(long received) =>
            (Sampling ? $"{SampleNote(received)}; {Verified:N0} samples with TTL-1" : $"{Verified:N0} with TTL-1") +
            $", {VerifyFailed} wrong; SA re-installed {_rewinds}x ({_frames.Length:N0} pre-built seq numbers per pass)";
    }

    /// <summary>The LAN host's plain frames on gen-lan; the gateway's ESP counted (and sampled, decrypted) on gen-wan.</summary>
    private sealed class LanToTunnel : Generator
    {
        private readonly FrameBatch _batch = new(BatchSize);
        private readonly EspSaPair _remotePc;
        private readonly MacAddress _genWan, _gwWan;
        private readonly int _size;
        private readonly byte _ttl;
        private long _seen;

        public LanToTunnel(PacketLink genLan, PacketLink genWan, MacAddress proxyMac, MacAddress gwWan, ChildSaInstallation peerSa, int size)
            : base(genLan, genWan)
        {
            _remotePc = EspSaPair.Create(peerSa);
            _genWan = genWan.Address;
            _gwWan = gwWan;
            _size = size;
            byte[] inner = InnerPacket(LanHost, RemoteInner, size);
            _ttl = (byte)(inner[8] - 1);
            var frame = new byte[EthernetFrame.HeaderLength + size];
            new EthernetRepr(proxyMac, genLan.Address, EtherType.Ipv4).Emit(frame);
            inner.CopyTo(frame, EthernetFrame.HeaderLength);
            while (!_batch.IsFull) _batch.TryAdd(frame);
        }

        protected override FrameBatch? NextBatch(int room) => _batch; // room >= BatchSize: the loop asks only then

        protected override void Rewind() { }

        protected override bool Arrived(Span<byte> frame)
        {
            // ESP in UDP as the remote PC sees it: gateway MAC → ours, 203.0.113.1:4500 → 203.0.113.2:4500, our SPI.
            const int ip = EthernetFrame.HeaderLength, udp = ip + Ipv4Repr.HeaderLength, esp = udp + UdpRepr.HeaderLength;
            if (frame.Length < esp + 8 || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != (ushort)EtherType.Ipv4) return false;
            if (MacAddress.Read(frame) != _genWan || MacAddress.Read(frame[6..]) != _gwWan) return false;
            if (frame[ip + 9] != (byte)IpProtocol.Udp || Ipv4Address.Read(frame[(ip + 12)..]) != GatewayWan || Ipv4Address.Read(frame[(ip + 16)..]) != RemoteOuter) return false;
            if (BinaryPrimitives.ReadUInt16BigEndian(frame[(udp + 2)..]) != IkeEndpoint.NatTraversalPort) return false;
            if (BinaryPrimitives.ReadUInt32BigEndian(frame[esp..]) != RemoteInboundSpi) return false;
            if (Sampling || _seen++ % SampleEvery == 0)
            {
                int totalLength = BinaryPrimitives.ReadUInt16BigEndian(frame[(ip + 2)..]);
                var payload = frame[esp..(ip + totalLength)];
                if (_remotePc.Decapsulate(payload, out int offset, out int length) == EspDropReason.None && length == _size &&
                    Ipv4Address.Read(payload[(offset + 12)..]) == LanHost && Ipv4Address.Read(payload[(offset + 16)..]) == RemoteInner &&
                    payload[offset + 8] == _ttl)
                    Verified++;
                else VerifyFailed++;
            }
            return true;
        }

        protected override SocketFilterInstruction[] SampleFilter() =>
            SampleOf(IkeEndpoint.NatTraversalPort, EthernetFrame.HeaderLength + Ipv4Repr.HeaderLength + UdpRepr.HeaderLength + 4, fieldIsWord: true); // ESP sequence number

        protected override string Checks(long received) =>
            (Sampling ? $"{SampleNote(received)}; {Verified:N0} samples" : $"{Verified:N0} of 1/{SampleEvery}") +
            $" decrypted by the remote PC's SA and right, {VerifyFailed} wrong";
    }
}
