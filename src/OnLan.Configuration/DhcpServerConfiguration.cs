using System.Collections.Immutable;
using OnLan.Wire;

namespace OnLan.Configuration;

/// <summary>
/// The gateway's DHCP server for the LAN's own hosts (<c>set service dhcp-server …</c>), for when the gateway is the
/// LAN's router. Its addresses come from the same pool and lease file as the remote PCs' (scope "lan" beside
/// "vpn"), which is why its ranges may not overlap <see cref="VpnConfiguration.PoolRanges"/>.
/// </summary>
public sealed record DhcpServerConfiguration
{
    public static DhcpServerConfiguration Empty { get; } = new();

    /// <summary>Addresses leased to LAN hosts, inside the LAN segment (<c>set service dhcp-server range a-b</c>, repeatable).</summary>
    public ImmutableList<Ipv4Range> Ranges { get; init; } = [];

    /// <summary>Addresses never leased (<c>set service dhcp-server exclude a.b.c.d</c> or <c>… exclude first-last</c>, repeatable).</summary>
    public ImmutableList<Ipv4Range> Exclusions { get; init; } = [];

    /// <summary>Option 51 in seconds (<c>set service dhcp-server lease-time</c>).</summary>
    public int LeaseTimeSeconds { get; init; } = DefaultLeaseTimeSeconds;

    public const int DefaultLeaseTimeSeconds = 24 * 3600;

    /// <summary>Option 6 (<c>set service dhcp-server dns</c>, repeatable, in order); empty: the gateway sends
    /// <see cref="VpnConfiguration.DnsServers"/>.</summary>
    public ImmutableList<Ipv4Address> DnsServers { get; init; } = [];

    /// <summary>Option 15 (<c>set service dhcp-server domain-name</c>), lower case; null: none is sent.</summary>
    public string? DomainName { get; init; }

    /// <summary>Option 3 (<c>set service dhcp-server router</c>); null: the gateway's own lan address.</summary>
    public Ipv4Address? Router { get; init; }

    /// <summary>True when the server runs: it has at least one range.</summary>
    public bool IsEnabled => Ranges.Count > 0;

    /// <summary>True when any <c>set service dhcp-server</c> statement was given.</summary>
    public bool IsConfigured => !Equals(Empty);

    // Value equality over the lists too (a record compares ImmutableList by reference), so a configuration read
    // back from its own text equals the original and `commit` can tell what changed.
    public bool Equals(DhcpServerConfiguration? other) =>
        other is not null && Ranges.SequenceEqual(other.Ranges) && Exclusions.SequenceEqual(other.Exclusions) &&
        LeaseTimeSeconds == other.LeaseTimeSeconds && DnsServers.SequenceEqual(other.DnsServers) &&
        DomainName == other.DomainName && Router == other.Router;

    public override int GetHashCode() => HashCode.Combine(Ranges.Count, LeaseTimeSeconds, DomainName, Router);
}
