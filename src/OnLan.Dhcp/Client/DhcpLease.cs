using System.Collections.Immutable;
using OnLan.Wire;

namespace OnLan.Dhcp.Client;

/// <summary>
/// A lease the WAN's DHCP server granted, as its DHCPACK stated it. Times are on the caller's monotonic clock
/// (the <c>now</c> given to <see cref="DhcpClient"/>), measured from <see cref="ObtainedAt"/>: when the DHCPREQUEST
/// that earned the lease was first sent, as RFC 2131 §4.4.1 asks, so a slow server never makes the lease look longer.
/// </summary>
/// <param name="Address">yiaddr with the prefix length of option 1; the natural (class A/B/C) mask when the server sent none.</param>
/// <param name="Router">The first address of option 3: the WAN's default route. Null when the server sent none.</param>
/// <param name="DnsServers">Option 6, in the server's order.</param>
/// <param name="DomainName">Option 15 when it is printable ASCII (a trailing NUL, as some servers send, removed).</param>
/// <param name="ServerIdentifier">Option 54: where renewals and the DHCPRELEASE go.</param>
/// <param name="LeaseTime">Option 51; <see cref="Infinite"/> for 0xffffffff.</param>
/// <param name="RenewalTime">T1: option 58, else half the lease (RFC 2131 §4.4.5).</param>
/// <param name="RebindingTime">T2: option 59, else 7/8 of the lease.</param>
public sealed record DhcpLease(
    Ipv4Prefix Address,
    Ipv4Address? Router,
    ImmutableArray<Ipv4Address> DnsServers,
    string? DomainName,
    Ipv4Address ServerIdentifier,
    TimeSpan LeaseTime,
    TimeSpan RenewalTime,
    TimeSpan RebindingTime,
    TimeSpan ObtainedAt)
{
    /// <summary>A lease time of 0xffffffff seconds: the address is the client's for good, nothing is ever renewed.</summary>
    public static TimeSpan Infinite => TimeSpan.MaxValue;

    public bool IsInfinite => LeaseTime == Infinite;

    /// <summary>When RENEWING starts; <see cref="TimeSpan.MaxValue"/> for an infinite lease.</summary>
    public TimeSpan RenewAt => After(RenewalTime);

    /// <summary>When REBINDING starts; <see cref="TimeSpan.MaxValue"/> for an infinite lease.</summary>
    public TimeSpan RebindAt => After(RebindingTime);

    /// <summary>When the address must stop being used; <see cref="TimeSpan.MaxValue"/> for an infinite lease.</summary>
    public TimeSpan ExpiresAt => After(LeaseTime);

    // Saturating, so an infinite lease (or a clock near its end) never overflows.
    private TimeSpan After(TimeSpan span) =>
        span >= TimeSpan.MaxValue - ObtainedAt ? TimeSpan.MaxValue : ObtainedAt + span;

    // ImmutableArray compares by reference; a lease compares by its addresses.
    public bool Equals(DhcpLease? other) =>
        other is not null && Address == other.Address && Router == other.Router &&
        DnsServers.AsSpan().SequenceEqual(other.DnsServers.AsSpan()) && DomainName == other.DomainName &&
        ServerIdentifier == other.ServerIdentifier && LeaseTime == other.LeaseTime && RenewalTime == other.RenewalTime &&
        RebindingTime == other.RebindingTime && ObtainedAt == other.ObtainedAt;

    public override int GetHashCode() => HashCode.Combine(Address, Router, DnsServers.Length, DomainName, ServerIdentifier, LeaseTime, ObtainedAt);
}
