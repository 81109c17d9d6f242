using System.Text.RegularExpressions;
using OnLan.Testing;
using OnLan.Testing.Ike;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// The console against the published gateway: `onlan cli` on a real pseudo-terminal (Tab, ?), as a script and as a
/// one-shot command; a commit that changes only DHCP options leaves the connected client's tunnel up.
/// </summary>
public sealed partial class ConsoleTests : IDisposable
{
    private readonly TwoPortTopology _net = new();

    public void Dispose() => _net.Dispose();

    [RootFact]
    public void An_interactive_session_on_a_pseudo_terminal_completes_with_tab_and_explains_with_question_mark()
    {
        using var gateway = _net.StartVpnGateway();
        gateway.WaitForLine("console: `onlan cli` attaches", Patience);

        var (ok, transcript) = PtySession.Run(
        [
            ("", "onlan> "),
            ("sh\t", "show "),          // a unique prefix completes
            ("ver\t", "version"),
            ("\r", "onlan> "),
            ("show ?", "sessions"),      // ? lists what may follow, with help
            ("\u0015configure\r", "onlan# "),
            ("set vpn dhcp-option ?", "domain-search"),
            ("\u0015set vpn dhcp-option dns 198.18.0.300\r", "error: "),
            ("exit\r", "onlan> "),
            ("exit\r", ""),
        ], Binaries.Native, "cli", "--socket", gateway.SocketPath);

        Assert.True(ok, transcript);
        Assert.Contains($"({System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier})", transcript); // show version
        Assert.Matches(@"sessions\s+\S", transcript); // the help names the word and says what it is
        Assert.Contains("^", transcript);              // the caret under the bad address
        Assert.DoesNotContain("198.18.0.300", Running(gateway));
    }

    [RootFact]
    public void A_terminal_session_editing_a_candidate_is_told_of_another_sessions_commit_and_cannot_undo_it()
    {
        using var gateway = _net.StartVpnGateway();
        gateway.WaitForLine("console: `onlan cli` attaches", Patience);
        // Another console commits every half second (a fresh DNS address each time) until the terminal is done
        // (bounded: 60 commits), so one lands while it edits however slowly it starts on a loaded machine.
        using var done = new CancellationTokenSource();
        var committing = Task.Run(async () =>
        {
            for (int i = 1; i <= 60 && !done.IsCancellationRequested; i++)
            {
                gateway.Cli(input: $"configure\nset vpn dhcp-option dns 198.18.0.{100 + i}\ncommit\n");
                await Task.Delay(500);
            }
        });

        var (ok, transcript) = PtySession.Run(
        [
            ("", "onlan> "),
            ("configure\r", "onlan# "),
            ("", "note: another session committed (sequence"),
            ("commit\r", "error: commit refused, nothing changed"),
            ("exit discard\r", "onlan> "),
            ("exit\r", ""),
        ], Binaries.Native, "cli", "--socket", gateway.SocketPath);
        done.Cancel();
        committing.Wait(TimeSpan.FromSeconds(30));

        Assert.True(ok, transcript);
        Assert.Contains("another session's commit or a rollback", transcript);
    }

    private static string Running(GatewayProcess gateway) => gateway.Cli("show config").StdOut;

    [RootFact]
    public void A_commit_that_changes_only_the_dns_option_keeps_the_connected_tunnel_up()
    {
        using var gateway = _net.StartVpnGateway("set vpn user second@onlan.test psk \"a second pre-shared key\"");
        using var peer = _net.StartRoadWarrior();
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
        string before = LiveSpis().Match(peer.ListSas()).Value;
        Assert.NotEmpty(before);

        var commit = gateway.Cli(input: "configure\nset vpn dhcp-option dns 198.18.0.99\ncommit\nexit\n");

        Assert.True(commit.Succeeded, $"{commit.StdOut}\n{commit.StdErr}\n{gateway.Log}");
        gateway.WaitForLine("applied live, tunnels kept", Patience);
        Assert.Equal(before, LiveSpis().Match(peer.ListSas()).Value);
        var ping = _net.WanPeer.Run($"ping -c 3 -i 0.2 -W 2 {LanHostAddress}");
        Assert.True(ping.Succeeded, ping.StdOut + gateway.Log);
        // The change is in force for the next client, and in the saved file.
        using var second = UdpIkeClient.Connect(_net.WanPeer, WanPeerAddress, GatewayWanAddress, "second@onlan.test", "a second pre-shared key", Patience);
        Assert.Contains(new OnLan.Wire.Ipv4Address(198, 18, 0, 99), second.Initiator.DnsServers);
        Assert.Contains("set vpn dhcp-option dns 198.18.0.99", File.ReadAllText(gateway.ConfigPath));
    }

