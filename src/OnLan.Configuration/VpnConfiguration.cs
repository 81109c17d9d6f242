using System.Collections.Immutable;
using OnLan.Wire;

namespace OnLan.Configuration;

/// <summary>The IKEv2 responder's settings (<c>set vpn …</c>).</summary>
public sealed record VpnConfiguration
{
    public static VpnConfiguration Empty { get; } = new();

    /// <summary>The gateway's IKE identity (<c>set vpn local-id</c>): an FQDN, an e-mail style ID or an address.</summary>
    public string? LocalId { get; init; }

    /// <summary>The gateway's certificate and private key, PEM files (<c>set vpn certificate &lt;cert&gt; &lt;key&gt;</c>).</summary>
    public string? CertificatePath { get; init; }
    public string? KeyPath { get; init; }

    /// <summary>The CA that issues client certificates (<c>set vpn ca &lt;file&gt;</c>).</summary>
    public string? CaPath { get; init; }

    /// <summary>Address ranges handed to remote PCs, inside the LAN segment (<c>set vpn pool range a-b</c>, repeatable).</summary>
    public ImmutableList<Ipv4Range> PoolRanges { get; init; } = [];

    /// <summary>
    /// Addresses the pool never hands out (<c>set vpn pool exclude a.b.c.d</c> or <c>… exclude first-last</c>,
    /// repeatable); a single address is a one-address range. Need not lie inside a pool range.
    /// </summary>
    public ImmutableList<Ipv4Range> PoolExclusions { get; init; } = [];

    /// <summary>Seconds an address stays reserved for its identity after its tunnel goes (<c>set vpn pool release-grace</c>; 0 = none).</summary>
    public int PoolReleaseGraceSeconds { get; init; } = DefaultPoolReleaseGraceSeconds;

    public const int DefaultPoolReleaseGraceSeconds = 60;

    /// <summary>Seconds an address found in use on the LAN stays out of the pool (<c>set vpn pool conflict-hold</c>).</summary>
    public int PoolConflictHoldSeconds { get; init; } = DefaultPoolConflictHoldSeconds;

    public const int DefaultPoolConflictHoldSeconds = 600;

    /// <summary>
    /// A LAN DHCP server that leases the remote PCs' addresses (<c>set vpn pool source dhcp-server a.b.c.d</c>);
    /// null when the gateway hands out <see cref="PoolRanges"/> itself. When set, ranges are optional.
    /// </summary>
    public Ipv4Address? PoolDhcpServer { get; init; }

    /// <summary>DNS servers (<c>set vpn dhcp-option dns</c>, repeatable, in order).</summary>
    public ImmutableList<Ipv4Address> DnsServers { get; init; } = [];

    /// <summary>NetBIOS name servers (<c>set vpn dhcp-option netbios-ns</c>, repeatable).</summary>
    public ImmutableList<Ipv4Address> NetbiosServers { get; init; } = [];

    /// <summary>DNS domain of the LAN (<c>set vpn dhcp-option domain-name</c>).</summary>
    public string? DomainName { get; init; }

    /// <summary>Option 1 (<c>set vpn dhcp-option subnet-mask</c>, contiguous); null: the gateway sends the lan segment's mask.</summary>
    public Ipv4Address? SubnetMask { get; init; }

    /// <summary>Option 3 (<c>set vpn dhcp-option router</c>, repeatable, in order); empty: the gateway sends its own lan address.</summary>
    public ImmutableList<Ipv4Address> Routers { get; init; } = [];

    /// <summary>Option 119 (<c>set vpn dhcp-option domain-search</c>, repeatable, searched in order), lower case.</summary>
    public ImmutableList<string> DomainSearch { get; init; } = [];

    /// <summary>
    /// Options 121 and 249 (<c>set vpn dhcp-option classless-routes a.b.c.d/len [next-hop a.b.c.d]</c>, repeatable,
    /// one per destination, in the order first configured).
    /// </summary>
    public ImmutableList<VpnClasslessRoute> ClasslessRoutes { get; init; } = [];

