namespace OnLan.Addressing;

/// <summary>What an address of the pool is doing. An address with no state is free.</summary>
public enum LeaseState
{
    /// <summary>Reserved for an identity while the LAN port probes it with ARP.</summary>
    Probing,
    /// <summary>In use by an identity's IKE SA.</summary>
    Leased,
    /// <summary>The SA ended; kept for the same identity until the grace is over.</summary>
    Held,
    /// <summary>Another host on the LAN uses it; skipped until the conflict hold is over.</summary>
    Conflict,
}
