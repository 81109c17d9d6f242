using OnLan.Wire;

namespace OnLan.Addressing;

/// <summary>
/// Addresses for remote PCs, taken from ranges inside the LAN segment, minus exclusions.
/// <para>
/// Lifecycle of an address (one state at a time; no state means free):
/// <code>
///   free ──ReserveCandidate──▶ Probing ──Commit──▶ Leased ──Release / expiry──▶ Held ──grace over──▶ free
///                                 │ └──MarkConflict──▶ Conflict ──hold over──▶ free        ▲ Renew (rekey)
///                                 └──CancelReservation / reservation lapsed──▶ free (or back to Held)
/// </code>
/// Besides the states, each identity keeps a sticky binding to the address it had last, so it gets that address
/// again while nobody else holds it, also after a restart. Bindings last until <see cref="Reset(DateTimeOffset)"/>
/// or until the address goes to another identity; when only other identities' bound addresses are left, the one
/// released longest ago is given up first.
/// </para>
/// <para>
/// Sans-IO apart from the optional <see cref="ILeaseStore"/>: the pool never reads a clock; every call that depends
/// on time takes <c>now</c> (wall clock, because it is persisted). Thread-safe: one lock, held for the whole of each
/// call including the store's save (an fsync), which is why no packet path may call in. Events are raised after
/// the lock is released.
/// </para>
/// </summary>
public sealed partial class AddressPool
{
    // Every scope's addresses together: what "is it in the pool" means for calls keyed by address.
    private readonly AddressRanges _pool;
    // In the order given: an address in two scopes belongs to the first (see AddressScope).
    private readonly Scope[] _scopes;
    private readonly Dictionary<string, Scope> _scopeByName = new(StringComparer.Ordinal);
    private readonly AddressPoolOptions _options;
    private readonly ILeaseStore? _store;
    private readonly Lock _gate = new();
    private readonly Dictionary<Ipv4Address, Slot> _slots = [];
    private readonly Dictionary<string, Ipv4Address> _bindingOfIdentity = new(StringComparer.Ordinal);
    private readonly Dictionary<Ipv4Address, Binding> _bindingOfAddress = [];
    private readonly List<PoolEvent> _pendingEvents = [];
    private PoolCounters _counters;
    // The latest time any caller passed in; stands in for "now" in the older calls that take no time.
    private DateTimeOffset _lastNow;

    /// <summary>An address's state. <see cref="Until"/> is when the state ends by itself.</summary>
    /// <param name="HeldUntil">For a probe of an address held for the same identity: the hold to go back to if the
    /// probe is cancelled or lapses. Saved as a hold, so a crash during the probe keeps it.</param>
    private readonly record struct Slot(LeaseState State, string? Identity, DateTimeOffset Since, DateTimeOffset Until, DateTimeOffset? HeldUntil = null);

    private readonly record struct Binding(string Identity, DateTimeOffset ReleasedAt);

    /// <summary>
    /// A pool in memory only, with default options: the form used before leases were persisted. Its
    /// <see cref="Acquire"/> and <see cref="Release(Ipv4Address)"/> skip the probe and the grace hold.
    /// </summary>
    public AddressPool(IEnumerable<(Ipv4Address First, Ipv4Address Last)> ranges)
        : this(ranges, [], new AddressPoolOptions(), store: null, DateTimeOffset.UnixEpoch)
    {
    }

    /// <summary>
    /// A pool over <paramref name="ranges"/> minus <paramref name="exclusions"/> (overlaps are merged). With a
    /// <paramref name="store"/>, the last saved state is recovered first: leases that were active when the gateway
    /// stopped become holds for their identity, for <see cref="AddressPoolOptions.ReleaseGrace"/> counted from
    /// <paramref name="now"/> (the SAs died with the old process, but the clients will reconnect, and until then may
    /// still use the address). Stored times are not compared with <paramref name="now"/>: a board without a
    /// real-time clock may boot in 1970. Entries outside today's ranges are dropped. A store that cannot be read
    /// does not stop the pool: it starts empty and says why in <see cref="RecoveryError"/>. The pool has one scope,
    /// <see cref="AddressScope.VpnName"/>.
    /// </summary>
    public AddressPool(
        IEnumerable<(Ipv4Address First, Ipv4Address Last)> ranges,
        IEnumerable<(Ipv4Address First, Ipv4Address Last)> exclusions,
        AddressPoolOptions options,
        ILeaseStore? store,
        DateTimeOffset now)
        : this([new AddressScope(AddressScope.VpnName, [.. ranges], [.. exclusions])], options, store, now)
    {
    }

