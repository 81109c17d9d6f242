using System.Text;
using OnLan.Configuration;

namespace OnLan.Cli.Tests;

public sealed class SessionTests : IDisposable
{
    private readonly TestConsole _console = new();

    public void Dispose() => _console.Dispose();

    [Fact]
    public void Configure_set_show_commit_applies_the_candidate_and_saves_it()
    {
        var session = _console.Session();
        session.Ok("configure");
        Assert.Equal(Commands.CliMode.Configuration, session.Mode);
        session.Ok("set vpn dhcp-option dns 198.18.0.11");
        session.Ok("set vpn pool range 198.18.0.150-198.18.0.159");
        Assert.Empty(_console.Gateway.Applied);

        string diff = session.Ok("show");
        Assert.Equal("+ set vpn pool range 198.18.0.150-198.18.0.159\n+ set vpn dhcp-option dns 198.18.0.11\n", diff);

        string commit = session.Ok("commit");
        Assert.Contains("commit complete (sequence 1)", commit);
        var applied = Assert.Single(_console.Gateway.Applied);
        Assert.Equal(["198.18.0.10", "198.18.0.11"], applied.Vpn.DnsServers.Select(a => a.ToString()));
        Assert.Equal(2, applied.Vpn.PoolRanges.Count);

        var stored = _console.Store.Load();
        Assert.Null(stored.Error);
        Assert.Equal(1, stored.Sequence);
        Assert.Equal(ConfigurationWriter.Write(applied), stored.Statements);
        Assert.Equal("no changes\n", session.Ok("show"));
    }

    [Fact]
    public void A_commit_from_a_candidate_older_than_another_sessions_commit_is_refused_and_changes_nothing()
    {
        var first = _console.ConfigurationSession();
        var second = _console.ConfigurationSession();
        first.Ok("set vpn dhcp-option dns 198.18.0.11");
        second.Ok("set vpn dhcp-option domain-name branch.onlan.test");
        Assert.Contains("commit complete (sequence 1)", second.Ok("commit"));
        string inForce = _console.RunningStatements;

        // The first candidate still holds the old domain: committing it would silently undo the second session's change.
        Assert.Contains("note: the configuration in force changed after this candidate began", first.Ok("show"));
        string refused = first.Refused("commit");
        Assert.Contains("error: commit refused, nothing changed", refused);
        Assert.Contains("another session's commit", refused);
        Assert.Equal(inForce, _console.RunningStatements);
        Assert.Single(_console.Gateway.Applied);
        Assert.Equal(1, _console.Store.Load().Sequence);

        // Starting again from the configuration in force, the same change commits, and both changes are kept.
        first.Ok("discard");
        first.Ok("set vpn dhcp-option dns 198.18.0.11");
        Assert.Contains("commit complete (sequence 2)", first.Ok("commit"));
        Assert.Contains("198.18.0.11", _console.RunningStatements);
        Assert.Contains("branch.onlan.test", _console.RunningStatements);
    }

    [Fact]
    public void A_session_with_no_changes_of_its_own_leaves_configuration_mode_after_another_sessions_commit()
    {
        var idle = _console.ConfigurationSession();
        var other = _console.ConfigurationSession();
        other.Ok("set vpn dhcp-option dns 198.18.0.11");
        other.Ok("commit");

        idle.Ok("exit");
        Assert.Equal(Commands.CliMode.Operational, idle.Mode);
    }

    [Fact]
    public void Abbreviated_keywords_are_accepted_when_unique()
    {
        var session = _console.ConfigurationSession();
        session.Ok("set vpn dhcp-o dns 198.18.0.11");
        Assert.Contains("set vpn dhcp-option dns 198.18.0.11\n", session.CandidateText());
        Assert.Contains("No sessions.", _console.Session().Ok("sh sess"));
    }

