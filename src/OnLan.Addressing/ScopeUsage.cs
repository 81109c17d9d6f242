namespace OnLan.Addressing;

/// <summary>
/// How one scope of the pool is used, for <c>show pool</c>. Counted over the addresses in the scope's ranges, so
/// when scopes overlap (the configuration validator refuses it, the pool stays safe) an address in both is counted
/// in both.
/// </summary>
/// <param name="Capacity">Addresses the scope can hand out (its ranges minus its exclusions).</param>
/// <param name="Leased">Addresses leased.</param>
/// <param name="Probing">Addresses reserved while a probe or an offer is outstanding.</param>
/// <param name="Held">Addresses held for an identity after its lease ended.</param>
/// <param name="Conflict">Addresses another host was found using.</param>
public readonly record struct ScopeUsage(string Name, long Capacity, int Leased, int Probing, int Held, int Conflict);
