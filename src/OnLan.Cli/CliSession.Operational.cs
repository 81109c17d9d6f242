using System.Globalization;
using OnLan.Cli.Commands;
using OnLan.Cli.Formatting;
using OnLan.Cli.Statements;
using OnLan.Configuration;

namespace OnLan.Cli;

// Operational mode: what the gateway reports, formatted; and the few things it does on request.
public sealed partial class CliSession
{
    internal bool ShowStatus()
    {
        var status = Gateway.Status();
        _output.Append($"Hostname   {status.Hostname}\n");
        _output.Append($"Uptime     {Units.Duration(status.Uptime)}\n");
        _output.Append($"WAN        {(status.WanUp ? "up" : "down")}\n");
        _output.Append($"LAN        {(status.LanUp ? "up" : "down")}\n");
        _output.Append($"Sessions   {status.Sessions}\n");
        _output.Append($"Leases     {status.Leases} of {status.PoolCapacity}\n");
        if (Commits.ConfirmDeadline is { } deadline)
            _output.Append($"Commit     unconfirmed: rolled back at {Units.Time(deadline)} unless confirmed\n");
        if (status.Attention.Count == 0) _output.Append("Attention  none\n");
        foreach (var item in status.Attention) _output.Append($"Attention  {item}\n");
        return true;
    }

    internal bool ShowInterfaces()
    {
        var interfaces = Gateway.Interfaces();
        var table = new TextTable("ROLE", "PORT", "MAC", "ADDRESS", "LINK", "MTU");
        foreach (var port in interfaces)
            table.Add(port.Role, port.Port, port.Mac, port.Address, port.LinkUp ? "up" : "down", port.Mtu.ToString(CultureInfo.InvariantCulture));
        table.WriteTo(_output);

        // Counters side by side, one column per port: the names come from the gateway, in the order it gives them.
        var names = new List<string>();
        foreach (var port in interfaces)
            foreach (var counter in port.Counters)
                if (!names.Contains(counter.Key)) names.Add(counter.Key);
        if (names.Count == 0) return true;
        var counters = new TextTable(["COUNTER", .. interfaces.Select(p => p.Role.ToUpperInvariant())]);
        foreach (var name in names)
        {
            var row = new string[interfaces.Count + 1];
            row[0] = name;
            for (int i = 0; i < interfaces.Count; i++)
            {
                var found = interfaces[i].Counters.FirstOrDefault(c => c.Key == name);
                row[i + 1] = found.Key is null ? "-" : found.Value.ToString(CultureInfo.InvariantCulture);
            }
            counters.Add(row);
        }
        _output.Append('\n');
        counters.WriteTo(_output);
        return true;
    }

    internal bool ShowSessions()
    {
        var sessions = Gateway.Sessions();
        if (sessions.Count == 0)
        {
            _output.Append("No sessions.\n");
            return true;
        }
        var table = new TextTable("ID", "IDENTITY", "OUTER", "LEASED", "ALGORITHMS", "IN", "OUT", "UPTIME");
        foreach (var s in sessions)
            table.Add(s.Id, s.Identity, s.OuterAddress, s.LeasedAddress ?? "-", s.Algorithms, Units.Bytes(s.BytesIn), Units.Bytes(s.BytesOut),
                Units.Duration(s.Uptime));
        table.WriteTo(_output);
        return true;
    }

    internal bool ShowLeases()
    {
        var leases = Gateway.Leases();
        if (leases.Count == 0)
        {
            _output.Append("No leases.\n");
            return true;
        }
        var table = new TextTable("ADDRESS", "STATE", "IDENTITY", "SINCE", "UNTIL");
        foreach (var lease in leases)
            table.Add(lease.Address, lease.State, lease.Identity ?? "-", Units.Time(lease.Since), Units.Time(lease.Until));
        table.WriteTo(_output);
        return true;
    }

    internal bool ShowPool()
    {
        var pool = Gateway.Pool();
        _output.Append($"Source     {pool.Source}\n");
        if (pool.Ranges.Count == 0) _output.Append("Ranges     none\n");
        foreach (var range in pool.Ranges) _output.Append($"Range      {range}\n");
        _output.Append($"Capacity   {pool.Capacity}\n");
        _output.Append($"Leased     {pool.Leased}\n");
        _output.Append($"Held       {pool.Held}\n");
        _output.Append($"Conflicts  {pool.Conflicts}\n");
        _output.Append($"Exhausted  {pool.Exhausted} (times a client found no free address)\n");
        return true;
    }