    [Fact]
    public void A_bad_value_is_refused_with_a_caret_under_it_and_nothing_changes()
    {
        var session = _console.ConfigurationSession();
        string before = session.CandidateText();
        string line = "set vpn dhcp-option dns 300.1.1.1";
        var output = session.Refused(line).Split('\n');
        Assert.StartsWith("error: invalid dns '300.1.1.1'", output[0]);
        Assert.Equal("  " + line, output[1]);
        Assert.Equal(output[1].IndexOf("300.1.1.1"), output[2].IndexOf('^'));
        Assert.Equal(output[2].TrimEnd().Length - 1, output[2].IndexOf('^'));
        Assert.Equal(before, session.CandidateText());
    }

    [Theory]
    [InlineData("set vpn pool rnge 198.18.0.1-198.18.0.2", "rnge", "unknown word")]
    [InlineData("set vpn d dns 198.18.0.11", "d", "ambiguous")]
    [InlineData("set  interfaces wan addres 10.0.0.0/24", "10.0.0.0/24", "not a usable host address")]
    [InlineData("set vpn dhcp-option dns 198.18.0.11 198.18.0.12", "198.18.0.12", "unexpected")]
    [InlineData("set vpn user \"bob smith\" pks abcdefgh", "pks", "unknown word")]
    [InlineData("set vpn user \"unclosed psk abcdefgh", "\"unclosed", "unclosed quote")]
    public void The_caret_points_at_the_offending_word(string line, string word, string reason)
    {
        var session = _console.ConfigurationSession();
        string before = session.CandidateText();
        var output = session.Refused(line).Split('\n');
        Assert.Contains(reason, output[0]);
        Assert.Equal(output[1].IndexOf(word, 2 + line.IndexOf(' ')), output[2].IndexOf('^'));
        Assert.Equal(before, session.CandidateText());
    }

    [Fact]
    public void A_missing_word_is_pointed_at_after_the_end_of_the_line()
    {
        var session = _console.ConfigurationSession();
        var output = session.Refused("set vpn dhcp-option dns").Split('\n');
        Assert.Contains("needs <a.b.c.d>", output[0]);
        Assert.Equal(output[1].Length + 1, output[2].IndexOf('^'));
    }

    [Fact]
    public void Commit_validates_the_whole_candidate_and_changes_nothing_when_it_fails()
    {
        var session = _console.ConfigurationSession();
        session.Ok("delete interfaces lan");
        string output = session.Refused("commit");
        Assert.Contains("'set interfaces lan port <ifname>' is missing", output);
        Assert.All(output.TrimEnd('\n').Split('\n'), line => Assert.StartsWith("error: ", line));
        Assert.Empty(_console.Gateway.Applied);
        Assert.Null(_console.Store.Load().Statements);
        Assert.Equal(TestConsole.RunningText, _console.RunningStatements);
    }

    [Fact]
    public void A_gateway_that_refuses_leaves_the_store_untouched()
    {
        _console.Gateway.RefuseWith = "port eth9 does not exist";
        var session = _console.ConfigurationSession();
        session.Ok("set interfaces lan port eth9");
        Assert.Contains("port eth9 does not exist", session.Refused("commit"));
        Assert.Null(_console.Store.Load().Statements);
        Assert.Contains("+ set interfaces lan port eth9", session.Ok("show")); // the candidate is kept to fix
    }

    [Fact]
    public void Delete_removes_everything_under_a_path_and_refuses_what_is_not_there()
    {
        var session = _console.ConfigurationSession();
        session.Ok("set vpn user bob@example.com psk bob-secret-22");
        session.Ok("delete vpn user alice@example.com");
        string text = session.CandidateText();
        Assert.DoesNotContain("alice", text);
        Assert.Contains("bob@example.com", text);

        string before = session.CandidateText();
        Assert.Contains("nothing is configured under 'vpn user carol@example.com'", session.Refused("delete vpn user carol@example.com"));
        Assert.Contains("nothing is configured", session.Refused("delete vpn dhcp-option dns 198.18.0.99"));
        Assert.Equal(before, session.CandidateText());

        session.Ok("delete vpn dhcp-option dns 198.18.0.10");
        Assert.DoesNotContain("dns", session.CandidateText());
        session.Ok("delete vpn");
        Assert.DoesNotContain("set vpn", session.CandidateText());
    }

