using System.Collections.Immutable;
using OnLan.Wire;

namespace OnLan.Configuration;

/// <summary>
/// Every configuration statement, as one tree of keywords ending in typed values. The file parser, the console's
/// completion and help, and <see cref="ConfigurationWriter"/> all read this one table.
/// </summary>
/// <remarks>
/// A path is keywords (<see cref="KeywordNode"/>), user-chosen names (<see cref="TagNode"/>, e.g. a user's identity)
/// and a leaf (<see cref="ValueNode"/>) with one or more typed values. Leaves marked repeatable build lists:
/// each <c>set</c> adds one entry.
/// </remarks>
public static class ConfigurationSchema
{
    public static KeywordNode Root { get; } = new("set", "Set a configuration value",
    [
        new KeywordNode("interfaces", "Ethernet ports",
        [
            PortNode(PortRole.Wan, "Uplink port (towards the internet and the remote PCs)"),
            PortNode(PortRole.Lan, "Port of the local network"),
        ]),
        new KeywordNode("vpn", "IKEv2 remote access",
        [
            Single("local-id", "The gateway's IKE identity (FQDN, user@domain or address)", ValueKinds.Identity,
                c => c.Vpn.LocalId, (c, v) => Vpn(c, c.Vpn with { LocalId = (string)v[0] })),
            new ValueNode("certificate", "The gateway's certificate and private key (PEM files)", [ValueKinds.FilePath, ValueKinds.FilePath], repeatable: false,
                read: (c, _) => c.Vpn.CertificatePath is { } cert ? [[cert, c.Vpn.KeyPath!]] : [],
                apply: (c, _, v) => Vpn(c, c.Vpn with { CertificatePath = (string)v[0], KeyPath = (string)v[1] })),
            Single("ca", "CA certificate that issues client certificates (PEM file)", ValueKinds.FilePath,
                c => c.Vpn.CaPath, (c, v) => Vpn(c, c.Vpn with { CaPath = (string)v[0] })),
            new KeywordNode("pool", "Addresses for remote PCs, inside the LAN segment",
            [
                Repeatable("range", "A range of addresses, first-last", ValueKinds.Range,
                    c => c.Vpn.PoolRanges.Select(r => r.ToString()), (c, v) => Vpn(c, c.Vpn with { PoolRanges = AddOnce(c.Vpn.PoolRanges, (Ipv4Range)v[0]) })),
                Repeatable("exclude", "An address, or a range first-last, never handed out", ValueKinds.AddressOrRange,
                    c => c.Vpn.PoolExclusions.Select(r => r.ToShortString()),
                    (c, v) => Vpn(c, c.Vpn with { PoolExclusions = AddOnce(c.Vpn.PoolExclusions, (Ipv4Range)v[0]) })),
                Single("release-grace", "Seconds an address stays reserved for its user after the tunnel goes (0: none)", ValueKinds.SecondsOrZero,
                    c => c.Vpn.PoolReleaseGraceSeconds == VpnConfiguration.DefaultPoolReleaseGraceSeconds ? null : c.Vpn.PoolReleaseGraceSeconds.ToString(),
                    (c, v) => Vpn(c, c.Vpn with { PoolReleaseGraceSeconds = (int)v[0] })),
                Single("conflict-hold", "Seconds an address found in use on the lan stays out of the pool", ValueKinds.Seconds,
                    c => c.Vpn.PoolConflictHoldSeconds == VpnConfiguration.DefaultPoolConflictHoldSeconds ? null : c.Vpn.PoolConflictHoldSeconds.ToString(),
                    (c, v) => Vpn(c, c.Vpn with { PoolConflictHoldSeconds = (int)v[0] })),
                new KeywordNode("source", "Where remote PCs' addresses come from, instead of the ranges",
                [
                    Single("dhcp-server", "A DHCP server on the lan that leases them", ValueKinds.Address,
                        c => c.Vpn.PoolDhcpServer?.ToString(), (c, v) => Vpn(c, c.Vpn with { PoolDhcpServer = (Ipv4Address)v[0] })),
                ]),
            ]),
            new KeywordNode("dhcp-option", "Configuration handed to remote PCs",
            [
                Repeatable("dns", "DNS server", ValueKinds.Address,
                    c => c.Vpn.DnsServers.Select(a => a.ToString()), (c, v) => Vpn(c, c.Vpn with { DnsServers = AddOnce(c.Vpn.DnsServers, (Ipv4Address)v[0]) })),
                Repeatable("netbios-ns", "NetBIOS name server (WINS)", ValueKinds.Address,
                    c => c.Vpn.NetbiosServers.Select(a => a.ToString()), (c, v) => Vpn(c, c.Vpn with { NetbiosServers = AddOnce(c.Vpn.NetbiosServers, (Ipv4Address)v[0]) })),
                Single("domain-name", "DNS domain of the LAN", ValueKinds.DomainName,
                    c => c.Vpn.DomainName, (c, v) => Vpn(c, c.Vpn with { DomainName = (string)v[0] })),
                Single("subnet-mask", "Subnet mask (default: the lan segment's)", ValueKinds.Netmask,
                    c => c.Vpn.SubnetMask?.ToString(), (c, v) => Vpn(c, c.Vpn with { SubnetMask = (Ipv4Address)v[0] })),
                Repeatable("router", "Router, in order of preference (default: the gateway's lan address)", ValueKinds.Address,
                    c => c.Vpn.Routers.Select(a => a.ToString()), (c, v) => Vpn(c, c.Vpn with { Routers = AddOnce(c.Vpn.Routers, (Ipv4Address)v[0]) })),
                Repeatable("domain-search", "DNS search domain, searched in order", ValueKinds.DomainName,
                    c => c.Vpn.DomainSearch, (c, v) => Vpn(c, c.Vpn with { DomainSearch = AddOnce(c.Vpn.DomainSearch, (string)v[0]) })),
                // A tag so that the next hop is optional: "classless-routes <net>" alone routes via the gateway.
                new TagNode("classless-routes", "A route for remote PCs (RFC 3442), via the gateway's lan address unless next-hop", ValueKinds.Network,
                    instances: c => c.Vpn.ClasslessRoutes.Select(r => r.Destination.ToString()),
                    children:
                    [
                        new ValueNode("next-hop", "Router on the lan for this route", [ValueKinds.Address], repeatable: false,
                            read: (c, tags) => c.Vpn.ClasslessRoutes.Find(r => r.Destination.ToString() == tags[0]) is { NextHop: { } hop } ? [[hop.ToString()]] : [],
                            apply: (c, tags, v) => Vpn(c, c.Vpn with { ClasslessRoutes = SetRoute(c.Vpn.ClasslessRoutes, tags[0], (Ipv4Address)v[0]) })),
                    ],
                    applyAlone: (c, tags) => Vpn(c, c.Vpn with { ClasslessRoutes = SetRoute(c.Vpn.ClasslessRoutes, tags[0], null) })),
                Single("lease-time", "Lease time in seconds (default: the IKE SA lifetime)", ValueKinds.Seconds,
                    c => c.Vpn.LeaseTimeSeconds?.ToString(), (c, v) => Vpn(c, c.Vpn with { LeaseTimeSeconds = (int)v[0] })),
            ]),
            Repeatable("split-network", "Another network reached through the tunnel (besides the LAN segment)", ValueKinds.Network,
                c => c.Vpn.SplitNetworks.Select(n => n.ToString()), (c, v) => Vpn(c, c.Vpn with { SplitNetworks = AddOnce(c.Vpn.SplitNetworks, (Ipv4Prefix)v[0]) })),
            new TagNode("user", "A remote user, by IKE identity", ValueKinds.Identity,
                instances: c => c.Vpn.Users.Keys,
                children:
                [
                    new ValueNode("psk", "Pre-shared key of this user", [ValueKinds.Secret], repeatable: false,
                        read: (c, tags) => c.Vpn.Users.TryGetValue(tags[0], out var user) && user.PreSharedKey is { } psk ? [[psk]] : [],
                        apply: (c, tags, v) => Vpn(c, c.Vpn with { Users = c.Vpn.Users.SetItem(tags[0], User(c, tags[0]) with { PreSharedKey = (string)v[0] }) })),
                    // Write-only: the password becomes its NT hash when the statement is read, and the hash is what
                    // is written back (the "nt-hash" statement below).
                    new ValueNode("password", "Password of this user, for EAP-MSCHAPv2 (Windows, macOS/iOS and Android's built-in clients); stored as its NT hash", [ValueKinds.Secret], repeatable: false,
                        read: (_, _) => [],
                        apply: (c, tags, v) => Vpn(c, c.Vpn with { Users = c.Vpn.Users.SetItem(tags[0], User(c, tags[0]) with { NtHash = NtPasswordHash.Hex((string)v[0]) }) })),
                    new ValueNode("nt-hash", "NT hash of this user's password (what `password` is stored as)", [ValueKinds.NtHash], repeatable: false,
                        read: (c, tags) => c.Vpn.Users.TryGetValue(tags[0], out var user) && user.NtHash is { } hash ? [[hash]] : [],
                        apply: (c, tags, v) => Vpn(c, c.Vpn with { Users = c.Vpn.Users.SetItem(tags[0], User(c, tags[0]) with { NtHash = (string)v[0] }) })),
                ]),
            new KeywordNode("eap", "EAP login methods besides user passwords (EAP-MSCHAPv2)",
            [
                Single("tls", "EAP-TLS: login with a client certificate from the vpn ca (default: the gateway's own)", ValueKinds.Switch,
                    c => c.Vpn.EapTls ? "enable" : null, (c, v) => Vpn(c, c.Vpn with { EapTls = (bool)v[0] })),
            ]),
            new KeywordNode("radius", "EAP logins passed through to RADIUS servers on the lan, instead of the users' passwords",
            [
                new TagNode("server", "A RADIUS server, by address: the first configured is the primary, the next takes over when it is silent",
                    ValueKinds.Address,
                    instances: c => c.Vpn.RadiusServers.Select(r => r.Address.ToString()),
                    children:
                    [
                        new ValueNode("secret", "The secret shared with this server", [ValueKinds.Secret], repeatable: false,
                            read: (c, tags) => RadiusServer(c, tags[0]) is { Secret: { } secret } ? [[secret]] : [],
                            apply: (c, tags, v) => Vpn(c, c.Vpn with { RadiusServers = SetRadiusServer(c, tags[0], r => r with { Secret = (string)v[0] }) })),
                        new ValueNode("port", "UDP port of this server (default 1812)", [ValueKinds.Port], repeatable: false,
                            read: (c, tags) => RadiusServer(c, tags[0]) is { } server && server.Port != VpnRadiusServer.DefaultPort ? [[server.Port.ToString()]] : [],
                            apply: (c, tags, v) => Vpn(c, c.Vpn with { RadiusServers = SetRadiusServer(c, tags[0], r => r with { Port = (ushort)v[0] }) })),
                    ]),
                Single("timeout", "Seconds before a request is sent to a server again, doubled each time (default 1)", ValueKinds.RadiusTimeout,
                    c => c.Vpn.RadiusTimeoutSeconds == VpnConfiguration.DefaultRadiusTimeoutSeconds ? null : c.Vpn.RadiusTimeoutSeconds.ToString(),
                    (c, v) => Vpn(c, c.Vpn with { RadiusTimeoutSeconds = (int)v[0] })),
                Single("retries", "Times a request is sent to a server again before the next server is asked (default 2)", ValueKinds.RadiusRetries,
                    c => c.Vpn.RadiusRetries == VpnConfiguration.DefaultRadiusRetries ? null : c.Vpn.RadiusRetries.ToString(),
                    (c, v) => Vpn(c, c.Vpn with { RadiusRetries = (int)v[0] })),
            ]),
            new KeywordNode("legacy", "Algorithms kept only for old clients",
            [
                Single("modp1024", "MODP-1024 (group 2), Windows' built-in default", ValueKinds.Switch,
                    c => c.Vpn.LegacyModp1024 ? "enable" : null, (c, v) => Vpn(c, c.Vpn with { LegacyModp1024 = (bool)v[0] })),
            ]),
            Single("lifetime", "IKE SA lifetime in seconds: the lease time of a remote PC's address", ValueKinds.Seconds,
                c => c.Vpn.LifetimeSeconds == VpnConfiguration.DefaultLifetimeSeconds ? null : c.Vpn.LifetimeSeconds.ToString(),
                (c, v) => Vpn(c, c.Vpn with { LifetimeSeconds = (int)v[0] })),
            Single("child-lifetime", "Seconds a Child SA may live without a rekey by the client", ValueKinds.Seconds,
                c => c.Vpn.ChildLifetimeSeconds?.ToString(), (c, v) => Vpn(c, c.Vpn with { ChildLifetimeSeconds = (int)v[0] })),
            Single("child-lifetime-bytes", "Bytes a Child SA may carry each way (soft limit at 90 %)", ValueKinds.Bytes,
                c => c.Vpn.ChildLifetimeBytes?.ToString(), (c, v) => Vpn(c, c.Vpn with { ChildLifetimeBytes = (long)v[0] })),
            Single("dpd-interval", "Seconds of silence before a liveness check (0: never)", ValueKinds.SecondsOrZero,
                c => c.Vpn.DpdIntervalSeconds == 30 ? null : c.Vpn.DpdIntervalSeconds.ToString(),
                (c, v) => Vpn(c, c.Vpn with { DpdIntervalSeconds = (int)v[0] })),
        ]),
        new KeywordNode("system", "The box itself",
        [
            Single("board", "Board profile: which ports, LEDs and button (board/<name>/board.conf)", ValueKinds.BoardName,
                c => c.System.Board, (c, v) => c with { System = c.System with { Board = (string)v[0] } }),
        ]),
        new KeywordNode("nat", "Address translation between the lan and the wan",
        [
            Single("lan", "Lan hosts reach the internet from the gateway's wan address", ValueKinds.Switch,
                c => c.Nat.Enabled ? "enable" : null, (c, v) => c with { Nat = c.Nat with { Enabled = (bool)v[0] } }),
            Single("max-flows", "Connections tracked at most; the longest idle is evicted first (default 65536)", ValueKinds.FlowCount,
                c => c.Nat.MaxFlows == NatConfiguration.DefaultMaxFlows ? null : c.Nat.MaxFlows.ToString(System.Globalization.CultureInfo.InvariantCulture),
                (c, v) => c with { Nat = c.Nat with { MaxFlows = (int)v[0] } }),
            // Three values on one repeatable leaf: "forward tcp 8080 198.18.0.10:80". A tag cannot hold the protocol
            // and the port both, and the pair is what identifies a forward.
            new ValueNode("forward", "Send a wan port on to a lan host (repeatable)", [ValueKinds.Protocol, ValueKinds.Port, ValueKinds.AddressAndPort],
                repeatable: true,
                read: (c, _) => c.Nat.Forwards.Select(f => new[] { f.Protocol.Keyword(), f.WanPort.ToString(), $"{f.LanAddress}:{f.LanPort}" }),
                apply: (c, _, v) => c with { Nat = c.Nat with { Forwards = AddOnce(c.Nat.Forwards, Forward(v)) } },
                check: CheckForward),
        ]),
        new KeywordNode("service", "Services the gateway offers on the lan",
        [
            new KeywordNode("dhcp-server", "DHCP for the lan's own hosts, from the same lease store as the vpn pool",
            [
                Repeatable("range", "A range of addresses leased to lan hosts, first-last", ValueKinds.Range,
                    c => c.DhcpServer.Ranges.Select(r => r.ToString()),
                    (c, v) => Dhcp(c, c.DhcpServer with { Ranges = AddOnce(c.DhcpServer.Ranges, (Ipv4Range)v[0]) })),
                Repeatable("exclude", "An address, or a range first-last, never leased", ValueKinds.AddressOrRange,
                    c => c.DhcpServer.Exclusions.Select(r => r.ToShortString()),
                    (c, v) => Dhcp(c, c.DhcpServer with { Exclusions = AddOnce(c.DhcpServer.Exclusions, (Ipv4Range)v[0]) })),
                Single("lease-time", "Lease time in seconds (default 86400)", ValueKinds.Seconds,
                    c => c.DhcpServer.LeaseTimeSeconds == DhcpServerConfiguration.DefaultLeaseTimeSeconds ? null : c.DhcpServer.LeaseTimeSeconds.ToString(),
                    (c, v) => Dhcp(c, c.DhcpServer with { LeaseTimeSeconds = (int)v[0] })),
                Repeatable("dns", "DNS server, in order of preference (default: the vpn dhcp-option dns servers)", ValueKinds.Address,
                    c => c.DhcpServer.DnsServers.Select(a => a.ToString()),
                    (c, v) => Dhcp(c, c.DhcpServer with { DnsServers = AddOnce(c.DhcpServer.DnsServers, (Ipv4Address)v[0]) })),
                Single("domain-name", "DNS domain handed to lan hosts", ValueKinds.DomainName,
                    c => c.DhcpServer.DomainName, (c, v) => Dhcp(c, c.DhcpServer with { DomainName = (string)v[0] })),
                Single("router", "Router handed to lan hosts (default: the gateway's lan address)", ValueKinds.Address,
                    c => c.DhcpServer.Router?.ToString(), (c, v) => Dhcp(c, c.DhcpServer with { Router = (Ipv4Address)v[0] })),
            ]),
        ]),
    ]);

