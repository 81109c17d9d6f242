using System.Text.Json;
using OnLan.Testing;
using OnLan.Testing.StrongSwan;
using Xunit.Abstractions;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// iperf3 TCP through the published gateway, strongSwan (kernel-libipsec) as the remote PC in wan-peer and the LAN
/// host as the server, both directions; the figures go to the test output next to a plain veth measured in the same
/// run (`make bench` prints them). A measurement, not a threshold: it asserts only that the tunnel carried the stream.
/// </summary>
public sealed class TunnelThroughputTests(ITestOutputHelper output) : IDisposable
{
    private readonly TwoPortTopology _net = new();

    public void Dispose() => _net.Dispose();

    [RootFact]
    public void Iperf3_tcp_through_the_tunnel_both_ways()
    {
        double upload, download;
        using (var gateway = _net.StartVpnGateway())
        using (var peer = _net.StartRoadWarrior(c => c with { EspProposals = "aes256gcm16" }))
        {
            Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
            upload = Measure(_net.LanHost, _net.WanPeer, LanHostAddress, reverse: false, () => gateway.Log);
            download = Measure(_net.LanHost, _net.WanPeer, LanHostAddress, reverse: true, () => gateway.Log);
        }
        var (swanUpload, swanDownload) = MeasureStrongSwanAsTheGateway();
        var (plain, plainOffloaded) = MeasurePlainVeth();

        output.WriteLine($"iperf3 TCP through the OnLan tunnel (AES-256-GCM, strongSwan kernel-libipsec as the remote PC): " +
                         $"remote PC -> LAN host {upload / 1e6:N0} Mbit/s, LAN host -> remote PC {download / 1e6:N0} Mbit/s");
        output.WriteLine($"iperf3 TCP with strongSwan as the gateway instead (charon kernel-libipsec, kernel forwarding and proxy ARP, same namespaces, same client), same run: " +
                         $"remote PC -> LAN host {swanUpload / 1e6:N0} Mbit/s, LAN host -> remote PC {swanDownload / 1e6:N0} Mbit/s");
        output.WriteLine($"iperf3 TCP over a plain veth, same run: {plain / 1e6:N0} Mbit/s with MTU-sized frames (offloads off, as on the hosts' ends above), " +
                         $"{plainOffloaded / 1e6:N0} Mbit/s with the veth's offloads on (64 KB segments)");
        Assert.True(upload > 0 && download > 0);
    }

    /// <summary>
    /// The same two-port namespace with the kernel's IP stack and strongSwan's charon (kernel-libipsec, as this
    /// machine's kernel has no ESP) as the gateway: the pool in the LAN segment reached by proxy ARP, as ours is.
    /// </summary>
    private (double Upload, double Download) MeasureStrongSwanAsTheGateway()
    {
        _net.Gateway.Run($"ip addr add {GatewayWanAddress}/24 dev wan0 && ip addr add {GatewayLanAddress}/24 dev lan0 && " +
                         "sysctl -qw net.ipv4.ip_forward=1 && sysctl -qw net.ipv4.conf.lan0.proxy_arp=1").EnsureSuccess("kernel gateway");
        using var gateway = StrongSwanResponder.Start(_net.Gateway, new StrongSwanResponderSettings
        {
            LocalAddress = GatewayWanAddress,
            PreSharedKey = Psk,
            PoolRange = "198.18.0.200-198.18.0.220",
            LocalTs = "198.18.0.0/24",
            EspProposals = "aes256gcm16",
        });
        using var peer = _net.StartRoadWarrior(c => c with { EspProposals = "aes256gcm16" });
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
        return (Measure(_net.LanHost, _net.WanPeer, LanHostAddress, reverse: false, () => gateway.Log),
                Measure(_net.LanHost, _net.WanPeer, LanHostAddress, reverse: true, () => gateway.Log));
    }

    /// <summary>iperf3 between two fresh namespaces over one veth pair, offloads off and then on.</summary>
    private static (double MtuFrames, double Offloaded) MeasurePlainVeth()
    {
        const string Server = "198.51.100.2";
        using var client = NetworkNamespace.Create("iperfc");
        using var server = NetworkNamespace.Create("iperfs");
        Veth.Connect(client, "eth0", server, "eth0");
        client.Run("ip addr add 198.51.100.1/24 dev eth0").EnsureSuccess("client address");
        server.Run($"ip addr add {Server}/24 dev eth0").EnsureSuccess("server address");
        foreach (var host in (NetworkNamespace[])[client, server])
            host.Run("ethtool -K eth0 tso off gso off gro off tx-gso-partial off").EnsureSuccess("ethtool offloads");
        double mtuFrames = Measure(server, client, Server, reverse: false, () => "");
        foreach (var host in (NetworkNamespace[])[client, server])
            host.Run("ethtool -K eth0 tso on gso on gro on").EnsureSuccess("ethtool offloads");
        return (mtuFrames, Measure(server, client, Server, reverse: false, () => ""));
    }

    // Bits per second the receiver counted over 5 s (-R: the server sends). A fresh one-off server per attempt,
    // started and seen listening before the client runs; an attempt whose report has no totals is tried again.
    private static double Measure(NetworkNamespace server, NetworkNamespace client, string address, bool reverse, Func<string> log)
    {
        string last = "";
        for (int attempt = 0; attempt < 3; attempt++)
        {
            server.Start($"exec iperf3 -s -1 -B {address}");
            for (int wait = 0; wait < 50 && !server.Run("ss -ltn").StdOut.Contains($"{address}:5201"); wait++)
                Thread.Sleep(50);
            var result = client.Run($"iperf3 -c {address} -t 5 -J{(reverse ? " -R" : "")}", TimeSpan.FromSeconds(30));
            last = result.StdOut + result.StdErr;
            if (!result.Succeeded) continue;
            using var json = JsonDocument.Parse(result.StdOut);
            if (json.RootElement.TryGetProperty("end", out var totals) && totals.TryGetProperty("sum_received", out var received) &&
                received.TryGetProperty("bits_per_second", out var bits))
                return bits.GetDouble();
        }
        Assert.Fail("iperf3 gave no totals in 3 attempts:\n" + last + "\n" + log());
        return 0;
    }
}
