namespace OnLan.Addressing;

/// <summary>A snapshot of the pool's counters since it was constructed.</summary>
/// <param name="Exhausted">Requests that found no address (each one an INTERNAL_ADDRESS_FAILURE).</param>
/// <param name="Conflicts">Addresses another host answered for.</param>
/// <param name="Commits">Leases begun.</param>
/// <param name="Releases">Leases ended, by release or by expiry.</param>
/// <param name="Recovered">Leases and holds taken over from the store at start.</param>
/// <param name="DroppedAtRecovery">Stored leases, holds and bindings outside today's ranges, forgotten at start.</param>
/// <param name="StoreFailures">Saves that failed.</param>
public readonly record struct PoolCounters(
    long Exhausted,
    long Conflicts,
    long Commits,
    long Releases,
    long Recovered,
    long DroppedAtRecovery,
    long StoreFailures);
