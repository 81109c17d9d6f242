namespace OnLan.Addressing;

/// <summary>The pool's timers. All are measured on the wall clock the caller passes in as <c>now</c>.</summary>
public sealed record AddressPoolOptions
{
    /// <summary>
    /// After an SA ends (delete, dead-peer timeout, lease expiry, or a gateway restart), its address stays reserved
    /// for the same identity this long: the client usually reconnects within it and must find its address, and the
    /// client may still be using the address, so nobody else may have it yet. Zero frees at once.
    /// </summary>
    public TimeSpan ReleaseGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>An address that answered an ARP probe (RFC 5227) is not offered again for this long.</summary>
    public TimeSpan ConflictHold { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A candidate neither committed nor refused within this is freed again: the exchange that asked for it died
    /// without telling the pool. Must exceed the ARP probe's duration (RFC 5227: up to about 3 s).
    /// </summary>
    public TimeSpan ProbeReservation { get; init; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        if (ReleaseGrace < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ReleaseGrace), "must not be negative");
        if (ConflictHold < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ConflictHold), "must not be negative");
        if (ProbeReservation <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ProbeReservation), "must be positive");
    }
}