    /// <summary>How many addresses the pool can hand out (ranges minus exclusions), over all scopes; an address in
    /// two scopes counts once. Per scope: <see cref="Usage"/>.</summary>
    public long Capacity => _pool.Count;

    /// <summary>Addresses leased to a live SA or DHCP client (not counting holds, probes or conflicts), over all scopes.
    /// Per scope: <see cref="Usage"/>.</summary>
    public int InUse
    {
        get
        {
            lock (_gate)
            {
                int count = 0;
                foreach (var slot in _slots.Values)
                    if (slot.State == LeaseState.Leased) count++;
                return count;
            }
        }
    }

    /// <summary>Why the store's state could not be recovered (for the log); null when it was, or there was none.</summary>
    public string? RecoveryError { get; private set; }

    public PoolCounters Counters
    {
        get { lock (_gate) return _counters; }
    }

    /// <summary>
    /// Raised after the pool's lock is released, on the thread whose call caused it. A handler may call back into
    /// the pool. An exception from a handler reaches that caller, after the pool's change is complete.
    /// </summary>
    public event Action<PoolEvent>? Events;

    /// <summary>
    /// Picks an address for <paramref name="identity"/> and leases it at once, with no probe and no expiry; null
    /// when the pool is exhausted. The choice follows <see cref="ReserveCandidate(string, DateTimeOffset)"/> (the
    /// first scope).
    /// </summary>
    public Ipv4Address? Acquire(string identity)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        Ipv4Address? chosen;
        PoolEvent[]? raised;
        lock (_gate)
        {
            chosen = Choose(identity, _scopes[0], preferred: null);
            if (chosen is { } address) BeginLease(address, identity, _lastNow, DateTimeOffset.MaxValue);
            else ReportExhausted(identity);
            raised = TakeEvents();
        }
        Raise(raised);
        return chosen;
    }

    /// <summary>Ends the lease of <paramref name="address"/> and frees it at once (no grace hold); its identity stays bound to it.</summary>
    public void Release(Ipv4Address address)
    {
        PoolEvent[]? raised;
        lock (_gate)
        {
            if (_slots.TryGetValue(address, out var slot) && slot.State == LeaseState.Leased)
            {
                EndLease(address, slot, _lastNow, TimeSpan.Zero);
                Persist();
            }
            raised = TakeEvents();
        }
        Raise(raised);
    }

    /// <summary>The pool-reset button, at the latest time the pool was told.</summary>
    public void Reset() => Reset(LatestNow);

    /// <summary>The active leases, lowest address first.</summary>
    public IReadOnlyList<(Ipv4Address Address, string Identity)> Leases()
    {
        lock (_gate)
        {
            var leases = new List<(Ipv4Address Address, string Identity)>();
            foreach (var (address, slot) in _slots)
                if (slot.State == LeaseState.Leased) leases.Add((address, slot.Identity!));
            leases.Sort((a, b) => a.Address.CompareTo(b.Address));
            return leases;
        }
    }

    /// <summary>Every address that has a state, lowest first, all scopes: for <c>show leases</c> and <c>show pool</c>.
    /// One scope's: <see cref="Snapshot(string)"/>.</summary>
    public IReadOnlyList<LeaseInfo> Snapshot()
    {
        lock (_gate)
        {
            var list = new List<LeaseInfo>(_slots.Count);
            foreach (var (address, slot) in _slots)
            {
                DateTimeOffset? since = slot.State is LeaseState.Leased or LeaseState.Probing ? slot.Since : null;
                list.Add(new LeaseInfo(address, slot.State, slot.Identity, since, slot.Until));
            }
            list.Sort((a, b) => a.Address.CompareTo(b.Address));
            return list;
        }
    }

    /// <summary>Every sticky binding (identity → the address it gets again while free), lowest address first.</summary>
    public IReadOnlyList<(Ipv4Address Address, string Identity)> Bindings()
    {
        lock (_gate)
        {
            var list = new List<(Ipv4Address Address, string Identity)>(_bindingOfAddress.Count);
            foreach (var (address, binding) in _bindingOfAddress) list.Add((address, binding.Identity));
            list.Sort((a, b) => a.Address.CompareTo(b.Address));
            return list;
        }
    }

    private DateTimeOffset LatestNow
    {
        get { lock (_gate) return _lastNow; }
    }

    private PoolEvent[]? TakeEvents()
    {
        if (_pendingEvents.Count == 0) return null;
        var events = _pendingEvents.ToArray();
        _pendingEvents.Clear();
        return events;
    }

    private void Raise(PoolEvent[]? events)
    {
        if (events is null) return;
        foreach (var poolEvent in events) Events?.Invoke(poolEvent);
    }
}
