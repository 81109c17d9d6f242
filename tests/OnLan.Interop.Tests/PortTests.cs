using OnLan.Platform.Linux;
using OnLan.Ports;
using OnLan.Testing;
using OnLan.Wire;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>The published gateway on two veth ports: it answers ARP and ping on both, refuses bad frames, exits cleanly.</summary>
public sealed class PortTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly TwoPortTopology _net = new();

    public void Dispose() => _net.Dispose();

    private GatewayProcess StartGateway()
    {
        var gateway = GatewayProcess.Start(_net.Gateway, TwoPortTopology.Configuration);
        gateway.WaitForLine("lan: port lan0 up", StartTimeout);
        gateway.WaitForLine("wan: port wan0 up", StartTimeout);
        return gateway;
    }

    [RootFact]
    public void Lan_host_pings_the_gateway_and_learns_its_mac_while_the_kernel_holds_no_address()
    {
        using var gateway = StartGateway();

        var ping = _net.LanHost.Run($"ping -c 3 -i 0.2 -W 2 {GatewayLanAddress}");

        Assert.True(ping.Succeeded, ping.StdOut + ping.StdErr + gateway.Log);
        Assert.Contains("3 received", ping.StdOut);
        var neighbour = _net.LanHost.Run($"ip neigh show {GatewayLanAddress} dev eth0").StdOut;
        Assert.Contains($"lladdr {_net.GatewayMac("lan0")}", neighbour);
        // No address of any family on either port (no IPv6 link-local either), and the kernel's stack kept off both.
        Assert.Equal("", _net.Gateway.Run("ip -o addr show dev lan0; ip -o addr show dev wan0").StdOut.Trim());
        foreach (var port in new[] { "lan0", "wan0" })
            Assert.Contains("bytecode '1,6 0 0 2'", _net.Gateway.Run($"tc filter show dev {port} ingress").StdOut);
        Assert.DoesNotContain("kernel's IP stack still sees", gateway.Log);
        Assert.Contains("lan: port lan0 up, address 198.18.0.1/24", gateway.Log);
        foreach (var port in new[] { "lan0", "wan0" })
            Assert.Matches($"port {port} up, .*, kernel stack off", gateway.Log);
        Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(10)));
        // Stopped, the gateway gives the ports back to the kernel as it found them.
        Assert.DoesNotContain("clsact", _net.Gateway.Run("tc qdisc show dev lan0; tc qdisc show dev wan0").StdOut);
    }

    [RootFact]
    public void Wan_peer_pings_the_gateway_and_learns_its_mac()
    {
        using var gateway = StartGateway();

        var ping = _net.WanPeer.Run($"ping -c 3 -i 0.2 -W 2 {GatewayWanAddress}");

        Assert.True(ping.Succeeded, ping.StdOut + ping.StdErr + gateway.Log);
        Assert.Contains("3 received", ping.StdOut);
        var neighbour = _net.WanPeer.Run($"ip neigh show {GatewayWanAddress} dev eth0").StdOut;
        Assert.Contains($"lladdr {_net.GatewayMac("wan0")}", neighbour);
    }

    [RootFact]
    public void Gateway_answers_a_ping_from_beyond_its_wan_router()
    {
        // 198.51.100.9 lives "behind" wan-peer: the reply must go to the configured next hop, found by ARP.
        _net.WanPeer.Run("ip addr add 198.51.100.9/32 dev lo").EnsureSuccess("far address");
        using var gateway = StartGateway();

        var ping = _net.WanPeer.Run($"ping -c 2 -i 0.2 -W 2 -I 198.51.100.9 {GatewayWanAddress}");

        Assert.True(ping.Succeeded, ping.StdOut + ping.StdErr + gateway.Log);
        Assert.Contains("2 received", ping.StdOut);
    }

    [RootFact]
    public void Malformed_frames_are_each_counted_under_their_reason_and_ping_still_works()
    {
        using var gateway = StartGateway();
        Assert.True(_net.LanHost.Run($"ping -c 1 -W 2 {GatewayLanAddress}").Succeeded, gateway.Log);
        var gatewayMac = MacAddress.Parse(_net.GatewayMac("lan0"));
        var hostMac = MacAddress.Parse(_net.LanHost.Run("cat /sys/class/net/eth0/address").StdOut.Trim());
        var generator = new MalformedFrames(gatewayMac, Ipv4Address.Parse(GatewayLanAddress), hostMac, Ipv4Address.Parse(LanHostAddress), seed: 7);
        var expected = new long[DropReasons.Count];
        int sent = 0;

        using (_net.LanHost.Enter())
        {
            using var link = PacketLink.Open("eth0");
            var batch = new FrameBatch(64);
            foreach (var frame in generator.Generate(12_000))
            {
                // The kernel refuses to send less than an Ethernet header, so runts cannot reach a real port.
                if (frame.Bytes.Length < EthernetFrame.HeaderLength) continue;
                batch.TryAdd(frame.Bytes);
                if (frame.Expected is { } reason) expected[(int)reason]++;
                sent++;
                if (batch.IsFull) SendAll(link, batch);
            }
            SendAll(link, batch);
        }
        Assert.True(sent >= 10_000, $"only {sent} frames sent");

        var ping = _net.LanHost.Run($"ping -c 3 -i 0.2 -W 2 {GatewayLanAddress}");
        Assert.True(ping.Succeeded, ping.StdOut + gateway.Log);
        Assert.Contains("3 received", ping.StdOut);

        gateway.Signal(10); // SIGUSR1: counters to the log
        var counters = CountersReport.Parse(gateway.WaitForLine("lan: counters", TimeSpan.FromSeconds(5)));
        long dropped = counters["dropped"];
        Assert.True(dropped >= sent, $"{dropped} drops counted for {sent} bad frames sent:\n{gateway.Log}");
        for (int i = 0; i < DropReasons.Count; i++)
        {
            if (expected[i] == 0) continue;
            string name = "drop." + DropReasons.Name((DropReason)i);
            long counted = counters.GetValueOrDefault(name);
            Assert.True(counted >= expected[i], $"{name}: counted {counted}, sent {expected[i]}\n{gateway.Log}");
        }
        Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(10)));
    }

    private static void SendAll(PacketLink link, FrameBatch batch)
    {
        // A veth queue can be momentarily full: pace the flood instead of losing frames we count on.
        int accepted = link.Send(batch);
        Assert.Equal(batch.Count, accepted);
        batch.Clear();
        Thread.Sleep(1);
    }

    [RootFact]
    public void Missing_interface_stops_the_start_with_a_clear_error()
    {
        using var gateway = GatewayProcess.Start(_net.Gateway, TwoPortTopology.Configuration.Replace("port lan0", "port nosuch0"));

        Assert.Equal(1, gateway.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Contains("nosuch0", gateway.Log);
        Assert.Contains("lan: cannot open port", gateway.Log);
    }
}
