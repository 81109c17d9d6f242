using OnLan.Configuration;

namespace OnLan.Cli;

/// <summary>
/// What the console asks of the running gateway. The console formats; the gateway only reports and acts. Every
/// member may be called from the console's thread (any thread): the gateway makes them safe.
/// </summary>
public interface IGatewayControl
{
    /// <summary>The configuration in force (what `show config` shows and what `configure` starts from).</summary>
    GatewayConfiguration Running { get; }

    /// <summary>
    /// Puts <paramref name="candidate"/> into force, touching only what changed (tunnels survive a change of DHCP
    /// options). Called after validation. Returns null on success, else why it could not be applied (nothing changed).
    /// </summary>
    string? Apply(GatewayConfiguration candidate);

    StatusReport Status();
    IReadOnlyList<InterfaceReport> Interfaces();
    IReadOnlyList<SessionReport> Sessions();
    IReadOnlyList<LeaseReport> Leases();
    PoolReport Pool();

    /// <summary>The most recent log lines, oldest first (at most <paramref name="count"/>).</summary>
    IReadOnlyList<string> RecentLog(int count);

    /// <summary>Ends a session (its IKE SA, with a Delete to the client); false when no session has that id.</summary>
    bool ClearSession(string id);

    /// <summary>The pool-reset button: every tunnel deleted, every lease freed; returns how many sessions ended.</summary>
    int ResetPool();

    string Version { get; }

    /// <summary>
    /// `poweroff` / `reboot`: asks the system to stop the gateway and halt or restart the board. Null when that is
    /// under way; else why not (not on a board: the gateway never shuts down the machine it was merely started on).
    /// </summary>
    string? Shutdown(bool reboot) => "poweroff and reboot are not available here";

    /// <summary>
    /// A client profile for <paramref name="user"/> and the configuration in force: <paramref name="kind"/> is
    /// windows (PowerShell), apple (.mobileconfig), android (strongSwan .sswan) or strongswan (swanctl.conf). Null,
    /// with <paramref name="error"/> saying why, when it cannot be made (unknown user, no certificate…).
    /// </summary>
    string? ClientProfile(string kind, string user, out string? error);

    /// <summary>
    /// `request pki …`: <paramref name="what"/> is "server" (re-issue the server certificate), "ca" (a new CA and
    /// server certificate) or "client" (a client certificate for <paramref name="identity"/>, returned as PEM).
    /// Returns what to show, or null with <paramref name="error"/>.
    /// </summary>
    string? RequestPki(string what, string? identity, out string? error);
}

public sealed record StatusReport(string Hostname, TimeSpan Uptime, bool WanUp, bool LanUp, int Sessions, int Leases,
    long PoolCapacity, IReadOnlyList<string> Attention);

public sealed record InterfaceReport(string Role, string Port, string Mac, string Address, bool LinkUp, int Mtu,
    IReadOnlyList<KeyValuePair<string, long>> Counters);

/// <param name="Id">Short stable id of the session (the IKE SA's responder SPI in hex) for `clear session`.</param>
public sealed record SessionReport(string Id, string Identity, string OuterAddress, string? LeasedAddress, string Algorithms,
    long BytesIn, long BytesOut, TimeSpan Uptime);

/// <param name="State">leased, held, conflict, probing (the pool's words).</param>
public sealed record LeaseReport(string Address, string State, string? Identity, DateTimeOffset? Since, DateTimeOffset? Until);

public sealed record PoolReport(string Source, IReadOnlyList<string> Ranges, long Capacity, int Leased, int Held, int Conflicts,
    long Exhausted);