    [Fact]
    public void Show_config_masks_secrets()
    {
        string output = _console.Session().Ok("show config");
        Assert.DoesNotContain(TestConsole.AliceSecret, output);
        Assert.Contains("set vpn user alice@example.com psk ********\n", output);
        Assert.Contains("set vpn dhcp-option dns 198.18.0.10\n", output);
    }

    [Fact]
    public void A_password_is_committed_as_its_nt_hash_and_never_shown()
    {
        var session = _console.ConfigurationSession();
        session.Ok("set vpn user bob@example.com password \"bob password 1\"");
        Assert.Equal("+ set vpn user bob@example.com nt-hash ********\n", session.Ok("show"));
        session.Ok("commit");

        string shown = _console.Session().Ok("show config");
        Assert.Contains("set vpn user bob@example.com nt-hash ********\n", shown);
        Assert.DoesNotContain(NtPasswordHash.Hex("bob password 1"), shown);
        string stored = File.ReadAllText(_console.Store.Path);
        Assert.DoesNotContain("bob password 1", stored);
        Assert.Contains($"set vpn user bob@example.com nt-hash {NtPasswordHash.Hex("bob password 1")}", stored);
    }

    [Fact]
    public void The_diff_masks_secrets_but_shows_that_they_changed()
    {
        var session = _console.ConfigurationSession();
        session.Ok("set vpn user alice@example.com psk a-new-secret-9");
        string diff = session.Ok("show");
        Assert.Equal("- set vpn user alice@example.com psk ********\n+ set vpn user alice@example.com psk ********\n", diff);
    }

    [Fact]
    public void A_refused_secret_is_not_echoed_and_the_caret_still_points_at_it()
    {
        var session = _console.ConfigurationSession();
        var output = session.Refused("set vpn user bob@example.com psk short!").Split('\n');
        Assert.DoesNotContain("short!", string.Join('\n', output));
        Assert.Contains("a secret has 8 to 128 characters", output[0]);
        Assert.Equal(output[1].IndexOf("********"), output[2].IndexOf('^'));
    }

