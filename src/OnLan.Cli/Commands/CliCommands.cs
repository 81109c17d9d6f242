namespace OnLan.Cli.Commands;

/// <summary>
/// The command table: every command of both modes, with its help and its argument. Completion, <c>?</c>, and what
/// runs are all read from it (through <see cref="CommandWord.Tree"/>). The configuration statements under <c>set</c>
/// and <c>delete</c> are not listed here: they come from the configuration schema.
/// </summary>
public static class CliCommands
{
    private const CliMode Operational = CliMode.Operational;
    private const CliMode Configuration = CliMode.Configuration;

    public static NumberArgument LogLines { get; } = new("<lines>", "How many of the latest lines (default 50)", 1, 1000, optional: true);
    public static NumberArgument ConfirmMinutes { get; } = new("<minutes>", "Minutes until the commit is rolled back unless confirmed", 1, 1440);
    public static NumberArgument RollbackNumber { get; } = new("<n>", "0: the newest commit, 1: the one before, …", 0, Storage.ConfigurationStore.HistoryDepth - 1);

    private static readonly CliCommand[] Commands =
    [
        CliCommand.Group("show", "Show the gateway's state", Operational),
        new("show status", "Uplinks, sessions, leases and what needs attention", Operational, (s, _) => s.ShowStatus()),
        new("show interfaces", "Ports with their counters", Operational, (s, _) => s.ShowInterfaces()),
        new("show sessions", "Remote PCs connected", Operational, (s, _) => s.ShowSessions()),
        new("show leases", "Addresses handed out, held and in conflict", Operational, (s, _) => s.ShowLeases()),
        new("show pool", "The address pool", Operational, (s, _) => s.ShowPool()),
        new("show log", "The latest log lines", Operational, (s, i) => s.ShowLog(i), LogLines),
        new("show config", "The configuration in force (secrets masked)", Operational, (s, _) => s.ShowConfig()),
        new("show version", "Firmware version", Operational, (s, _) => s.ShowVersion()),
        CliCommand.Group("show client-profile", "A ready-made client set-up for a user and this configuration", Operational),
        new("show client-profile windows", "PowerShell script for Windows' built-in IKEv2 client", Operational, (s, i) => s.ShowClientProfile("windows", i), new UserArgument()),
        new("show client-profile apple", "Configuration profile (.mobileconfig) for macOS and iOS", Operational, (s, i) => s.ShowClientProfile("apple", i), new UserArgument()),
        new("show client-profile android", "Profile (.sswan) for the strongSwan app on Android", Operational, (s, i) => s.ShowClientProfile("android", i), new UserArgument()),
        new("show client-profile strongswan", "swanctl.conf connection for strongSwan on Linux", Operational, (s, i) => s.ShowClientProfile("strongswan", i), new UserArgument()),
        CliCommand.Group("request", "Ask the gateway to make something", Operational),
        CliCommand.Group("request pki", "The gateway's own certificates", Operational),
        new("request pki server", "Re-issue the server certificate (WAN name and address)", Operational, (s, i) => s.RequestPki("server", i)),
        new("request pki ca", "A new CA and server certificate (client certificates must be re-issued)", Operational, (s, i) => s.RequestPki("ca", i)),
        new("request pki client", "Issue a client certificate for an identity (PEM certificate and key)", Operational, (s, i) => s.RequestPki("client", i), new UserArgument()),
        CliCommand.Group("clear", "End something", Operational),
        new("clear session", "End a session (its tunnel is deleted)", Operational, (s, i) => s.ClearSession(i), new SessionIdArgument()),
        CliCommand.Group("reset", "Start something afresh", Operational),
        new("reset pool", "End every session and free every lease (asks first)", Operational, (s, _) => s.ResetPool(confirmed: false)),
        new("reset pool confirm", "The same, without asking (for scripts)", Operational, (s, _) => s.ResetPool(confirmed: true)),
        new("poweroff", "Stop the gateway and power the board off (asks first)", Operational, (s, _) => s.Shutdown(reboot: false, confirmed: false)),
        new("poweroff confirm", "The same, without asking (for scripts)", Operational, (s, _) => s.Shutdown(reboot: false, confirmed: true)),
        new("reboot", "Stop the gateway and restart the board (asks first)", Operational, (s, _) => s.Shutdown(reboot: true, confirmed: false)),
        new("reboot confirm", "The same, without asking (for scripts)", Operational, (s, _) => s.Shutdown(reboot: true, confirmed: true)),
        new("configure", "Enter configuration mode", Operational, (s, _) => s.Configure()),
        new("exit", "Leave the console", Operational, (s, _) => s.ExitConsole()),

        new("set", "Set a configuration value", Configuration, (s, i) => s.Set(i), new StatementArgument(forDelete: false)),
        new("delete", "Remove configuration statements (everything under the path)", Configuration, (s, i) => s.Delete(i), new StatementArgument(forDelete: true)),
        new("show", "The changes not yet committed", Configuration, (s, _) => s.ShowCandidate()),
        new("commit", "Validate the changes and put them into force", Configuration, (s, _) => s.Commit(null)),
        new("commit confirmed", "Commit, rolled back after some minutes unless confirmed", Configuration, (s, i) => s.Commit(i), ConfirmMinutes),
        new("confirm", "Keep the configuration of a confirmed commit", Configuration, (s, _) => s.Confirm()),
        new("rollback", "Load an earlier commit into the candidate", Configuration, (s, i) => s.Rollback(i), RollbackNumber),
        new("discard", "Drop the changes not yet committed", Configuration, (s, _) => s.Discard()),
        new("exit", "Leave configuration mode", Configuration, (s, _) => s.ExitConfiguration(discard: false)),
        new("exit discard", "Leave configuration mode, dropping the changes", Configuration, (s, _) => s.ExitConfiguration(discard: true)),
    ];

    /// <summary>The operational commands (the <c>onlan&gt;</c> prompt).</summary>
    public static CommandWord OperationalTree { get; } = CommandWord.Tree(Commands, Operational);

    /// <summary>Every command, with <c>run</c> (an operational command from configuration mode).</summary>
    public static IReadOnlyList<CliCommand> All { get; } =
    [
        .. Commands,
        new("run", "Run an operational command", Configuration, (s, i) => s.RunOperational(i), new OperationalArgument(OperationalTree)),
    ];

    /// <summary>The configuration-mode commands (the <c>onlan#</c> prompt).</summary>
    public static CommandWord ConfigurationTree { get; } = CommandWord.Tree(All, Configuration);

    public static CommandWord Tree(CliMode mode) => mode == Configuration ? ConfigurationTree : OperationalTree;
}