    private static KeywordNode PortNode(PortRole role, string help) => new(role.Keyword(), help,
    [
        Single("port", "Linux interface the port owns", ValueKinds.InterfaceName,
            c => c[role].Port, (c, v) => c.With(role, c[role] with { Port = (string)v[0] })),
        role == PortRole.Wan
            // "address dhcp" and "address a.b.c.d/len" are one leaf: the later statement replaces the earlier one.
            ? Single("address", "The gateway's address and prefix length on this port, or dhcp to lease it from the ISP", ValueKinds.PrefixOrDhcp,
                c => c[role].AddressFromDhcp ? ValueKinds.Dhcp : c[role].Address?.ToString(),
                (c, v) => c.With(role, v[0] is Ipv4Prefix address
                    ? c[role] with { Address = address, AddressFromDhcp = false }
                    : c[role] with { Address = null, AddressFromDhcp = true }))
            : Single("address", "The gateway's address and prefix length on this port", ValueKinds.Prefix,
                c => c[role].Address?.ToString(), (c, v) => c.With(role, c[role] with { Address = (Ipv4Prefix)v[0] })),
        Single("gateway", role == PortRole.Wan
                ? "Next-hop router for destinations off this port's segment (with address dhcp: instead of the lease's)"
                : "Next-hop router for destinations off this port's segment", ValueKinds.Address,
            c => c[role].Gateway?.ToString(), (c, v) => c.With(role, c[role] with { Gateway = (Ipv4Address)v[0] })),
    ]);