    /// <summary>Option 51 in seconds (<c>set vpn dhcp-option lease-time</c>); null: the gateway sends <see cref="LifetimeSeconds"/>.</summary>
    public int? LeaseTimeSeconds { get; init; }

    /// <summary>
    /// Networks the remote PC should route through the tunnel besides the LAN segment (<c>set vpn split-network</c>);
    /// sent as INTERNAL_IP4_SUBNET and offered in TSr.
    /// </summary>
    public ImmutableList<Ipv4Prefix> SplitNetworks { get; init; } = [];

    /// <summary>Remote users by IKE identity (<c>set vpn user &lt;id&gt; psk &lt;secret&gt;</c>).</summary>
    public ImmutableSortedDictionary<string, VpnUser> Users { get; init; } = ImmutableSortedDictionary<string, VpnUser>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>
    /// RADIUS servers that authenticate EAP logins instead of the users' passwords (<c>set vpn radius server &lt;address&gt;
    /// secret &lt;secret&gt;</c>, repeatable): the first is the primary, the others take over in order when it is silent.
    /// </summary>
    public ImmutableList<VpnRadiusServer> RadiusServers { get; init; } = [];

    /// <summary>Seconds before a request to a RADIUS server is first sent again, doubled after each (<c>set vpn radius timeout</c>).</summary>
    public int RadiusTimeoutSeconds { get; init; } = DefaultRadiusTimeoutSeconds;

    public const int DefaultRadiusTimeoutSeconds = 1;

    /// <summary>Retransmissions to one RADIUS server before the next one is asked (<c>set vpn radius retries</c>).</summary>
    public int RadiusRetries { get; init; } = DefaultRadiusRetries;

    public const int DefaultRadiusRetries = 2;

    /// <summary>MODP-1024 (group 2) for Windows' defaults; off unless <c>set vpn legacy modp1024 enable</c>.</summary>
    public bool LegacyModp1024 { get; init; }

    /// <summary>
    /// EAP-TLS login (<c>set vpn eap tls enable</c>, RFC 5216): a client certificate from the CA of <see cref="CaPath"/>
    /// (the gateway's own by default, which <c>request pki client</c> issues from), in EAP inside IKE_AUTH.
    /// </summary>
    public bool EapTls { get; init; }

    /// <summary>IKE SA lifetime = the lease time (<c>set vpn lifetime &lt;seconds&gt;</c>); clients rekey before it ends.</summary>
    public int LifetimeSeconds { get; init; } = DefaultLifetimeSeconds;

    public const int DefaultLifetimeSeconds = 4 * 3600;

    /// <summary>Hard lifetime of a Child SA the client does not rekey (<c>set vpn child-lifetime &lt;seconds&gt;</c>); default = <see cref="LifetimeSeconds"/>.</summary>
    public int? ChildLifetimeSeconds { get; init; }

    /// <summary>Bytes a Child SA may carry each way before it is deleted (<c>set vpn child-lifetime-bytes</c>; none when unset).</summary>
    public long? ChildLifetimeBytes { get; init; }

    /// <summary>Seconds without a message from the peer before a liveness check (<c>set vpn dpd-interval</c>; 0 = off).</summary>
    public int DpdIntervalSeconds { get; init; } = 30;

    public bool IsEnabled => PoolRanges.Count > 0 || PoolDhcpServer is not null || Users.Count > 0 || LocalId is not null || EapTls ||
                             RadiusServers.Count > 0;

