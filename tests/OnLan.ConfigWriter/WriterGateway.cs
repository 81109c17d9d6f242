using OnLan.Cli;
using OnLan.Configuration;

namespace OnLan.ConfigWriter;

/// <summary>A gateway that only holds its configuration: the writer exercises the commit path, not the gateway.</summary>
internal sealed class WriterGateway(GatewayConfiguration running) : IGatewayControl
{
    public GatewayConfiguration Running { get; private set; } = running;

    public string? Apply(GatewayConfiguration candidate)
    {
        Running = candidate;
        return null;
    }

    public StatusReport Status() => new("writer", TimeSpan.Zero, true, true, 0, 0, 0, []);
    public IReadOnlyList<InterfaceReport> Interfaces() => [];
    public IReadOnlyList<SessionReport> Sessions() => [];
    public IReadOnlyList<LeaseReport> Leases() => [];
    public PoolReport Pool() => new("ranges", [], 0, 0, 0, 0, 0);
    public IReadOnlyList<string> RecentLog(int count) => [];
    public bool ClearSession(string id) => false;
    public int ResetPool() => 0;
    public string Version => "writer";

    public string? ClientProfile(string kind, string user, out string? error)
    {
        error = "no profiles in the writer";
        return null;
    }

    public string? RequestPki(string what, string? identity, out string? error)
    {
        error = "no pki in the writer";
        return null;
    }
}
