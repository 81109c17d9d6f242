using OnLan.Wire;

namespace OnLan.Addressing;

/// <summary>One address with a state, as <c>show leases</c> and <c>show pool</c> print it.</summary>
/// <param name="Identity">The owner; null for <see cref="LeaseState.Conflict"/>.</param>
/// <param name="Since">When the lease began (<see cref="LeaseState.Leased"/>) or the probe reservation was made
/// (<see cref="LeaseState.Probing"/>); null otherwise.</param>
/// <param name="Until">When the state ends unless something renews it: the lease's expiry, the end of the grace
/// or conflict hold, or when an unanswered probe reservation lapses.</param>
public sealed record LeaseInfo(Ipv4Address Address, LeaseState State, string? Identity, DateTimeOffset? Since, DateTimeOffset Until);