    private static ValueNode Single(string keyword, string help, ValueKind kind, Func<GatewayConfiguration, string?> read,
        Func<GatewayConfiguration, object[], GatewayConfiguration> apply) =>
        new(keyword, help, [kind], repeatable: false,
            read: (c, _) => read(c) is { } value ? [[value]] : [],
            apply: (c, _, v) => apply(c, v));

    private static ValueNode Repeatable(string keyword, string help, ValueKind kind, Func<GatewayConfiguration, IEnumerable<string>> read,
        Func<GatewayConfiguration, object[], GatewayConfiguration> apply) =>
        new(keyword, help, [kind], repeatable: true,
            read: (c, _) => read(c).Select(value => new[] { value }),
            apply: (c, _, v) => apply(c, v));

    private static GatewayConfiguration Vpn(GatewayConfiguration configuration, VpnConfiguration vpn) => configuration with { Vpn = vpn };

    private static VpnUser User(GatewayConfiguration configuration, string name) =>
        configuration.Vpn.Users.TryGetValue(name, out var user) ? user : new VpnUser(PreSharedKey: null);

    private static VpnRadiusServer? RadiusServer(GatewayConfiguration configuration, string address) =>
        configuration.Vpn.RadiusServers.Find(r => r.Address.ToString() == address);