    [Fact]
    public void Saved_files_hold_the_secret_with_mode_0600()
    {
        var session = _console.ConfigurationSession();
        session.Ok("set vpn dhcp-option dns 198.18.0.11");
        session.Ok("commit");
        Assert.Contains(TestConsole.AliceSecret, File.ReadAllText(_console.Store.Path));
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_console.Store.Path));
        foreach (var file in Directory.GetFiles(_console.Store.HistoryDirectory))
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public void Commit_confirmed_rolls_back_when_not_confirmed_in_time()
    {
        var session = _console.ConfigurationSession();
        session.Ok("set vpn dhcp-option dns 198.18.0.11");
        string output = session.Ok("commit confirmed 5");
        Assert.Contains("rolled back at 2025-05-01 12:05:00 UTC", output);
        Assert.Contains("198.18.0.11", _console.RunningStatements);

        _console.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Contains("198.18.0.11", _console.RunningStatements);
        Assert.Empty(_console.Notices);

        _console.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TestConsole.RunningText, _console.RunningStatements);
        Assert.Contains("not confirmed in time", Assert.Single(_console.Notices));
        var stored = _console.Store.Load();
        Assert.Equal(2, stored.Sequence);
        Assert.Equal(TestConsole.RunningText, stored.Statements);
        Assert.Null(_console.Commits.ConfirmDeadline);
    }

    [Theory]
    [InlineData("confirm")]
    [InlineData("commit")]
    public void Commit_confirmed_stays_when_confirmed(string confirmation)
    {
        var session = _console.ConfigurationSession();
        session.Ok("set vpn dhcp-option dns 198.18.0.11");
        session.Ok("commit confirmed 5");
        _console.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Contains("rollback is cancelled", session.Ok(confirmation));
        _console.Time.Advance(TimeSpan.FromHours(1));
        Assert.Contains("198.18.0.11", _console.RunningStatements);
        Assert.Empty(_console.Notices);
        Assert.Single(_console.Gateway.Applied);
    }

    [Fact]
    public void A_second_confirmed_commit_still_rolls_back_to_before_the_first()
    {
        var session = _console.ConfigurationSession();
        session.Ok("set vpn dhcp-option dns 198.18.0.11");
        session.Ok("commit confirmed 5");
        session.Ok("set vpn dhcp-option dns 198.18.0.12");
        session.Ok("commit confirmed 5");
        _console.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(TestConsole.RunningText, _console.RunningStatements);
    }

    [Fact]
    public void Rollback_loads_an_earlier_commit_into_the_candidate()
    {
        var session = _console.ConfigurationSession();
        foreach (var dns in new[] { "198.18.0.11", "198.18.0.12", "198.18.0.13" })
        {
            session.Ok($"set vpn dhcp-option dns {dns}");
            session.Ok("commit");
        }
        string output = session.Ok("rollback 2");
        Assert.Contains("sequence 1", output);
        Assert.Equal("- set vpn dhcp-option dns 198.18.0.12\n- set vpn dhcp-option dns 198.18.0.13\n", session.Ok("show"));
        Assert.Equal(3, _console.Gateway.Applied.Count); // only loaded, not applied
        session.Ok("commit");
        Assert.EndsWith("set vpn dhcp-option dns 198.18.0.11\nset vpn user alice@example.com psk alice-secret-1\n", _console.RunningStatements);
        Assert.Equal(4, _console.Store.Load().Sequence);
        Assert.Equal("no changes\n", session.Ok("rollback 0") is not null ? session.Ok("show") : "");
        Assert.Contains("there is no commit 5", session.Refused("rollback 5"));
    }

    [Fact]
    public void Discard_and_exit_discard_drop_the_changes_and_exit_refuses_to_lose_them()
    {
        var session = _console.ConfigurationSession();
        session.Ok("set vpn dhcp-option dns 198.18.0.11");
        Assert.Contains("uncommitted changes", session.Refused("exit"));
        Assert.Equal(Commands.CliMode.Configuration, session.Mode);
        session.Ok("discard");
        Assert.Equal(TestConsole.RunningText, session.CandidateText());
        session.Ok("set vpn dhcp-option dns 198.18.0.11");
        session.Ok("exit discard");
        Assert.Equal(Commands.CliMode.Operational, session.Mode);
        Assert.Null(session.Candidate);
        Assert.Empty(_console.Gateway.Applied);
    }

    [Fact]
    public void A_terminal_session_shows_prompts_the_edit_line_and_redraws_after_help()
    {
        var session = CliSession.ForTerminal(_console.Commits);
        string start = Encoding.UTF8.GetString(session.Start());
        Assert.EndsWith("onlan> ", start);
        string text = Feed(session, "conf\t\r");
        Assert.Equal("configure \r\n[edit]\r\nonlan# ", text); // "conf" echoed, "igure " by Tab
        text = Feed(session, "set vpn dhcp-option dns ?");
        Assert.Contains("?\r\nPossible completions:\r\n  <a.b.c.d>", text);
        Assert.EndsWith("\r" + "onlan# set vpn dhcp-option dns \x1b[K", text);
        text = Feed(session, "198.18.0.11\rshow\r");
        Assert.Contains("\r\n+ set vpn dhcp-option dns 198.18.0.11\r\n[edit]\r\nonlan# ", text);
        text = Feed(session, "commit\rexit\r");
        Assert.Contains("commit complete (sequence 1)\r\n", text);
        Assert.EndsWith("\r\nonlan> ", text);
        Feed(session, "exit\r");
        Assert.True(session.IsClosed);
        Assert.Equal(0, session.ExitCode);
    }

    [Fact]
    public void Ctrl_D_on_an_empty_line_closes_a_terminal_session()
    {
        var session = CliSession.ForTerminal(_console.Commits);
        session.Start();
        Feed(session, "\x04");
        Assert.True(session.IsClosed);
    }

    [Fact]
    public void A_script_stops_at_the_first_error_with_a_non_zero_exit_code()
    {
        var session = _console.Session();
        string output = Encoding.UTF8.GetString(session.Feed("show version\nconfigure\nset vpn dhcp-option dns 198.18.0.11\nbogus line\ncommit\n"u8));
        Assert.True(session.IsClosed);
        Assert.Equal(1, session.ExitCode);
        Assert.StartsWith("OnLan 1.2.3-test\n", output);
        Assert.Contains("error: unknown command 'bogus'", output);
        Assert.DoesNotContain("\r", output);
        Assert.DoesNotContain("onlan>", output);
        Assert.Empty(_console.Gateway.Applied);
    }

    [Fact]
    public void A_script_runs_every_line_including_the_last_without_a_line_end()
    {
        var session = _console.Session();
        session.Feed("configure\r\nset vpn dhcp-option dns 198.18.0.11\r\n"u8);
        string output = Encoding.UTF8.GetString(session.EndOfInput()) ;
        Assert.Empty(_console.Gateway.Applied);
        session = _console.Session();
        session.Feed("configure\nset vpn dhcp-option dns 198.18.0.11\n"u8);
        output = Encoding.UTF8.GetString(session.EndOfInput());
        Assert.Equal("", output);
        session = _console.Session();
        session.Feed("configure\nset vpn dhcp-option dns 198.18.0.11\ncommit"u8);
        output = Encoding.UTF8.GetString(session.EndOfInput());
        Assert.Contains("commit complete", output);
        Assert.Equal(0, session.ExitCode);
        Assert.Single(_console.Gateway.Applied);
    }

    [Fact]
    public void One_shot_commands_return_their_output_and_exit_code()
    {
        Assert.Equal(0, CliSession.RunOnce(_console.Commits, "show version", out string output));
        Assert.Equal("OnLan 1.2.3-test\n", output);
        Assert.Equal(1, CliSession.RunOnce(_console.Commits, "show nonsense", out output));
        Assert.StartsWith("error: unknown word 'nonsense'", output);
    }

    [Fact]
    public void Reset_pool_asks_at_a_terminal_and_wants_confirm_in_a_script()
    {
        var terminal = CliSession.ForTerminal(_console.Commits);
        terminal.Start();
        string text = Feed(terminal, "reset pool\r");
        Assert.EndsWith("[y/N] ", text);
        Assert.Contains("pool left as it is", Feed(terminal, "\r"));
        Assert.Equal(0, _console.Gateway.PoolResets);
        Feed(terminal, "reset pool\r");
        Assert.Contains("pool reset: 0 sessions ended", Feed(terminal, "y\r"));
        Assert.Equal(1, _console.Gateway.PoolResets);

        Assert.Contains("reset pool confirm", _console.Session().Refused("reset pool"));
        _console.Session().Ok("reset pool confirm");
        Assert.Equal(2, _console.Gateway.PoolResets);
    }

    [Fact]
    public void Poweroff_and_reboot_ask_at_a_terminal_and_want_confirm_in_a_script()
    {
        var terminal = CliSession.ForTerminal(_console.Commits);
        terminal.Start();
        Assert.EndsWith("[y/N] ", Feed(terminal, "poweroff\r"));
        Assert.Contains("nothing done", Feed(terminal, "n\r"));
        Assert.Empty(_console.Gateway.Shutdowns);
        Feed(terminal, "reboot\r");
        Assert.Contains("the board restarts", Feed(terminal, "y\r"));
        Assert.Equal([true], _console.Gateway.Shutdowns);

        Assert.Contains("poweroff confirm", _console.Session().Refused("poweroff"));
        _console.Session().Ok("poweroff confirm");
        Assert.Equal([true, false], _console.Gateway.Shutdowns);
    }

    [Fact]
    public void Clear_session_ends_a_session_or_says_there_is_none()
    {
        _console.Gateway.SessionList.Add(new SessionReport("c0ffee01", "bob@example.com", "192.0.2.7:4500", "198.18.0.101", "AES-GCM-256", 1, 2, TimeSpan.FromMinutes(3)));
        var session = _console.Session();
        session.Ok("clear session c0ffee01");
        Assert.Equal(["c0ffee01"], _console.Gateway.Cleared);
        Assert.Contains("no session has id 'beef'", session.Refused("clear session beef"));
    }

    [Fact]
    public void Show_sessions_is_an_aligned_table()
    {
        _console.Gateway.SessionList.Add(new SessionReport("c0ffee01", "bob@example.com", "192.0.2.7:4500", "198.18.0.101", "AES-GCM-256/PRF-SHA256/ECP256", 1536, 5 * 1024 * 1024, TimeSpan.FromMinutes(63)));
        _console.Gateway.SessionList.Add(new SessionReport("0a", "a@b", "192.0.2.99:61000", null, "AES-CBC-128", 10, 20, TimeSpan.FromDays(2.5)));
        var lines = _console.Session().Ok("show sessions").TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        foreach (var header in new[] { "IDENTITY", "OUTER", "LEASED", "ALGORITHMS", "IN", "OUT", "UPTIME" })
        {
            int column = lines[0].IndexOf(header + " ") is >= 0 and var i ? i : lines[0].IndexOf(header);
            Assert.All(lines[1..], line => Assert.NotEqual(' ', line[column]));
            Assert.All(lines[1..], line => Assert.Equal(' ', line[column - 1]));
        }
        Assert.Contains("1.5 KiB", lines[1]);
        Assert.Contains("5.0 MiB", lines[1]);
        Assert.Contains("1h03m00s", lines[1]);
        Assert.Contains("2d12h00m", lines[2]);
        Assert.Contains(" - ", lines[2]); // no leased address
    }

    [Fact]
    public void Show_interfaces_lists_ports_and_their_counters_side_by_side()
    {
        _console.Gateway.InterfaceList.Add(new InterfaceReport("wan", "eth0", "02:00:00:00:00:01", "203.0.113.2/24", true, 1500,
            [new("rx-packets", 1200), new("tx-packets", 900)]));
        _console.Gateway.InterfaceList.Add(new InterfaceReport("lan", "eth1", "02:00:00:00:00:02", "198.18.0.1/24", false, 1500,
            [new("rx-packets", 77), new("arp-replies", 5)]));
        string output = _console.Session().Ok("show interfaces");
        Assert.Contains("ROLE  PORT  MAC                ADDRESS         LINK  MTU\n", output);
        Assert.Contains("lan   eth1  02:00:00:00:00:02  198.18.0.1/24   down  1500\n", output);
        Assert.Contains("COUNTER      WAN   LAN\n", output);
        Assert.Contains("rx-packets   1200  77\n", output);
        Assert.Contains("arp-replies  -     5\n", output);
    }

    [Fact]
    public void Other_operational_commands_report_what_the_gateway_says()
    {
        _console.Gateway.LeaseList.Add(new LeaseReport("198.18.0.100", "leased", "bob@example.com", _console.Time.GetUtcNow(), null));
        _console.Gateway.Log.AddRange(["one", "two", "three"]);
        var session = _console.Session();
        Assert.Contains("Attention  lan link is down", session.Ok("show status"));
        Assert.Contains("198.18.0.100  leased  bob@example.com  2025-05-01 12:00:00Z  -", session.Ok("show leases"));
        Assert.Contains("Range      198.18.0.100-198.18.0.149", session.Ok("show pool"));
        Assert.Equal("two\nthree\n", session.Ok("show log 2"));
        Assert.Contains("not a number from 1 to 1000", session.Refused("show log 0"));
        Assert.Contains("No sessions.", session.Ok("show sessions"));
    }

    [Fact]
    public void Run_gives_operational_commands_in_configuration_mode()
    {
        var session = _console.ConfigurationSession();
        Assert.Equal("OnLan 1.2.3-test\n", session.Ok("run show version"));
        Assert.Contains("cannot be run from configuration mode", session.Refused("run configure"));
        Assert.Equal(Commands.CliMode.Configuration, session.Mode);
    }

    private static string Feed(CliSession session, string keys) => Encoding.UTF8.GetString(session.Feed(Encoding.UTF8.GetBytes(keys)));
}
