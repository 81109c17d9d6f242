using OnLan.Testing;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// The simulated board's button (lines appended to &lt;state&gt;/board-button) against the published gateway with a
/// strongSwan client connected: held 3 s → pool reset; held 10 s → the factory configuration, the old one kept.
/// The debouncing and hold times themselves are tested on fake time in OnLan.Board.Tests.
/// </summary>
public sealed class BoardButtonTests : IDisposable
{
    private readonly TwoPortTopology _net = new();

    public void Dispose() => _net.Dispose();

    private static void Button(GatewayProcess gateway, string action) =>
        File.AppendAllText(Path.Combine(gateway.StateDirectory, "board-button"), action + "\n");

    [RootFact]
    public void Holding_the_button_3_s_deletes_the_tunnels_and_frees_the_leases_and_the_client_can_reconnect()
    {
        using var gateway = _net.StartVpnGateway("set system board sim");
        gateway.WaitForLine("board: sim", Patience);
        using var peer = _net.StartRoadWarrior();
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
        string leased = peer.VirtualIp!;
        _net.LanHost.Run($"ping -c 1 -W 1 {leased}");
        Assert.Contains("lladdr", _net.LanHost.Run($"ip neigh show {leased} dev eth0").StdOut);

        Button(gateway, "press");
        gateway.WaitForLine("board: button held 3 s: pool reset", TimeSpan.FromSeconds(10));
        Button(gateway, "release");

        Assert.True(peer.WaitForLog("received DELETE for IKE_SA", Patience), peer.Log);
        gateway.WaitForLine("vpn: pool reset: 1 sessions ended", Patience);
        Assert.DoesNotContain("leased", gateway.Cli("show leases").StdOut);
        // The LAN no longer gets ARP answers for the address.
        _net.LanHost.Run("ip neigh flush dev eth0");
        _net.LanHost.Run($"ping -c 1 -W 1 {leased}");
        Assert.DoesNotContain("lladdr", _net.LanHost.Run($"ip neigh show {leased} dev eth0").StdOut);
        // The acknowledgement: the attention LED blinks.
        gateway.WaitForLine("[ATT ●]", Patience);
        // And the client comes back.
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
    }

    [RootFact]
    public void Holding_the_button_10_s_restores_the_factory_configuration_and_keeps_the_old_one()
    {
        using var gateway = _net.StartVpnGateway("set system board sim\nset vpn dhcp-option dns 198.18.0.77");
        gateway.WaitForLine("board: sim", Patience);
        string before = File.ReadAllText(gateway.ConfigPath);

        Button(gateway, "press");
        gateway.WaitForLine("board: button held 10 s: factory configuration", TimeSpan.FromSeconds(20));
        Button(gateway, "release");
        gateway.WaitForLine("board: factory configuration in force", Patience);

        string factory = File.ReadAllText(Path.Combine(Binaries.RepositoryRoot, "board", "sim", "factory.conf"));
        string now = File.ReadAllText(gateway.ConfigPath);
        Assert.DoesNotContain("198.18.0.77", now);
        Assert.Contains("set vpn user remote@onlan.test", now);
        Assert.Contains("set vpn user remote@onlan.test", factory);
        string backup = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(gateway.ConfigPath)!, Path.GetFileName(gateway.ConfigPath) + ".backup-*"));
        try
        {
            Assert.Equal(before, File.ReadAllText(backup));
        }
        finally
        {
            File.Delete(backup);
        }
        gateway.WaitForLine("config: committed", Patience);
    }

    [RootFact]
    public void The_ports_come_from_the_board_profile_when_the_configuration_names_none()
    {
        string withoutPorts = string.Join('\n', VpnConfiguration("set system board sim").Split('\n').Where(l => !l.Contains(" port ")));

        using var gateway = GatewayProcess.Start(_net.Gateway, withoutPorts);

        gateway.WaitForLine("wan: port wan0 up", Patience); // board/sim/board.conf: wan wan0, lan lan0
        gateway.WaitForLine("lan: port lan0 up", Patience);
        var ping = _net.LanHost.Run($"ping -c 1 -W 2 {GatewayLanAddress}");
        Assert.True(ping.Succeeded, ping.StdOut + gateway.Log);
    }
}