    // One entry per address, kept where it was first configured (the order is the failover order).
    private static ImmutableList<VpnRadiusServer> SetRadiusServer(GatewayConfiguration configuration, string address, Func<VpnRadiusServer, VpnRadiusServer> change)
    {
        var servers = configuration.Vpn.RadiusServers;
        int index = servers.FindIndex(r => r.Address.ToString() == address);
        if (index >= 0) return servers.SetItem(index, change(servers[index]));
        Ipv4Address.TryParse(address, out var parsed); // the tag was parsed by ValueKinds.Address: always succeeds
        return servers.Add(change(new VpnRadiusServer(parsed, VpnRadiusServer.DefaultPort, Secret: null)));
    }

    private static GatewayConfiguration Dhcp(GatewayConfiguration configuration, DhcpServerConfiguration server) => configuration with { DhcpServer = server };

    private static NatForward Forward(object[] values)
    {
        var (address, port) = ((Ipv4Address, ushort))values[2];
        return new NatForward((NatProtocol)values[0], (ushort)values[1], address, port);
    }

    // Refused at the statement, so the error points at the wan port: the IKE ports, and a port already forwarded
    // elsewhere (the same forward again changes nothing, as for every repeatable leaf).
    private static (int ValueIndex, string Reason)? CheckForward(GatewayConfiguration configuration, object[] values)
    {
        var forward = Forward(values);
        if (NatConfiguration.IsReservedForIke(forward.Protocol, forward.WanPort))
            return (1, $"udp {forward.WanPort} is the IKE responder's and cannot be forwarded");
        foreach (var other in configuration.Nat.Forwards)
            if (other.Protocol == forward.Protocol && other.WanPort == forward.WanPort && other != forward)
                return (1, $"{forward.Protocol.Keyword()} {forward.WanPort} is already forwarded to {other.LanAddress}:{other.LanPort} " +
                    $"(delete 'nat forward {other}' first)");
        return null;
    }

