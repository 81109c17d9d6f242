using OnLan.Configuration;

namespace OnLan.Cli.Tests;

/// <summary>A gateway that records what the console asks of it and reports what the test gave it.</summary>
internal sealed class FakeGateway(GatewayConfiguration running) : IGatewayControl
{
    public GatewayConfiguration Running { get; private set; } = running;

    public List<GatewayConfiguration> Applied { get; } = [];
    public List<string> Cleared { get; } = [];
    public int PoolResets { get; private set; }

    /// <summary>When set, Apply refuses with this reason.</summary>
    public string? RefuseWith { get; set; }

    public List<SessionReport> SessionList { get; } = [];
    public List<LeaseReport> LeaseList { get; } = [];
    public List<InterfaceReport> InterfaceList { get; } = [];
    public List<string> Log { get; } = [];

    public string? Apply(GatewayConfiguration candidate)
    {
        if (RefuseWith is not null) return RefuseWith;
        Applied.Add(candidate);
        Running = candidate;
        return null;
    }

    public StatusReport Status() => new("onlan-test", TimeSpan.FromHours(26.5), true, false, SessionList.Count, LeaseList.Count, 50, ["lan link is down"]);
    public IReadOnlyList<InterfaceReport> Interfaces() => InterfaceList;
    public IReadOnlyList<SessionReport> Sessions() => SessionList;
    public IReadOnlyList<LeaseReport> Leases() => LeaseList;
    public PoolReport Pool() => new("ranges", ["198.18.0.100-198.18.0.149"], 50, LeaseList.Count, 0, 0, 0);
    public IReadOnlyList<string> RecentLog(int count) => Log.TakeLast(count).ToList();

    public bool ClearSession(string id)
    {
        if (!SessionList.Exists(s => s.Id == id)) return false;
        Cleared.Add(id);
        return true;
    }

    public int ResetPool()
    {
        PoolResets++;
        return SessionList.Count;
    }

    public string Version => "1.2.3-test";

    public List<bool> Shutdowns { get; } = [];

    public string? Shutdown(bool reboot)
    {
        Shutdowns.Add(reboot);
        return null;
    }

    public List<(string Kind, string User)> ProfilesAsked { get; } = [];

    public string? ClientProfile(string kind, string user, out string? error)
    {
        ProfilesAsked.Add((kind, user));
        error = Running.Vpn.Users.ContainsKey(user) ? null : $"no user '{user}'";
        return error is null ? $"# {kind} profile for {user}\n" : null;
    }

    public string? RequestPki(string what, string? identity, out string? error)
    {
        error = null;
        return $"{what} {identity}".Trim() + " issued";
    }
}