    // Value equality over the lists too (a record compares ImmutableList by reference), so a configuration read
    // back from its own text equals the original and `commit` can tell what changed.
    public bool Equals(VpnConfiguration? other) =>
        other is not null && LocalId == other.LocalId && CertificatePath == other.CertificatePath && KeyPath == other.KeyPath &&
        CaPath == other.CaPath && PoolRanges.SequenceEqual(other.PoolRanges) && DnsServers.SequenceEqual(other.DnsServers) &&
        NetbiosServers.SequenceEqual(other.NetbiosServers) && DomainName == other.DomainName &&
        SplitNetworks.SequenceEqual(other.SplitNetworks) && Users.SequenceEqual(other.Users) &&
        LegacyModp1024 == other.LegacyModp1024 && EapTls == other.EapTls && LifetimeSeconds == other.LifetimeSeconds && ChildLifetimeSeconds == other.ChildLifetimeSeconds && ChildLifetimeBytes == other.ChildLifetimeBytes && DpdIntervalSeconds == other.DpdIntervalSeconds &&
        PoolExclusions.SequenceEqual(other.PoolExclusions) && PoolReleaseGraceSeconds == other.PoolReleaseGraceSeconds &&
        PoolConflictHoldSeconds == other.PoolConflictHoldSeconds && PoolDhcpServer == other.PoolDhcpServer &&
        SubnetMask == other.SubnetMask && Routers.SequenceEqual(other.Routers) && DomainSearch.SequenceEqual(other.DomainSearch) &&
        ClasslessRoutes.SequenceEqual(other.ClasslessRoutes) && LeaseTimeSeconds == other.LeaseTimeSeconds &&
        RadiusServers.SequenceEqual(other.RadiusServers) && RadiusTimeoutSeconds == other.RadiusTimeoutSeconds &&
        RadiusRetries == other.RadiusRetries;

    public override int GetHashCode() => HashCode.Combine(LocalId, PoolRanges.Count, Users.Count, DomainName);
}

/// <summary>
/// A route handed to remote PCs in DHCP options 121/249: <paramref name="Destination"/> (a network, no host bits)
/// through <paramref name="NextHop"/>, or through the gateway's own lan address when that is null.
/// </summary>
public readonly record struct VpnClasslessRoute(Ipv4Prefix Destination, Ipv4Address? NextHop);

/// <summary>A RADIUS server on the lan: its address, UDP port (1812 unless <c>port</c>) and the secret shared with it (null until set).</summary>
public sealed record VpnRadiusServer(Ipv4Address Address, ushort Port, string? Secret)
{
    public const ushort DefaultPort = 1812;
}

/// <summary>One remote user's credentials.</summary>
public sealed record VpnUser(string? PreSharedKey)
{
    /// <summary>
    /// The NT hash of the user's password for EAP-MSCHAPv2, 32 upper-case hex digits: user name and password clients
    /// (Windows, macOS/iOS, Android), the gateway proving itself with its certificate. <c>set vpn user &lt;name&gt;
    /// password &lt;secret&gt;</c> is turned into it at once, so the password itself is never stored: MSCHAPv2 needs
    /// only the hash (RFC 2759 §8.3), and the file holds <c>nt-hash &lt;hex&gt;</c>.
    /// </summary>
    public string? NtHash { get; init; }
}

/// <summary>An inclusive address range "first-last".</summary>
public readonly record struct Ipv4Range(Ipv4Address First, Ipv4Address Last)
{
    public uint Count => Last.Value - First.Value + 1;

    public bool Contains(Ipv4Address address) => address.Value >= First.Value && address.Value <= Last.Value;

    public static bool TryParse(ReadOnlySpan<char> text, out Ipv4Range range)
    {
        range = default;
        int dash = text.IndexOf('-');
        if (dash < 0 || !Ipv4Address.TryParse(text[..dash], out var first) || !Ipv4Address.TryParse(text[(dash + 1)..], out var last))
            return false;
        if (last.Value < first.Value) return false;
        range = new Ipv4Range(first, last);
        return true;
    }

    /// <summary>"first-last", or the one address when first = last (how <c>set vpn pool exclude</c> reads best).</summary>
    public string ToShortString() => First == Last ? First.ToString() : ToString();

    public override string ToString() => $"{First}-{Last}";
}