    private static ImmutableList<T> AddOnce<T>(ImmutableList<T> list, T item) => list.Contains(item) ? list : list.Add(item);

    // One route per destination: a later statement for the same network replaces its next hop in place.
    private static ImmutableList<VpnClasslessRoute> SetRoute(ImmutableList<VpnClasslessRoute> routes, string destination, Ipv4Address? nextHop)
    {
        Ipv4Prefix.TryParse(destination, out var network); // the tag was parsed by ValueKinds.Network: always succeeds
        var route = new VpnClasslessRoute(network, nextHop);
        int index = routes.FindIndex(r => r.Destination == network);
        return index < 0 ? routes.Add(route) : routes.SetItem(index, route);
    }
}

/// <summary>A node of <see cref="ConfigurationSchema"/>: a keyword with a help text.</summary>
public abstract class SchemaNode(string keyword, string help)
{
    public string Keyword { get; } = keyword;
    public string Help { get; } = help;
}

/// <summary>A keyword followed by one of its children.</summary>
public class KeywordNode(string keyword, string help, IReadOnlyList<SchemaNode> children) : SchemaNode(keyword, help)
{
    public IReadOnlyList<SchemaNode> Children { get; } = children;

    public SchemaNode? Find(string word)
    {
        foreach (var child in Children)
            if (child.Keyword == word) return child;
        return null;
    }
}