    [RootFact]
    public void One_shot_commands_answer_and_a_script_stops_at_its_first_error_changing_nothing()
    {
        using var gateway = _net.StartVpnGateway();
        using var peer = _net.StartRoadWarrior();
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);

        var sessions = gateway.Cli("show sessions");
        Assert.True(sessions.Succeeded, sessions.StdOut + sessions.StdErr);
        Assert.Contains("client@onlan.test", sessions.StdOut);
        Assert.Contains(peer.VirtualIp!, sessions.StdOut);
        string saved = File.ReadAllText(gateway.ConfigPath);

        var script = gateway.Cli(input: "configure\nset vpn dhcp-option dns 198.18.0.77\nset vpn bogus 1\ncommit\n");

        Assert.NotEqual(0, script.ExitCode);
        Assert.Contains("error: ", script.StdOut + script.StdErr);
        Assert.Equal(saved, File.ReadAllText(gateway.ConfigPath));
        Assert.DoesNotContain("198.18.0.77", Running(gateway));
        Assert.DoesNotContain(Psk, Running(gateway)); // secrets are masked
    }

    [RootFact]
    public void Show_commands_report_the_running_gateway_and_clear_session_and_reset_pool_end_tunnels()
    {
        using var gateway = _net.StartVpnGateway();
        using var peer = _net.StartRoadWarrior();
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
        string leased = peer.VirtualIp!;

        string interfaces = gateway.Cli("show interfaces").StdOut;
        Assert.Contains("wan0", interfaces);
        Assert.Contains("lan0", interfaces);
        Assert.Contains("198.18.0.1/24", interfaces);
        Assert.Contains(leased, gateway.Cli("show leases").StdOut);
        Assert.Contains("198.18.0.200-198.18.0.220", gateway.Cli("show pool").StdOut);
        Assert.Contains("vpn: IKEv2 responder", gateway.Cli("show log").StdOut);
        Assert.Contains("1", gateway.Cli("show status").StdOut);

        // clear session: the client's tunnel ends (it gets a Delete), its lease is released.
        string id = SessionId().Match(gateway.Cli("show sessions").StdOut).Value;
        Assert.NotEmpty(id);
        var clear = gateway.Cli($"clear session {id}");
        Assert.True(clear.Succeeded, clear.StdOut + clear.StdErr);
        gateway.WaitForLine("ended (DeletedByUs)", Patience);
        Assert.True(peer.WaitForLog("received DELETE for IKE_SA", Patience), peer.Log);
        Assert.NotEqual(0, gateway.Cli("clear session 0123456789abcdef").ExitCode);

        // reset pool: every session ends, every lease is freed.
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
        var reset = gateway.Cli("reset pool confirm");
        Assert.True(reset.Succeeded, reset.StdOut + reset.StdErr);
        gateway.WaitForLine("vpn: pool reset: 1 sessions ended", Patience);
        Assert.DoesNotContain("leased", gateway.Cli("show leases").StdOut);
    }

    [GeneratedRegex(@"\b[0-9a-f]{16}\b")]
    private static partial Regex SessionId();

    [GeneratedRegex(@"([0-9a-f]{16})_i\*? ([0-9a-f]{16})_r")]
    private static partial Regex LiveSpis();
}

/// <summary>The client profiles the console prints, used by real clients: strongSwan loads its swanctl.conf and connects.</summary>
public sealed class ClientProfileTests : IDisposable
{
    private readonly TwoPortTopology _net = new();

    public void Dispose() => _net.Dispose();

    [RootFact]
    public void The_generated_swanctl_profile_connects_strongswan_and_gets_a_lan_address()
    {
        using var gateway = _net.StartVpnGateway();
        var profile = gateway.Cli("show client-profile strongswan client@onlan.test");
        Assert.True(profile.Succeeded, profile.StdOut + profile.StdErr + gateway.Log);
        var name = System.Text.RegularExpressions.Regex.Match(profile.StdOut, @"connections \{\s*(\S+) \{");
        var child = System.Text.RegularExpressions.Regex.Match(profile.StdOut, @"children \{\s*(\S+) \{");
        Assert.True(name.Success && child.Success, profile.StdOut);

        using var peer = OnLan.Testing.StrongSwan.StrongSwanPeer.StartWithSwanctlConf(_net.WanPeer, profile.StdOut, name.Groups[1].Value,
            child.Groups[1].Value, WanPeerAddress, GatewayWanAddress);
        var initiate = peer.Initiate(Patience);

        Assert.True(initiate.Succeeded, $"{profile.StdOut}\n{initiate.StdOut}\n{gateway.Log}\n{peer.Log}");
        Assert.StartsWith("198.18.0.2", peer.VirtualIp);
        var ping = _net.WanPeer.Run($"ping -c 2 -i 0.2 -W 2 {LanHostAddress}");
        Assert.True(ping.Succeeded, ping.StdOut + gateway.Log);
    }

