using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using OnLan.Ports;
using OnLan.Testing;
using OnLan.Testing.StrongSwan;
using Xunit.Abstractions;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// The tunnel as an attacker on the WAN sees it: strongSwan (wan-peer) pings the LAN host through the published
/// gateway while tcpdump records both cables; then the wan-peer namespace sends the gateway what it recorded —
/// replayed, cut short, tampered, and under a SPI nobody installed — and the gateway's SIGUSR1 counters must show
/// each case dropped under its own reason, with the tunnel still carrying pings afterwards.
/// <code>
///   wan-peer (strongSwan + attacker)         gw (onlan)                 lan-host
///   eth0 203.0.113.2 ──[tcpdump]── wan0 203.0.113.1 │ lan0 198.18.0.1 ──[tcpdump]── eth0 198.18.0.10
/// </code>
/// </summary>
public sealed class EspAttackTests(ITestOutputHelper output) : IDisposable
{
    private const int EspHeaderLength = 8;       // SPI + Sequence Number
    private const int GcmIvLength = 8;
    private const int GcmIcvLength = 16;
    private const int GcmAlignment = 4;
    private const int PingCount = 5;

    private readonly TwoPortTopology _net = new();

    public void Dispose() => _net.Dispose();

    [RootFact]
    public void On_the_wan_the_tunnel_is_only_udp_4500_and_the_lan_host_sees_the_remote_pcs_lan_address()
    {
        using var gateway = StartGateway();
        using var peer = StartClient();
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
        string leased = peer.VirtualIp!;

        List<CapturedIpv4> wan, lan;
        using (var wanCapture = PacketCapture.Start(_net.WanPeer))
        using (var lanCapture = PacketCapture.Start(_net.LanHost))
        {
            Ping(PingCount, gateway);
            wan = CapturedIpv4.From(wanCapture.Stop());
            lan = CapturedIpv4.From(lanCapture.Stop());
        }

        var betweenPeers = wan.Where(p => IsBetween(p, WanPeerAddress, GatewayWanAddress)).ToList();
        Assert.All(betweenPeers, p => Assert.True(p.Protocol == CapturedIpv4.Udp && p.SourcePort == 4500 && p.DestinationPort == 4500, $"in the clear on the WAN: {p}"));
        Assert.DoesNotContain(wan, p => p.Protocol is CapturedIpv4.Icmp or CapturedIpv4.Esp);
        Assert.True(betweenPeers.Count(p => p.IsEspInUdp && p.Source.ToString() == WanPeerAddress) >= PingCount, string.Join('\n', wan));
        Assert.True(betweenPeers.Count(p => p.IsEspInUdp && p.Source.ToString() == GatewayWanAddress) >= PingCount, string.Join('\n', wan));

        var requests = lan.Where(p => p.Protocol == CapturedIpv4.Icmp && p.IcmpType == 8).ToList();
        Assert.True(requests.Count >= PingCount, string.Join('\n', lan));
        Assert.All(requests, p =>
        {
            Assert.Equal(leased, p.Source.ToString());
            Assert.Equal(LanHostAddress, p.Destination.ToString());
        });
        Assert.DoesNotContain(lan, p => p.Source.ToString() == WanPeerAddress || p.Destination.ToString() == WanPeerAddress);
    }

    [RootFact]
    public void Replayed_truncated_tampered_and_unknown_spi_esp_is_dropped_counted_and_the_tunnel_keeps_working()
    {
        using var gateway = StartGateway();
        using var peer = StartClient();
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);

        List<byte[]> captured;
        using (var capture = PacketCapture.Start(_net.WanPeer))
        {
            Ping(PingCount, gateway);
            captured = CapturedIpv4.From(capture.Stop())
                .Where(p => p.IsEspInUdp && p.Source.ToString() == WanPeerAddress && p.Destination.ToString() == GatewayWanAddress)
                .Select(p => p.UdpPayload).ToList();
        }
        Assert.True(captured.Count >= PingCount, $"{captured.Count} ESP packets captured");
        uint highest = captured.Max(SequenceNumber);