/// <summary>
/// A keyword followed by a name the user chooses (of <see cref="NameKind"/>, kept as its canonical text), then one
/// of the children — or nothing, when the node can stand alone (<c>applyAlone</c> given): then the statement ends
/// with the name, and the writer writes it so for an instance none of the children has anything to say about.
/// </summary>
public sealed class TagNode(string keyword, string help, ValueKind nameKind, Func<GatewayConfiguration, IEnumerable<string>> instances,
    IReadOnlyList<SchemaNode> children,
    Func<GatewayConfiguration, IReadOnlyList<string>, GatewayConfiguration>? applyAlone = null) : KeywordNode(keyword, help, children)
{
    public ValueKind NameKind { get; } = nameKind;

    /// <summary>The names configured under this node.</summary>
    public IEnumerable<string> Instances(GatewayConfiguration configuration) => instances(configuration);

    /// <summary>True when a statement may end right after the name.</summary>
    public bool CanStandAlone => applyAlone is not null;

    /// <summary>Applies the statement that ends with the name; only when <see cref="CanStandAlone"/>.</summary>
    public GatewayConfiguration ApplyAlone(GatewayConfiguration configuration, IReadOnlyList<string> tags) =>
        applyAlone is null ? throw new InvalidOperationException($"'{Keyword} <name>' needs more words") : applyAlone(configuration, tags);
}

/// <summary>
/// A keyword followed by its values, one per <see cref="Kinds"/> entry; the leaf of a statement. A repeatable leaf
/// holds a list: each statement adds one entry.
/// </summary>
public sealed class ValueNode(
    string keyword, string help, IReadOnlyList<ValueKind> kinds, bool repeatable,
    Func<GatewayConfiguration, IReadOnlyList<string>, IEnumerable<string[]>> read,
    Func<GatewayConfiguration, IReadOnlyList<string>, object[], GatewayConfiguration> apply,
    Func<GatewayConfiguration, object[], (int ValueIndex, string Reason)?>? check = null) : SchemaNode(keyword, help)
{
    /// <summary>
    /// A rule over the values together, or over them and the configuration so far, that no single value's kind can
    /// state (udp 500 is refused, tcp 500 is not): null when the statement may be applied, else which value is at
    /// fault (0-based) and why. Values have each been parsed by their kind before this runs.
    /// </summary>
    public (int ValueIndex, string Reason)? Check(GatewayConfiguration configuration, object[] values) =>
        check?.Invoke(configuration, values);

    public IReadOnlyList<ValueKind> Kinds { get; } = kinds;
    public bool Repeatable { get; } = repeatable;

    /// <summary>The statements' values in <paramref name="configuration"/> (each entry = one statement), under the tag names <paramref name="tags"/>.</summary>
    public IEnumerable<string[]> Read(GatewayConfiguration configuration, IReadOnlyList<string> tags) => read(configuration, tags);

    public GatewayConfiguration Apply(GatewayConfiguration configuration, IReadOnlyList<string> tags, object[] values) =>
        apply(configuration, tags, values);

    public string Placeholders => string.Join(' ', Kinds.Select(k => k.Placeholder));
}
