using System.Diagnostics;
using OnLan.Testing;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// `set vpn pool source dhcp-server`: dnsmasq (Debian's) in the LAN namespace is the LAN's DHCP server and the one
/// authority for addresses. The gateway relays for the remote PC: the address comes from dnsmasq's range, dnsmasq's
/// lease file names the client, the lease is renewed while the SA lives and released when it ends.
/// </summary>
public sealed class DhcpRelayTests : IDisposable
{
    private readonly TwoPortTopology _net = new();
    private readonly string _work = Directory.CreateTempSubdirectory("onlan-dnsmasq-").FullName;

    public void Dispose()
    {
        _net.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private string LeaseFile => Path.Combine(_work, "dnsmasq.leases");

    private void StartDnsmasq()
    {
        // DNS off (port 0); 2 minutes is dnsmasq's shortest lease, so the relay renews after one.
        _net.LanHost.Start($"dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=eth0 --bind-interfaces " +
                           $"--dhcp-range=198.18.0.100,198.18.0.150,255.255.255.0,2m --dhcp-leasefile={LeaseFile} " +
                           $"--log-dhcp --log-facility={Path.Combine(_work, "dnsmasq.log")} --pid-file={Path.Combine(_work, "dnsmasq.pid")}");
        var started = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(_work, "dnsmasq.pid")) && started.Elapsed < Patience) Thread.Sleep(50);
        Thread.Sleep(200);
    }

    private string DnsmasqLog => File.Exists(Path.Combine(_work, "dnsmasq.log")) ? File.ReadAllText(Path.Combine(_work, "dnsmasq.log")) : "(no log)";

    private string Leases => File.Exists(LeaseFile) ? File.ReadAllText(LeaseFile) : "";

    [RootFact]
    public void The_remote_pc_gets_its_address_from_the_lan_dhcp_server_renewed_while_the_sa_lives_and_released_after()
    {
        StartDnsmasq();
        using var gateway = _net.StartVpnGateway($"set vpn pool source dhcp-server {LanHostAddress}");
        using var peer = _net.StartRoadWarrior();

        var initiate = peer.Initiate(Patience);

        Assert.True(initiate.Succeeded, $"{gateway.Log}\n--- dnsmasq\n{DnsmasqLog}\n--- strongSwan\n{peer.Log}");
        string leased = peer.VirtualIp!;
        int last = int.Parse(leased.Split('.')[3]);
        Assert.StartsWith("198.18.0.", leased);
        Assert.InRange(last, 100, 150);
        // dnsmasq's lease file: "<expiry> <mac> <address> <name> <client-id>" — the client's name from option 12.
        string line = Assert.Single(Leases.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains($" {leased} "));
        Assert.Contains(" client ", line);
        long firstExpiry = long.Parse(line.Split(' ')[0]);
        // The LAN reaches the remote PC at the address dnsmasq handed out.
        var ping = _net.LanHost.Run($"ping -c 2 -i 0.2 -W 2 {leased}");
        Assert.True(ping.Succeeded, ping.StdOut + gateway.Log);

        // T1 of a 2-minute lease is after one minute: the relay renews with the server.
        gateway.WaitForLine($"{leased} renewed by the dhcp server for client@onlan.test", TimeSpan.FromSeconds(90));
        string renewed = Assert.Single(Leases.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains($" {leased} "));
        Assert.True(long.Parse(renewed.Split(' ')[0]) > firstExpiry, $"{line}\n{renewed}");

        Assert.True(peer.Terminate(Patience).Succeeded, peer.Log);
        gateway.WaitForLine($"released {leased} of client@onlan.test to the dhcp server", Patience);
        var deadline = Stopwatch.StartNew();
        while (Leases.Contains($" {leased} ") && deadline.Elapsed < Patience) Thread.Sleep(100);
        Assert.DoesNotContain($" {leased} ", Leases);
        Assert.Contains("DHCPRELEASE", DnsmasqLog);
    }

    [RootFact]
    public void Without_an_answer_from_the_dhcp_server_the_client_gets_internal_address_failure()
    {
        // No dnsmasq: every DISCOVER goes unanswered; the relay gives up after its last retransmission (~15 s).
        using var gateway = _net.StartVpnGateway($"set vpn pool source dhcp-server {LanHostAddress}");
        using var peer = _net.StartRoadWarrior();

        var initiate = peer.Initiate(TimeSpan.FromSeconds(60));

        Assert.False(initiate.Succeeded, peer.Log);
        Assert.Contains("INTERNAL_ADDRESS_FAILURE", peer.Log);
        gateway.WaitForLine("no answer from the dhcp server 198.18.0.10 for client@onlan.test", Patience);
    }
}
