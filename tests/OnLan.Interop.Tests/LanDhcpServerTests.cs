using OnLan.Testing;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// `set service dhcp-server`: the gateway is the LAN's DHCP server, with its leases in the same pool and store as
/// the remote PCs'. Debian's udhcpc (busybox) is the LAN host's client; its script records what it got instead of
/// touching the host's files.
/// </summary>
public sealed class LanDhcpServerTests : IDisposable
{
    private const string DhcpServer = """
        set service dhcp-server range 198.18.0.100-198.18.0.109
        set service dhcp-server dns 198.18.0.53
        set service dhcp-server domain-name lan.onlan.test
        set service dhcp-server lease-time 600
        """;

    private readonly TwoPortTopology _net = new();
    private readonly string _work = Directory.CreateTempSubdirectory("onlan-udhcpc-").FullName;

    public void Dispose()
    {
        _net.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    // udhcpc calls its script with the lease in environment variables: keep them, and put the address on eth0.
    private Dictionary<string, string> RunClient()
    {
        string script = Path.Combine(_work, "record.sh");
        string record = Path.Combine(_work, "lease");
        File.WriteAllText(script, $"""
            #!/bin/sh
            if [ "$1" = bound ] || [ "$1" = renew ]; then
              echo "ip=$ip subnet=$subnet router=$router dns=$dns domain=$domain lease=$lease serverid=$serverid" > {record}
              ip addr add "$ip/24" dev "$interface" 2>/dev/null || true
            fi
            """.Replace("\r", ""));
        Shell.Run("chmod", ["700", script], TimeSpan.FromSeconds(5));
        File.Delete(record);
        var run = _net.LanHost.Run($"udhcpc -i eth0 -f -q -n -t 4 -T 2 -s {script}", TimeSpan.FromSeconds(30));
        Assert.True(run.Succeeded && File.Exists(record), $"udhcpc: {run.StdOut}\n{run.StdErr}");
        return File.ReadAllText(record).Trim().Split(' ').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
    }

    [RootFact]
    public void A_lan_host_gets_an_address_from_the_gateway_that_never_collides_with_the_remote_pcs_and_keeps_it()
    {
        string state = Directory.CreateTempSubdirectory("onlan-state-").FullName;
        try
        {
            string first;
            using (var gateway = GatewayProcess.Start(_net.Gateway, VpnConfiguration(DhcpServer), state))
            {
                gateway.WaitForLine("dhcp: serving the lan", Patience);
                var lease = RunClient();

                first = lease["ip"];
                Assert.InRange(int.Parse(first.Split('.')[3]), 100, 109);
                Assert.Equal("255.255.255.0", lease["subnet"]);
                Assert.Equal(GatewayLanAddress, lease["router"]);
                Assert.Equal("198.18.0.53", lease["dns"]);
                Assert.Equal("lan.onlan.test", lease["domain"]);
                Assert.Equal("600", lease["lease"]);
                Assert.Equal(GatewayLanAddress, lease["serverid"]);
                var ping = _net.LanHost.Run($"ping -c 2 -i 0.2 -W 2 -I {first} {GatewayLanAddress}");
                Assert.True(ping.Succeeded, ping.StdOut + gateway.Log);

                // A remote PC at the same time gets an address from the VPN scope of the same pool.
                using var peer = _net.StartRoadWarrior();
                Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
                Assert.StartsWith("198.18.0.2", peer.VirtualIp);
                Assert.NotEqual(first, peer.VirtualIp);
            }
            // One store holds both kinds of lease.
            string leases = File.ReadAllText(Path.Combine(state, "leases"));
            Assert.Contains($" {first} ", leases);
            Assert.Contains("client@onlan.test", leases);

            // After a restart the same host gets the same address again.
            _net.LanHost.Run($"ip addr del {first}/24 dev eth0");
            using (var gateway = GatewayProcess.Start(_net.Gateway, VpnConfiguration(DhcpServer), state))
            {
                gateway.WaitForLine("dhcp: serving the lan", Patience);
                Assert.Equal(first, RunClient()["ip"]);
            }
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
