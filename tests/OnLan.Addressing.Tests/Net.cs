using OnLan.Wire;

namespace OnLan.Addressing.Tests;

/// <summary>Short names for the addresses and times the tests use.</summary>
internal static class Net
{
    /// <summary>192.168.1.<paramref name="host"/>, the LAN segment of every test pool.</summary>
    public static Ipv4Address Lan(int host) => new(192, 168, 1, (byte)host);

    public static (Ipv4Address First, Ipv4Address Last) Range(int firstHost, int lastHost) => (Lan(firstHost), Lan(lastHost));

    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public static AddressPoolOptions Options { get; } = new()
    {
        ReleaseGrace = TimeSpan.FromSeconds(60),
        ConflictHold = TimeSpan.FromMinutes(10),
        ProbeReservation = TimeSpan.FromSeconds(10),
    };

    public static AddressPool Pool(int firstHost, int lastHost, ILeaseStore? store = null, DateTimeOffset? now = null,
        params (Ipv4Address First, Ipv4Address Last)[] exclusions) =>
        new([Range(firstHost, lastHost)], exclusions, Options, store, now ?? T0);

    /// <summary>Reserve then commit, as the IKE responder does after a clean probe.</summary>
    public static Ipv4Address Lease(this AddressPool pool, string identity, DateTimeOffset now)
    {
        var candidate = pool.ReserveCandidate(identity, now) ?? throw new InvalidOperationException($"no address for {identity}");
        Assert.True(pool.Commit(candidate, identity, Hour, now));
        return candidate;
    }
}
