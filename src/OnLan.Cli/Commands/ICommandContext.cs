using OnLan.Configuration;

namespace OnLan.Cli.Commands;

/// <summary>What arguments look at to check and complete themselves: the configuration being edited and the gateway's sessions.</summary>
public interface ICommandContext
{
    /// <summary>The candidate in configuration mode, else the running configuration.</summary>
    GatewayConfiguration Configuration { get; }

    IReadOnlyList<SessionReport> Sessions();
}
