using System.Text.Json;
using OnLan.Testing;
using OnLan.Testing.StrongSwan;
using Xunit.Abstractions;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// iperf3 TCP through the published gateway, strongSwan (kernel-libipsec) as the remote PC in wan-peer and the LAN
/// host as the server, both directions; the figures go to the test output next to the references measured on this
/// machine. A measurement, not a threshold: it asserts only that the tunnel carried the stream.
/// </summary>
public sealed class TunnelThroughputTests(ITestOutputHelper output) : IDisposable
{
    private readonly TwoPortTopology _net = new();

    public void Dispose() => _net.Dispose();

    [RootFact]
    public void Iperf3_tcp_through_the_tunnel_both_ways()
    {
        using var gateway = _net.StartVpnGateway();
        using var peer = _net.StartRoadWarrior(c => c with { EspProposals = "aes256gcm16" });
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);

        double upload = Measure(reverse: false, gateway);
        double download = Measure(reverse: true, gateway);

        output.WriteLine($"iperf3 TCP through the OnLan tunnel (AES-256-GCM, strongSwan kernel-libipsec as the remote PC): " +
                         $"remote PC -> LAN host {upload / 1e6:N0} Mbit/s, LAN host -> remote PC {download / 1e6:N0} Mbit/s");
        output.WriteLine("references on this machine: strongSwan as the gateway ~395 Mbit/s; plain veth ~12.9 Gbit/s");
        Assert.True(upload > 0 && download > 0);
    }

    // Bits per second the receiver counted over 5 s (-R: the LAN host sends). A fresh one-off server per attempt,
    // started and seen listening before the client runs; an attempt whose report has no totals is tried again.
    private double Measure(bool reverse, GatewayProcess gateway)
    {
        string last = "";
        for (int attempt = 0; attempt < 3; attempt++)
        {
            _net.LanHost.Start($"exec iperf3 -s -1 -B {LanHostAddress}");
            for (int wait = 0; wait < 50 && !_net.LanHost.Run("ss -ltn").StdOut.Contains($"{LanHostAddress}:5201"); wait++)
                Thread.Sleep(50);
            var result = _net.WanPeer.Run($"iperf3 -c {LanHostAddress} -t 5 -J{(reverse ? " -R" : "")}", TimeSpan.FromSeconds(30));
            last = result.StdOut + result.StdErr;
            if (!result.Succeeded) continue;
            using var json = JsonDocument.Parse(result.StdOut);
            if (json.RootElement.TryGetProperty("end", out var totals) && totals.TryGetProperty("sum_received", out var received) &&
                received.TryGetProperty("bits_per_second", out var bits))
                return bits.GetDouble();
        }
        Assert.Fail("iperf3 gave no totals in 3 attempts:\n" + last + "\n" + gateway.Log);
        return 0;
    }
}
