using System.Diagnostics;
using OnLan.Routing.Nat;
using OnLan.Wire;

namespace OnLan.Benchmarks;

/// <summary>
/// NAT on one core, in process: packets/s through NatTable.Outbound (LAN → internet) and NatTable.Inbound (the
/// replies) over 4,096 established UDP flows, next to plain forwarding of the same packets in the same run (what the
/// router does without NAT: TTL − 1 and the header checksum). Both include copying the packet into the work buffer
/// (translation is in place). Needs no root.
/// </summary>
public static class NatBenchmark
{
    private const int Flows = 4096;
    private static readonly Ipv4Address Wan = new(203, 0, 113, 1);
    private static readonly Ipv4Address Remote = new(203, 0, 113, 2);

    public static void Run(TimeSpan duration)
    {
        Console.WriteLine($"NAT forwarding, one core, in process ({Flows:N0} UDP flows, best of 3 x {duration.TotalSeconds / 3:0.##} s, interleaved); packets/s per direction.");
        Console.WriteLine($"{"size",5} {"plain fwd pkt/s",16} {"NAT out pkt/s",14} {"NAT in pkt/s",13} {"NAT out/plain",14}");
        foreach (int size in new[] { 64, 1400 })
        {
            var table = new NatTable(Wan);
            var outbound = new byte[Flows][];
            var inbound = new byte[Flows][];
            var work = new byte[2048];
            for (int i = 0; i < Flows; i++)
            {
                var source = new Ipv4Address(198, 18, (byte)(i >> 8), (byte)(10 + (i & 0xFF) % 200));
                outbound[i] = Udp(source, (ushort)(20000 + i), Remote, 7000, size);
                outbound[i].CopyTo(work, 0);
                table.Outbound(work.AsSpan(0, outbound[i].Length), TimeSpan.Zero);
                ushort external = (ushort)((work[20] << 8) | work[21]);
                inbound[i] = Udp(Remote, 7000, Wan, external, size);
            }
            double plain = 0, natOut = 0, natIn = 0;
            for (int run = 0; run < 3; run++)
            {
                plain = Math.Max(plain, Measure(outbound, work, duration / 3, (packet, _) => Plain(packet)));
                natOut = Math.Max(natOut, Measure(outbound, work, duration / 3, (packet, now) => table.Outbound(packet, now) == NatResult.Translated));
                natIn = Math.Max(natIn, Measure(inbound, work, duration / 3, (packet, now) => table.Inbound(packet, now) == NatResult.Translated));
            }
            Console.WriteLine($"{size,5} {plain,16:N0} {natOut,14:N0} {natIn,13:N0} {natOut / plain,14:0.00}");
        }
        Console.WriteLine();
    }

    private delegate bool Step(Span<byte> packet, TimeSpan now);

    private static double Measure(byte[][] packets, byte[] work, TimeSpan duration, Step step)
    {
        var clock = Stopwatch.StartNew();
        long done = 0, failed = 0;
        while (clock.Elapsed < duration)
        {
            for (int i = 0; i < packets.Length; i++)
            {
                var packet = packets[i];
                packet.CopyTo(work, 0);
                if (!step(work.AsSpan(0, packet.Length), TimeSpan.FromSeconds(1))) failed++;
            }
            done += packets.Length;
        }
        if (failed > 0) throw new InvalidOperationException($"{failed} packets not forwarded: the benchmark measures nothing");
        return done / clock.Elapsed.TotalSeconds;
    }

    // Plain routing: TTL − 1, header checksum again (RFC 1812 §5.3.1).
    private static bool Plain(Span<byte> packet)
    {
        if (Ipv4Packet.TryParse(packet, out var ip) != WireError.None) return false;
        ip.TimeToLive--;
        ip.FillChecksum();
        return true;
    }

    private static byte[] Udp(Ipv4Address source, ushort sourcePort, Ipv4Address destination, ushort destinationPort, int totalLength)
    {
        int payload = totalLength - Ipv4Repr.HeaderLength - UdpDatagram.HeaderLength;
        var packet = new byte[totalLength];
        new UdpRepr(sourcePort, destinationPort).Emit(packet.AsSpan(Ipv4Repr.HeaderLength), payload, source, destination);
        new Ipv4Repr(source, destination, IpProtocol.Udp, UdpDatagram.HeaderLength + payload).Emit(packet);
        return packet;
    }
}
