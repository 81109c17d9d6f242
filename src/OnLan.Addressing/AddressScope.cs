using OnLan.Wire;

namespace OnLan.Addressing;

/// <summary>
/// One named part of an <see cref="AddressPool"/>: the addresses a kind of client is handed, e.g. "vpn" for remote
/// PCs and "lan" for the LAN's own hosts served by the gateway's DHCP server. All scopes of a pool share its one slot
/// table, its one lease store and its one lock, so an address is never leased twice whatever the scopes say; a
/// scope only limits where <see cref="AddressPool.ReserveCandidate(string, DateTimeOffset, string, Ipv4Address?)"/>
/// looks. A slot's scope is not stored: it follows from the address (the first scope, in the order given to the
/// pool, whose ranges hold it), so the lease file is the same with one scope or many.
/// </summary>
/// <param name="Name">How callers name the scope; unique within a pool, compared ordinally.</param>
/// <param name="Ranges">The scope's addresses, inclusive; overlaps are merged.</param>
/// <param name="Exclusions">Addresses of <paramref name="Ranges"/> the scope never hands out.</param>
public sealed record AddressScope(
    string Name,
    IReadOnlyList<(Ipv4Address First, Ipv4Address Last)> Ranges,
    IReadOnlyList<(Ipv4Address First, Ipv4Address Last)> Exclusions)
{
    /// <summary>The scope of remote PCs; the one the pool's older constructors make and its older calls use.</summary>
    public const string VpnName = "vpn";

    /// <summary>The scope of the LAN's own hosts, leased by the gateway's DHCP server.</summary>
    public const string LanName = "lan";

    /// <summary>
    /// How long an address stays held for its identity after its lease ends (release or expiry); null takes
    /// <see cref="AddressPoolOptions.ReleaseGrace"/>. Zero for DHCP clients: a DHCPRELEASE means the host has stopped
    /// using the address, so it is free at once (the identity's sticky binding stays, so the host gets it back).
    /// </summary>
    public TimeSpan? ReleaseGrace { get; init; }

    /// <summary>
    /// How long a lease or hold read back from the store at start is held for its identity, counted from the start;
    /// null takes the scope's release grace. For DHCP clients: the scope's lease time, because a host keeps using its
    /// address until its lease runs out whether or not the gateway restarted, and the stored expiry cannot be
    /// trusted (a board without a real-time clock may boot in 1970).
    /// </summary>
    public TimeSpan? RecoveryHold { get; init; }
}
