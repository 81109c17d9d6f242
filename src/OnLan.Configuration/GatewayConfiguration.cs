namespace OnLan.Configuration;

/// <summary>
/// The whole configuration of the gateway, immutable: a candidate is changed with <c>with</c>, validated, then
/// swapped in. Its text form is a list of <c>set</c> statements (see <see cref="ConfigurationParser"/>).
/// </summary>
public sealed record GatewayConfiguration
{
    public static GatewayConfiguration Empty { get; } = new();

    public InterfaceConfiguration Wan { get; init; } = InterfaceConfiguration.Unset;
    public InterfaceConfiguration Lan { get; init; } = InterfaceConfiguration.Unset;
    public VpnConfiguration Vpn { get; init; } = VpnConfiguration.Empty;
    public DhcpServerConfiguration DhcpServer { get; init; } = DhcpServerConfiguration.Empty;
    public SystemConfiguration System { get; init; } = SystemConfiguration.Empty;
    public NatConfiguration Nat { get; init; } = NatConfiguration.Empty;

    public InterfaceConfiguration this[PortRole role] => role == PortRole.Wan ? Wan : Lan;

    public GatewayConfiguration With(PortRole role, InterfaceConfiguration port) =>
        role == PortRole.Wan ? this with { Wan = port } : this with { Lan = port };
}

/// <summary>The box itself (<c>set system …</c>).</summary>
public sealed record SystemConfiguration
{
    public static SystemConfiguration Empty { get; } = new();

    /// <summary>The board profile (<c>set system board &lt;name&gt;</c>: board/&lt;name&gt;/board.conf); none: no LEDs, no button.</summary>
    public string? Board { get; init; }
}