    internal bool ShowLog(CommandInvocation invocation)
    {
        int count = NumberOr(invocation.Argument(0), CliCommands.LogLines, 50);
        foreach (var line in Gateway.RecentLog(count)) _output.Append(line).Append('\n');
        return true;
    }

    internal bool ShowConfig()
    {
        string text = ConfigurationWriter.Write(Gateway.Running);
        _output.Append(text.Length == 0 ? "# nothing configured\n" : Secrets.MaskText(text));
        return true;
    }

    internal bool ShowVersion()
    {
        _output.Append($"OnLan {Gateway.Version}\n");
        return true;
    }

    internal bool ShowClientProfile(string kind, CommandInvocation invocation)
    {
        string user = invocation.Argument(0)!;
        if (Gateway.ClientProfile(kind, user, out string? error) is not { } profile) return Fail(error ?? "no profile");
        _output.Append(profile.Replace("\r\n", "\n"));
        if (!profile.EndsWith('\n')) _output.Append('\n');
        return true;
    }

    internal bool RequestPki(string what, CommandInvocation invocation)
    {
        string? identity = what == "client" ? invocation.Argument(0) : null;
        if (Gateway.RequestPki(what, identity, out string? error) is not { } result) return Fail(error ?? "refused");
        _output.Append(result);
        if (!result.EndsWith('\n')) _output.Append('\n');
        return true;
    }

    internal bool ClearSession(CommandInvocation invocation)
    {
        string id = invocation.Argument(0)!;
        if (!Gateway.ClearSession(id)) return Fail($"no session has id '{id}' (see 'show sessions')");
        _output.Append($"session {id} cleared\n");
        return true;
    }

    // Interactive: asks first (the answer is the next line). A script cannot answer, so it must say 'confirm'.
    internal bool ResetPool(bool confirmed)
    {
        if (!confirmed)
        {
            if (Kind != CliSessionKind.Terminal)
                return Fail("'reset pool' asks before it acts: in a script or one-shot command, use 'reset pool confirm'");
            _question = new(ResetPoolQuestion, "y: reset the pool; anything else: leave it", () => ResetPool(confirmed: true), "pool left as it is\n");
            return true;
        }
        int ended = Gateway.ResetPool();
        _output.Append($"pool reset: {ended} session{(ended == 1 ? "" : "s")} ended, every lease freed\n");
        return true;
    }

    // `poweroff` / `reboot`: asks first at a terminal, as `reset pool` does (an abbreviation typed by mistake must not
    // take the board down); a script says 'confirm'.
    internal bool Shutdown(bool reboot, bool confirmed)
    {
        string word = reboot ? "reboot" : "poweroff";
        if (!confirmed)
        {
            if (Kind != CliSessionKind.Terminal)
                return Fail($"'{word}' asks before it acts: in a script or one-shot command, use '{word} confirm'");
            _question = new(reboot ? RebootQuestion : PowerOffQuestion, $"y: {word} now; anything else: stay up",
                () => Shutdown(reboot, confirmed: true), "nothing done\n");
            return true;
        }
        if (Gateway.Shutdown(reboot) is { } refused) return Fail(refused);
        _output.Append(reboot ? "the board restarts\n" : "the board powers off\n");
        return true;
    }

    private bool Answer(Question question, string answer)
    {
        string trimmed = answer.Trim();
        if (trimmed.Equals("y", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("yes", StringComparison.OrdinalIgnoreCase))
            return question.Yes();
        _output.Append(question.No);
        return true;
    }

    internal bool Configure()
    {
        Mode = CliMode.Configuration;
        StartCandidate();
        if (Commits.ConfirmDeadline is { } deadline)
            _output.Append($"note: a confirmed commit rolls back at {Units.Time(deadline)} unless you 'confirm' or 'commit'\n");
        return true;
    }

    internal bool ExitConsole()
    {
        IsClosed = true;
        return true;
    }

    internal bool RunOperational(CommandInvocation invocation)
    {
        var error = CommandResolver.Resolve(CliCommands.OperationalTree, this, invocation.Tokens, invocation.ArgumentStart, out var command, out int start);
        if (error is not null) return Fail(invocation.Line, error);
        if (command!.Run is null) return Fail(invocation.Line, new CliError(0, $"incomplete command '{command}'"));
        // An operational command run from configuration mode must not leave it (exit) or ask (reset pool).
        if (command.Words[0] is "exit" or "configure") return Fail($"'{command}' cannot be run from configuration mode");
        return command.Run(this, invocation with { ArgumentStart = start });
    }
}
