using OnLan.Wire;

namespace OnLan.Configuration;

/// <summary>
/// Every configuration statement, as one tree of keywords ending in typed values. The file parser, the console's
/// completion and help, and <see cref="ConfigurationWriter"/> all read this one table.
/// </summary>
public static class ConfigurationSchema
{
    public static KeywordNode Root { get; } = new("set", "Set a configuration value",
    [
        new KeywordNode("interfaces", "Ethernet ports",
        [
            PortNode(PortRole.Wan, "Uplink port (towards the internet and the remote PCs)"),
            PortNode(PortRole.Lan, "Port of the local network"),
        ]),
    ]);

    private static KeywordNode PortNode(PortRole role, string help) => new(role.Keyword(), help,
    [
        new ValueNode("port", "Linux interface the port owns", ValueKinds.InterfaceName,
            read: c => c[role].Port,
            apply: (c, v) => c.With(role, c[role] with { Port = (string)v })),
        new ValueNode("address", "The gateway's address and prefix length on this port", ValueKinds.Prefix,
            read: c => c[role].Address?.ToString(),
            apply: (c, v) => c.With(role, c[role] with { Address = (Ipv4Prefix)v })),
        new ValueNode("gateway", "Next-hop router for destinations off this port's segment", ValueKinds.Address,
            read: c => c[role].Gateway?.ToString(),
            apply: (c, v) => c.With(role, c[role] with { Gateway = (Ipv4Address)v })),
    ]);
}

/// <summary>A node of <see cref="ConfigurationSchema"/>: a keyword with a help text.</summary>
public abstract class SchemaNode(string keyword, string help)
{
    public string Keyword { get; } = keyword;
    public string Help { get; } = help;
}

/// <summary>A keyword followed by one of its children.</summary>
public sealed class KeywordNode(string keyword, string help, IReadOnlyList<SchemaNode> children) : SchemaNode(keyword, help)
{
    public IReadOnlyList<SchemaNode> Children { get; } = children;

    public SchemaNode? Find(string word)
    {
        foreach (var child in Children)
            if (child.Keyword == word) return child;
        return null;
    }
}

/// <summary>A keyword followed by exactly one value of <see cref="Kind"/>; the leaf of a statement.</summary>
public sealed class ValueNode(
    string keyword, string help, ValueKind kind,
    Func<GatewayConfiguration, string?> read,
    Func<GatewayConfiguration, object, GatewayConfiguration> apply) : SchemaNode(keyword, help)
{
    public ValueKind Kind { get; } = kind;

    /// <summary>The value's text in <paramref name="configuration"/>, or null when unset.</summary>
    public string? Read(GatewayConfiguration configuration) => read(configuration);

    public GatewayConfiguration Apply(GatewayConfiguration configuration, object value) => apply(configuration, value);
}
