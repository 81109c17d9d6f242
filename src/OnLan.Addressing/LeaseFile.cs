using OnLan.Wire;

namespace OnLan.Addressing;

/// <summary>
/// Everything about the pool that must survive a restart: active leases, grace holds and sticky bindings
/// (identity → last address). Probe reservations and conflicts are not kept: after a restart the probe simply runs
/// again. The text form is in <c>LeaseFile.Text.cs</c> and the project's README.
/// </summary>
/// <param name="Sequence">Grows by one with every save, so a reader can tell that a store never went back in time.</param>
public sealed partial record LeaseFile(
    long Sequence,
    IReadOnlyList<LeaseFile.Lease> Leases,
    IReadOnlyList<LeaseFile.Hold> Holds,
    IReadOnlyList<LeaseFile.Binding> Bindings)
{
    /// <summary>An address leased to an identity's IKE SA.</summary>
    public readonly record struct Lease(Ipv4Address Address, string Identity, DateTimeOffset Since, DateTimeOffset Expires);

    /// <summary>An address kept for its identity after the SA ended.</summary>
    public readonly record struct Hold(Ipv4Address Address, string Identity, DateTimeOffset Until);

    /// <summary>The address an identity had last; <paramref name="ReleasedAt"/> orders which bindings are given up first.</summary>
    public readonly record struct Binding(Ipv4Address Address, string Identity, DateTimeOffset ReleasedAt);

    public static LeaseFile Empty { get; } = new(0, [], [], []);
}