        // (a) every captured packet again, as it was.
        var replays = captured;
        // (b) cut short: below the SPI + sequence number (the endpoint's check), below header + IV + one aligned
        // block + ICV (the SA's), and by 1-3 bytes so the ciphertext is no longer whole 4-byte words.
        byte[] sample = captured[0];
        var truncated = new[] { 2, 3, 5, 7, EspHeaderLength, 16, EspHeaderLength + GcmIvLength + GcmAlignment + GcmIcvLength - 1 }
            .Select(n => sample[..n]).ToList();
        var badLength = new[] { 1, 2, 3 }.Select(n => sample[..^n]).ToList();
        // (c) tampered. A changed byte under an already used sequence number is a replay first (RFC 4303 §3.4.3: the
        // window is checked before the ICV); under fresh numbers above the window the ICV is what catches it: the
        // number itself (authenticated), a ciphertext byte, an ICV byte.
        var tampered = new List<byte[]>();
        for (int i = 0; i < captured.Count; i++)
        {
            byte[] packet = captured[i].ToArray();
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), highest + 1000 + (uint)i);
            switch (i % 3)
            {
                case 1: packet[EspHeaderLength + GcmIvLength + 3] ^= 0x40; break;
                case 2: packet[^1] ^= 0x01; break;
            }
            tampered.Add(packet);
        }
        // (d) well-formed ESP under SPIs the gateway never installed.
        var unknownSpi = captured.Select((p, i) =>
        {
            byte[] packet = p.ToArray();
            BinaryPrimitives.WriteUInt32BigEndian(packet, 0x0BAD0000u + (uint)i);
            return packet;
        }).ToList();

        using (_net.WanPeer.Enter())
        using (var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            attacker.Bind(new IPEndPoint(IPAddress.Parse(WanPeerAddress), 0));
            var target = new IPEndPoint(IPAddress.Parse(GatewayWanAddress), 4500);
            foreach (var datagram in replays.Concat(truncated).Concat(badLength).Concat(tampered).Concat(unknownSpi))
            {
                attacker.SendTo(datagram, target);
                Thread.Sleep(2); // the gateway's queue is not what is under test
            }
        }
        // The tunnel still works: nothing above moved the replay window or removed the SA.
        Ping(3, gateway);

        var counters = ReadTunnelCounters(gateway);
        string report = string.Join(' ', counters.Select(c => $"{c.Key}={c.Value}"));
        output.WriteLine($"sent: {replays.Count} replays, {truncated.Count} truncated, {badLength.Count} bad length, " +
                         $"{tampered.Count} tampered, {unknownSpi.Count} unknown SPI; gateway: {report}");
        Assert.True(Count(counters, "drop.Replayed") >= replays.Count, report);
        Assert.True(Count(counters, "drop.Truncated") >= truncated.Count, report);
        Assert.True(Count(counters, "drop.BadLength") >= badLength.Count, report);
        Assert.True(Count(counters, "drop.IntegrityFailed") >= tampered.Count, report);
        Assert.True(Count(counters, "unknown-spi") >= unknownSpi.Count, report);
        Assert.True(Count(counters, "decapsulated") >= PingCount + 3, report);
        Assert.Equal(0, Count(counters, "drop.SpoofedSource"));
    }

    private GatewayProcess StartGateway() => _net.StartVpnGateway();

    // AES-GCM: the offsets of the tampering above are for an 8-byte IV and a 16-byte ICV.
    private StrongSwanPeer StartClient() => _net.StartRoadWarrior(c => c with { EspProposals = "aes256gcm16" });

    private void Ping(int count, GatewayProcess gateway)
    {
        var ping = _net.WanPeer.Run($"ping -c {count} -i 0.2 -w 20 {LanHostAddress}"); // -w: wait for every reply
        Assert.True(ping.StdOut.Contains($"{count} received"), ping.StdOut + "\n" + gateway.Log);
    }

    private static bool IsBetween(CapturedIpv4 packet, string a, string b)
    {
        string source = packet.Source.ToString(), destination = packet.Destination.ToString();
        return (source == a && destination == b) || (source == b && destination == a);
    }

    private static uint SequenceNumber(byte[] esp) => BinaryPrimitives.ReadUInt32BigEndian(esp.AsSpan(4));

    private static long Count(Dictionary<string, long> counters, string name) => counters.GetValueOrDefault(name);

    /// <summary>SIGUSR1, then the words of the gateway's <c>vpn: tunnel …</c> line that followed it.</summary>
    private static Dictionary<string, long> ReadTunnelCounters(GatewayProcess gateway)
    {
        const string Prefix = "vpn: tunnel ";
        int before = gateway.Lines.Count(l => l.Contains(Prefix, StringComparison.Ordinal));
        gateway.Signal(10);
        string line = gateway.WaitForLine(Prefix, Patience, before + 1);
        return CountersReport.Parse(line[(line.IndexOf(Prefix, StringComparison.Ordinal) + Prefix.Length)..]);
    }
}
