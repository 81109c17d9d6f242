using OnLan.Testing;

namespace OnLan.Interop.Tests;

/// <summary>`make demo`, the README's main command, does what it says: connect the remote PC and ping both ways.</summary>
public class DemoTests
{
    [RootFact]
    public void Demo_connects_the_remote_pc_and_pings_the_lan_host_and_back()
    {
        var script = Path.Combine(Binaries.RepositoryRoot, "board", "sim", "demo.sh");
        _ = Binaries.Native; // the demo runs the published binary: fail clearly when it is missing

        var run = Shell.Run("env", ["DEMO_WAIT=0", "bash", script], TimeSpan.FromSeconds(120));

        Assert.True(run.Succeeded, run.StdOut + run.StdErr);
        Assert.Contains("processing INTERNAL_IP4_NETMASK attribute", run.StdOut);
        Assert.Contains("processing INTERNAL_DNS_DOMAIN attribute", run.StdOut);
        Assert.Contains("installing new virtual IP 198.18.0.200", run.StdOut);
        Assert.Equal(2, run.StdOut.Split("3 packets transmitted, 3 received, 0% packet loss").Length - 1);
        Assert.Matches(@"[0-9a-f]{16}\s+remote@onlan\.test\s+\S+\s+198\.18\.0\.200", run.StdOut); // show sessions
        Assert.Contains("board: [PWR ●] [WAN ●] [VPN ●]", run.StdOut);                               // the simulated LEDs
        Assert.DoesNotContain("onlan-demo", Shell.Run("ip", ["netns", "list"], TimeSpan.FromSeconds(10)).StdOut);
    }
}
