using System.Diagnostics;
using OnLan.Addressing;
using OnLan.Esp;
using OnLan.Ike;
using OnLan.Ike.Responder;
using OnLan.Ports;
using OnLan.Testing;
using OnLan.Vpn;
using OnLan.Wire;

namespace OnLan.Benchmarks;

/// <summary>
/// Forwarding through the gateway's data plane on one core, in process: the real ports, IKE service, endpoints and
/// rings composed as Gateway.StartVpn composes them, both port threads' work run on this thread, with no link
/// system calls (frames end in the output batch, which is cleared). LAN→tunnel is the LAN port's Receive (route,
/// TryForward, encapsulate into the ring) plus the WAN drain (SendIpv4 into the batch); tunnel→LAN is the WAN
/// port's Receive (UDP 4500, ReceiveEsp, decrypt, TTL, into the ring) plus the LAN drain (Inject). The remote PC's
/// packets are built beforehand with known keys. Printed next to the ESP transform alone on the same suite and
/// size, measured in the same run (EspTransformBenchmark), so the ratio is the price of everything but the cipher.
/// </summary>
public static class TunnelForwardingBenchmark
{
    private const int Burst = 32; // packets per drain, half the drain budget
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(10);
    private static readonly MacAddress WanMac = MacAddress.Parse("02:00:00:00:01:01");
    private static readonly MacAddress LanMac = MacAddress.Parse("02:00:00:00:02:01");
    private static readonly MacAddress RemoteMac = MacAddress.Parse("02:00:00:00:01:32");
    private static readonly MacAddress LanHostMac = MacAddress.Parse("02:00:00:00:02:0a");

    public static void Run(TimeSpan duration)
    {
        var suite = EspTransformBenchmark.Suites[0];
        Console.WriteLine($"Tunnel forwarding through the gateway's data plane, one core, in process ({suite.Name}, UDP-encapsulated; best of 3 x {duration.TotalSeconds / 3:0.##} s, interleaved with the ESP transform alone); Gbit/s counts inner IPv4 bytes.");
        Console.WriteLine($"{"direction",-14} {"inner",5} {"pkt/s",12} {"Gbit/s",7} {"ESP alone pkt/s",16} {"Gbit/s",7} {"ratio",6}");
        var (gateway, peer) = EspTransformBenchmark.Installations(suite);
        // Install and Remove log a line each: keep the table readable.
        var error = Console.Error;
        Console.SetError(TextWriter.Null);
        try
        {
            foreach (int size in new[] { 1400, 64 })
            {
                double toTunnel = 0, fromTunnel = 0, encapsulate = 0, decapsulate = 0;
                for (int run = 0; run < 3; run++)
                {
                    toTunnel = Math.Max(toTunnel, MeasureLanToTunnel(gateway, size, duration / 3));
                    encapsulate = Math.Max(encapsulate, EspTransformBenchmark.MeasureEncapsulate(gateway, size, duration / 3));
                    fromTunnel = Math.Max(fromTunnel, MeasureTunnelToLan(gateway, peer, size, duration / 3));
                    decapsulate = Math.Max(decapsulate, EspTransformBenchmark.MeasureDecapsulate(gateway, peer, size, duration / 3));
                }
                Row("LAN->tunnel", size, toTunnel, encapsulate);
                Row("tunnel->LAN", size, fromTunnel, decapsulate);
            }
        }
        finally
        {
            Console.SetError(error);
        }
        Console.WriteLine();
    }

    private static void Row(string direction, int size, double forwarded, double transform) =>
        Console.WriteLine($"{direction,-14} {size,5} {forwarded,12:N0} {Gbits(forwarded, size),7:0.00} {transform,16:N0} {Gbits(transform, size),7:0.00} {forwarded / transform,6:0.00}");

    private static double Gbits(double packetsPerSecond, int size) => packetsPerSecond * size * 8 / 1e9;

    private static double MeasureLanToTunnel(ChildSaInstallation installation, int size, TimeSpan duration)
    {
        using var gateway = new DataPlane(installation);
        byte[] template = Frame(LanMac, LanHostMac, InnerPacket(LanHost, installation.RemoteInnerAddress, size));
        byte[] work = new byte[template.Length];
        var lanOut = new FrameBatch();
        var wanOut = new FrameBatch();
        for (int i = 0; i < 200; i++) Burst1(); // JIT, tiering
        long count = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            for (int i = 0; i < 100; i++) Burst1();
            count += 100 * Burst;
        }
        return count / watch.Elapsed.TotalSeconds;