    [RootFact]
    public void The_apple_profile_parses_as_a_plist_and_the_windows_script_names_only_accepted_proposals()
    {
        using var gateway = _net.StartVpnGateway();

        var apple = gateway.Cli("show client-profile apple client@onlan.test");
        Assert.True(apple.Succeeded, apple.StdOut + apple.StdErr);
        var plist = System.Xml.Linq.XDocument.Parse(apple.StdOut, System.Xml.Linq.LoadOptions.None);
        Assert.Equal("plist", plist.Root!.Name.LocalName);
        string text = plist.ToString();
        foreach (string key in (string[])["PayloadContent", "IKEv2", "RemoteAddress", "RemoteIdentifier", "LocalIdentifier", "AuthenticationMethod", "com.apple.vpn.managed"])
            Assert.Contains(key, text);
        Assert.Contains("gw.onlan.test", text);

        var windows = gateway.Cli("show client-profile windows client@onlan.test");
        Assert.True(windows.Succeeded, windows.StdOut + windows.StdErr);
        Assert.Contains("Add-VpnConnection", windows.StdOut);
        Assert.Contains("Set-VpnConnectionIPsecConfiguration", windows.StdOut);
        Assert.DoesNotContain(Psk, windows.StdOut); // Windows' IKEv2 client has no PSK: the script says so instead
        // The proposal words name only what the gateway accepts (checked in depth in OnLan.Provisioning.Tests).
        Assert.DoesNotContain("DES3", windows.StdOut);
        Assert.DoesNotContain("Group2 ", windows.StdOut);
    }
}

/// <summary>
/// The console on the gateway's own terminal (`--console`, the serial port under systemd) and the configuration file
/// surviving a kill -9 in the middle of commits: the gateway starts again with the old or the new configuration.
/// </summary>
public sealed class SerialConsoleTests : IDisposable
{
    private readonly TwoPortTopology _net = new();
    private readonly string _state = Directory.CreateTempSubdirectory("onlan-serial-").FullName;

    public void Dispose()
    {
        _net.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    [RootFact]
    public void The_cli_runs_on_the_gateways_own_terminal_and_a_new_session_starts_after_exit()
    {
        string config = Path.Combine(_state, "onlan.conf");
        File.WriteAllText(config, VpnConfiguration());

        var (ok, transcript) = PtySession.Run(
        [
            ("", "onlan> "),
            ("show ver\r", "onlan "),
            ("show interfaces\r", "lan0"),
            ("exit\r", "onlan> "),               // like a getty: the next session greets at once
            ("configure\r", "onlan# "),
            ("set vpn dhcp-option dns 198.18.0.98\r", "onlan# "),
            ("commit\r", "onlan# "),
            ("exit\r", "onlan> "),
        ], "ip", "netns", "exec", _net.Gateway.Name, Binaries.Native, "--config", config, "--state", _state,
            "--socket", Path.Combine(_state, "cli.sock"), "--console");

        Assert.True(ok, transcript);
        Assert.Contains("set vpn dhcp-option dns 198.18.0.98", File.ReadAllText(config));
    }

    [RootFact]
    public void After_kill_9_in_the_middle_of_commits_the_gateway_starts_with_the_old_or_the_new_configuration()
    {
        string config = Path.Combine(_state, "onlan.conf");
        File.WriteAllText(config, VpnConfiguration());
        var random = new Random(7);
        for (int round = 0; round < 5; round++)
        {
            string dns = $"198.18.0.{60 + round}";
            using (var gateway = GatewayProcess.Start(_net.Gateway, File.ReadAllText(config), _state))
            {
                gateway.WaitForLine("console: `onlan cli` attaches", Patience);
                string before = File.ReadAllText(gateway.ConfigPath);
                var commit = Task.Run(() => gateway.Cli(input: $"configure\nset vpn dhcp-option dns {dns}\ncommit\n"));
                Thread.Sleep(random.Next(0, 40));
                gateway.Signal(9);
                commit.Wait(Patience);
                string after = File.ReadAllText(gateway.ConfigPath);
                // Old or new, never a mix: either the file is untouched or it is a complete console-written one.
                Assert.True(after == before || (after.Contains($"dns {dns}") && after.Contains("# sha256 ")), after);
                File.WriteAllText(config, after);
            }
            // The gateway starts with what was left.
            using (var again = GatewayProcess.Start(_net.Gateway, File.ReadAllText(config), _state))
            {
                again.WaitForLine("console: `onlan cli` attaches", Patience);
                string shown = again.Cli("show config").StdOut;
                Assert.Contains("set vpn local-id gw.onlan.test", shown);
            }
        }
    }
}