        void Burst1()
        {
            for (int i = 0; i < Burst; i++)
            {
                template.CopyTo(work, 0); // Receive decrements the TTL in place
                gateway.Lan.Receive(work, Now, lanOut);
            }
            gateway.WanEnd.DrainInbox(Now, wanOut);
            if (wanOut.Count != Burst || lanOut.Count != 0) throw new InvalidOperationException($"LAN->tunnel: {wanOut.Count} sent, {lanOut.Count} answered");
            wanOut.Clear();
        }
    }

    private static double MeasureTunnelToLan(ChildSaInstallation installation, ChildSaInstallation peer, int size, TimeSpan duration)
    {
        // The remote PC's frames, sequence 1..n; each round replays them into a freshly installed SA (same keys).
        int n = size > 512 ? 8192 : 32768;
        var frames = new byte[n][];
        using (var remotePc = EspSaPair.Create(peer))
        {
            byte[] inner = InnerPacket(installation.RemoteInnerAddress, LanHost, size);
            byte[] buffer = new byte[FrameBatch.DefaultSlotSize];
            for (int i = 0; i < n; i++)
            {
                inner.CopyTo(buffer, EspSa.Headroom);
                remotePc.Encapsulate(buffer, EspSa.Headroom, size, out int offset, out int length);
                new EthernetRepr(WanMac, RemoteMac, EtherType.Ipv4).Emit(buffer.AsSpan(offset - EthernetFrame.HeaderLength));
                frames[i] = buffer.AsSpan(offset - EthernetFrame.HeaderLength, EthernetFrame.HeaderLength + length).ToArray();
            }
        }
        using var gateway = new DataPlane(installation);
        byte[] work = new byte[frames[0].Length];
        var wanOut = new FrameBatch();
        var lanOut = new FrameBatch();
        long count = 0, ticks = 0;
        bool warm = false;
        var wall = Stopwatch.StartNew();
        while (!warm || wall.Elapsed < duration)
        {
            gateway.Reinstall();
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < n; i += Burst)
            {
                for (int j = i; j < i + Burst; j++)
                {
                    frames[j].CopyTo(work, 0); // decryption is in place
                    gateway.Wan.Receive(work, Now, wanOut);
                }
                gateway.LanEnd.DrainInbox(Now, lanOut);
                if (lanOut.Count != Burst || wanOut.Count != 0) throw new InvalidOperationException($"tunnel->LAN: {lanOut.Count} delivered, {wanOut.Count} answered; {gateway.Counters.Format()}");
                lanOut.Clear();
            }
            if (warm)
            {
                ticks += Stopwatch.GetTimestamp() - start;
                count += n;
            }
            warm = true;
        }
        return count / ((double)ticks / Stopwatch.Frequency);
    }

    private static readonly Ipv4Address LanHost = new(198, 18, 0, 10);

    private static byte[] InnerPacket(Ipv4Address source, Ipv4Address destination, int size)
    {
        var packet = new byte[size];
        new UdpRepr(40000, 5001).Emit(packet.AsSpan(Ipv4Repr.HeaderLength), size - Ipv4Repr.HeaderLength - UdpRepr.HeaderLength, source, destination);
        new Ipv4Repr(source, destination, IpProtocol.Udp, size - Ipv4Repr.HeaderLength).Emit(packet);
        return packet;
    }

    private static byte[] Frame(MacAddress destination, MacAddress source, byte[] packet)
    {
        var frame = new byte[EthernetFrame.HeaderLength + packet.Length];
        new EthernetRepr(destination, source, EtherType.Ipv4).Emit(frame);
        packet.CopyTo(frame, EthernetFrame.HeaderLength);
        return frame;
    }

    /// <summary>The gateway's two ports and tunnel, composed as in Gateway.StartVpn, with one Child SA installed.</summary>
    private sealed class DataPlane : IDisposable
    {
        private readonly LinkPair _wanCable = LinkPair.Create(WanMac, RemoteMac);
        private readonly LinkPair _lanCable = LinkPair.Create(LanMac, LanHostMac);
        private readonly EspDataPlane _plane;
        private readonly ChildSaInstallation _installation;

        public DataPlane(ChildSaInstallation installation)
        {
            _installation = installation;
            Wan = new PortHost("wan", WanMac, new Ipv4Prefix(installation.Local.Address, 24), null, 1500);
            Lan = new PortHost("lan", LanMac, new Ipv4Prefix(new Ipv4Address(198, 18, 0, 1), 24), null, 1500);
            _plane = new EspDataPlane(Lan);
            var lanToWan = new PacketHandoff(_wanCable.A);
            var wanToLan = new PacketHandoff(_lanCable.A);
            WanEnd = new WanTunnelEndpoint(Wan, _plane, wanToLan, lanToWan, Counters);
            LanEnd = new LanTunnelEndpoint(Lan, _plane, lanToWan, wanToLan, Wan.Mtu, Counters);
            var responder = new IkeResponder(new IkeResponderOptions
            {
                LocalId = "gw.onlan.test",
                PreSharedKeys = new Dictionary<string, string>(),
                LanSegment = Lan.Address,
            }, _plane, new PoolAllocator(new AddressPool([(new Ipv4Address(198, 18, 0, 200), new Ipv4Address(198, 18, 0, 220))])));
            _ = new IkeService(Wan, responder, WanEnd);
            Wan.Arp.Update(installation.Remote.Address, RemoteMac, Now, create: true);
            Lan.Arp.Update(LanHost, LanHostMac, Now, create: true);
            _plane.Install(installation);
        }

        public PortHost Wan { get; }
        public PortHost Lan { get; }
        public WanTunnelEndpoint WanEnd { get; }
        public LanTunnelEndpoint LanEnd { get; }
        public TunnelCounters Counters { get; } = new();

        /// <summary>A fresh SA pair with the same keys and SPIs: sequence numbers and the replay window start again.</summary>
        public void Reinstall()
        {
            _plane.Remove(_installation);
            _plane.Install(_installation);
        }

        public void Dispose()
        {
            _wanCable.Dispose();
            _lanCable.Dispose();
        }
    }
}
