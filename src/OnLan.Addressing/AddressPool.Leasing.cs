using OnLan.Wire;

namespace OnLan.Addressing;

// The two-step hand-out (reserve, probe on the LAN port, then commit or refuse) and the lease's life after it.
public sealed partial class AddressPool
{
    /// <summary>
    /// Step 1: chooses an address for <paramref name="identity"/> and reserves it while the LAN port probes it
    /// with ARP; no other identity can get it meanwhile. The choice, in order: the identity's sticky address, if no
    /// other identity has it (leased, held or being probed) and it is not in conflict; else the lowest address no
    /// identity is bound to; else, of the free addresses other identities are bound to, the one released longest
    /// ago (its binding is given up at <see cref="Commit"/>). An address leased to the same identity is not offered
    /// again: leases are keyed by address, so two SAs must not share one. Null when nothing is left: the
    /// <see cref="PoolEvent.Exhausted"/> event is raised and counted.
    /// </summary>
    public Ipv4Address? ReserveCandidate(string identity, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        return Reserve(identity, now, _scopes[0], preferred: null, reofferOwnReservation: false);
    }

    /// <summary>
    /// Step 1 inside one scope: as <see cref="ReserveCandidate(string, DateTimeOffset)"/>, but the address comes
    /// only from <paramref name="scope"/>'s ranges (the identity's sticky address too: one outside the scope is
    /// passed over, not given up). Two differences, for DHCP, where an identity is one host that repeats its
    /// DHCPDISCOVER until it gets an answer, and may send one again while its lease runs: an address the identity
    /// already has in the scope is returned again instead of a second one being taken (a reservation is extended, a
    /// lease stays a lease until <see cref="Commit"/> extends it); and <paramref name="preferred"/> (the client's
    /// requested address, option 50) comes right after the sticky address when it is in the scope, free, and not
    /// another identity's sticky address.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="scope"/> is not one of the pool's (a caller bug).</exception>
    public Ipv4Address? ReserveCandidate(string identity, DateTimeOffset now, string scope, Ipv4Address? preferred = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        return Reserve(identity, now, ScopeNamed(scope), preferred, reofferOwnReservation: true);
    }

    /// <summary>
    /// Step 1 for an address chosen elsewhere (RADIUS Framed-IP-Address): reserves exactly <paramref name="address"/>
    /// for <paramref name="identity"/> in the first (VPN) scope, when it is free or held for this identity; null
    /// otherwise (outside the scope, leased, being probed, held for another identity, or in conflict), without an
    /// <see cref="PoolEvent.Exhausted"/> event: the pool is not empty, the one address is not to be had. Another
    /// identity's sticky binding does not stand in the way: the authentication server's choice wins.
    /// </summary>
    public Ipv4Address? ReserveExactly(Ipv4Address address, string identity, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        return Reserve(identity, now, _scopes[0], preferred: null, reofferOwnReservation: false, exactly: address);
    }

    private Ipv4Address? Reserve(string identity, DateTimeOffset now, Scope scope, Ipv4Address? preferred, bool reofferOwnReservation,
        Ipv4Address? exactly = null)
    {
        Ipv4Address? chosen;
        PoolEvent[]? raised;
        lock (_gate)
        {
            _lastNow = now;
            EndLapsedStates(now);
            chosen = reofferOwnReservation ? AddressOf(identity, scope) : null;
            if (chosen is { } again)
            {
                if (_slots[again].State == LeaseState.Probing)
                    _slots[again] = _slots[again] with { Until = Later(now, _options.ProbeReservation) };
            }
            else if ((chosen = exactly is { } wanted ? (IsFreeFor(wanted, identity, scope) ? wanted : null) : Choose(identity, scope, preferred)) is { } address)
            {
                DateTimeOffset? heldUntil = _slots.TryGetValue(address, out var slot) ? slot.Until : null;
                _slots[address] = new Slot(LeaseState.Probing, identity, now, now + _options.ProbeReservation, heldUntil);
            }
            else if (exactly is null)
            {
                ReportExhausted(identity);
            }
            // Ends found by the sweep are saved with the next change (normally the Commit that follows at once).
            raised = TakeEvents();
        }
        Raise(raised);
        return chosen;
    }

    /// <summary>An address <paramref name="identity"/> has reserved or leased in <paramref name="scope"/>, the lease first.</summary>
    private Ipv4Address? AddressOf(string identity, Scope scope)
    {
        Ipv4Address? reserved = null;
        foreach (var (address, slot) in _slots)
        {
            if (slot.Identity != identity || !scope.Addresses.Contains(address)) continue;
            if (slot.State == LeaseState.Leased) return address;
            if (slot.State == LeaseState.Probing) reserved ??= address;
        }
        return reserved;
    }

    /// <summary>
    /// Step 2a: the probe found <paramref name="address"/> free, so it is leased to <paramref name="identity"/>
    /// until <paramref name="now"/> + <paramref name="lifetime"/>, and saved before this returns. False when the
    /// address is no longer the identity's to take (the reservation lapsed and another identity got the address, or
    /// it was found in conflict): the caller starts again with <see cref="ReserveCandidate"/>. Committing an address
    /// already leased to the same identity just moves its expiry.
    /// </summary>
    public bool Commit(Ipv4Address address, string identity, TimeSpan lifetime, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        bool committed;
        PoolEvent[]? raised;
        lock (_gate)
        {
            _lastNow = now;
            committed = MayTake(address, identity);
            if (committed)
            {
                BeginLease(address, identity, now, Later(now, lifetime));
            }
            raised = TakeEvents();
        }
        Raise(raised);
        return committed;
    }

    /// <summary>
    /// <see cref="Commit(Ipv4Address, string, TimeSpan, DateTimeOffset)"/> for a DHCP client, which has one address on
    /// the segment: <paramref name="address"/> must be in <paramref name="scope"/>, and any other reservation or
    /// lease the identity has in the scope ends (a lease with no grace: the host moved to this address). False, and
    /// nothing changes, when the address is outside the scope or not the identity's to take.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="scope"/> is not one of the pool's (a caller bug).</exception>
    public bool Commit(Ipv4Address address, string identity, TimeSpan lifetime, DateTimeOffset now, string scope)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var found = ScopeNamed(scope);
        bool committed;
        PoolEvent[]? raised;
        lock (_gate)
        {
            _lastNow = now;
            committed = found.Addresses.Contains(address) && MayTake(address, identity);
            if (committed)
            {
                List<(Ipv4Address Address, Slot Slot)>? others = null;
                foreach (var (other, slot) in _slots)
                    if (other != address && slot.Identity == identity && slot.State is LeaseState.Probing or LeaseState.Leased &&
                        found.Addresses.Contains(other))
                        (others ??= []).Add((other, slot));
                foreach (var (other, slot) in others ?? [])
                {
                    if (slot.State == LeaseState.Leased) EndLease(other, slot, now, TimeSpan.Zero);
                    else EndProbe(other, slot);
                }
                BeginLease(address, identity, now, Later(now, lifetime));
            }
            raised = TakeEvents();
        }
        Raise(raised);
        return committed;
    }

    /// <summary>
    /// Step 2b: a host on the LAN answered for <paramref name="address"/>. It is not offered again until
    /// <paramref name="now"/> + <see cref="AddressPoolOptions.ConflictHold"/>; a reservation or hold on it is
    /// dropped (the caller asks <see cref="ReserveCandidate"/> again). An address leased to a live SA keeps its
    /// lease (the intruder is the other host), but the conflict is still counted and reported.
    /// </summary>
    public void MarkConflict(Ipv4Address address, DateTimeOffset now)
    {
        PoolEvent[]? raised;
        lock (_gate)
        {
            _lastNow = now;
            if (_pool.Contains(address))
            {
                _counters = _counters with { Conflicts = _counters.Conflicts + 1 };
                _pendingEvents.Add(new PoolEvent.Conflict(address));
                bool leased = _slots.TryGetValue(address, out var slot) && slot.State == LeaseState.Leased;
                if (!leased)
                {
                    bool wasSaved = IsSaved(address);
                    _slots[address] = new Slot(LeaseState.Conflict, null, now, Later(now, _options.ConflictHold));
                    if (wasSaved) Persist();
                }
            }
            raised = TakeEvents();
        }
        Raise(raised);
    }

    /// <summary>
    /// Gives up a reservation without probing to the end (the exchange failed). An address that was held for the
    /// identity goes back to being held.
    /// </summary>
    public void CancelReservation(Ipv4Address address)
    {
        lock (_gate)
        {
            if (_slots.TryGetValue(address, out var slot) && slot.State == LeaseState.Probing) EndProbe(address, slot);
        }
    }

    /// <summary>
    /// Gives up every probe reservation <paramref name="identity"/> has (a DHCP client chose another server's
    /// offer, so its DHCPREQUEST names that server). Addresses that were held for the identity go back to being
    /// held. Returns how many reservations were dropped.
    /// </summary>
    public int CancelReservations(string identity)
    {
        lock (_gate)
        {
            List<Ipv4Address>? mine = null;
            foreach (var (address, slot) in _slots)
                if (slot.State == LeaseState.Probing && slot.Identity == identity) (mine ??= []).Add(address);
            if (mine is null) return 0;
            foreach (var address in mine) EndProbe(address, _slots[address]);
            return mine.Count;
        }
    }

    /// <summary>
    /// The IKE SA was rekeyed: its lease now lasts until <paramref name="now"/> + <paramref name="lifetime"/>, saved
    /// before this returns. A lease that had already run out and is held for its identity is taken back (the
    /// rekey proves the SA lives). False when the address is neither leased nor held.
    /// </summary>
    public bool Renew(Ipv4Address address, TimeSpan lifetime, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        lock (_gate)
        {
            _lastNow = now;
            if (!_slots.TryGetValue(address, out var slot) || slot.State is not (LeaseState.Leased or LeaseState.Held)) return false;
            var since = slot.State == LeaseState.Leased ? slot.Since : now;
            _slots[address] = new Slot(LeaseState.Leased, slot.Identity, since, Later(now, lifetime));
            Persist();
            return true;
        }
    }

    /// <summary>
    /// The SA ended (delete or dead-peer timeout): the address is held for its identity until <paramref name="now"/>
    /// + the release grace of its scope (<see cref="AddressScope.ReleaseGrace"/>, by default
    /// <see cref="AddressPoolOptions.ReleaseGrace"/>), then free; saved before this returns. Nothing happens for an
    /// address that is not leased.
    /// </summary>
    public void Release(Ipv4Address address, DateTimeOffset now)
    {
        PoolEvent[]? raised;
        lock (_gate)
        {
            _lastNow = now;
            if (_slots.TryGetValue(address, out var slot) && slot.State == LeaseState.Leased)
            {
                EndLease(address, slot, now, ReleaseGraceOf(address));
                Persist();
            }
            raised = TakeEvents();
        }
        Raise(raised);
    }

    /// <summary>
    /// As <see cref="Release(Ipv4Address, DateTimeOffset)"/>, but only when <paramref name="address"/> is leased to
    /// <paramref name="identity"/>: a DHCPRELEASE is unauthenticated, and a host must not end another's lease.
    /// False, and nothing changes, otherwise.
    /// </summary>
    public bool Release(Ipv4Address address, string identity, DateTimeOffset now)
    {
        bool released = false;
        PoolEvent[]? raised;
        lock (_gate)
        {
            _lastNow = now;
            if (_slots.TryGetValue(address, out var slot) && slot.State == LeaseState.Leased && slot.Identity == identity)
            {
                EndLease(address, slot, now, ReleaseGraceOf(address));
                Persist();
                released = true;
            }
            raised = TakeEvents();
        }
        Raise(raised);
        return released;
    }

    /// <summary>
    /// <paramref name="identity"/> found <paramref name="address"/> in use by another host after it was offered or
    /// leased to it (a DHCPDECLINE, RFC 2131 §4.3.3): its reservation, lease or hold ends and the address is not
    /// offered again until <paramref name="now"/> + <see cref="AddressPoolOptions.ConflictHold"/>; counted and reported
    /// as a <see cref="PoolEvent.Conflict"/>, saved before this returns. Unlike <see cref="MarkConflict"/>, a lease
    /// ends: its own holder says the address is unusable. False, and nothing changes, when the address is not the
    /// identity's (a DHCPDECLINE is unauthenticated: a host must not take addresses out of the pool).
    /// </summary>
    public bool Decline(Ipv4Address address, string identity, DateTimeOffset now)
    {
        bool declined = false;
        PoolEvent[]? raised;
        lock (_gate)
        {
            _lastNow = now;
            if (_slots.TryGetValue(address, out var slot) && slot.Identity == identity &&
                slot.State is LeaseState.Probing or LeaseState.Leased or LeaseState.Held)
            {
                if (slot.State == LeaseState.Leased) EndLease(address, slot, now, TimeSpan.Zero);
                // The identity's sticky binding would send it straight back to the address it cannot use.
                if (_bindingOfAddress.TryGetValue(address, out var binding) && binding.Identity == identity)
                {
                    _bindingOfAddress.Remove(address);
                    _bindingOfIdentity.Remove(identity);
                }
                _slots[address] = new Slot(LeaseState.Conflict, null, now, Later(now, _options.ConflictHold));
                _counters = _counters with { Conflicts = _counters.Conflicts + 1 };
                _pendingEvents.Add(new PoolEvent.Conflict(address));
                Persist();
                declined = true;
            }
            raised = TakeEvents();
        }
        Raise(raised);
        return declined;
    }

    /// <summary>
    /// Call periodically (once a second is plenty). Ends holds whose grace is over, conflicts whose hold is over,
    /// probe reservations nobody finished, and leases past their expiry (an SA cannot outlive its lease: they are
    /// treated as released at <paramref name="now"/>). Saves what changed, and retries a save that failed before.
    /// </summary>
    public void Expire(DateTimeOffset now)
    {
        PoolEvent[]? raised;
        lock (_gate)
        {
            _lastNow = now;
            EndLapsedStates(now);
            if (_unsaved) Persist();
            raised = TakeEvents();
        }
        Raise(raised);
    }

    /// <summary>
    /// The pool-reset button: every lease, hold, probe reservation and conflict is dropped and every sticky binding
    /// forgotten; saved before this returns.
    /// </summary>
    public void Reset(DateTimeOffset now)
    {
        PoolEvent[]? raised;
        lock (_gate)
        {
            _lastNow = now;
            _slots.Clear();
            _bindingOfIdentity.Clear();
            _bindingOfAddress.Clear();
            Persist();
            raised = TakeEvents();
        }
        Raise(raised);
    }

    /// <summary>Whether <paramref name="identity"/> may lease <paramref name="address"/> now.</summary>
    private bool MayTake(Ipv4Address address, string identity)
    {
        if (!_pool.Contains(address)) return false;
        if (_slots.TryGetValue(address, out var slot))
            return slot.Identity == identity && slot.State is LeaseState.Probing or LeaseState.Held or LeaseState.Leased;
        // The reservation lapsed but nobody took the address: the probe's answer still stands.
        return !_bindingOfAddress.TryGetValue(address, out var binding) || binding.Identity == identity;
    }

    private void BeginLease(Ipv4Address address, string identity, DateTimeOffset now, DateTimeOffset expires)
    {
        bool renewal = _slots.TryGetValue(address, out var slot) && slot.State == LeaseState.Leased;
        _slots[address] = new Slot(LeaseState.Leased, identity, renewal ? slot.Since : now, expires);
        Bind(address, identity, now);
        if (!renewal)
        {
            _counters = _counters with { Commits = _counters.Commits + 1 };
            _pendingEvents.Add(new PoolEvent.LeaseCommitted(address, identity));
        }
        Persist();
    }

    /// <summary>Moves the identity's sticky binding to <paramref name="address"/>, taking it from any other identity.</summary>
    private void Bind(Ipv4Address address, string identity, DateTimeOffset now)
    {
        if (_bindingOfIdentity.TryGetValue(identity, out var previous) && previous != address) _bindingOfAddress.Remove(previous);
        if (_bindingOfAddress.TryGetValue(address, out var other) && other.Identity != identity) _bindingOfIdentity.Remove(other.Identity);
        _bindingOfIdentity[identity] = address;
        _bindingOfAddress[address] = new Binding(identity, now);
    }

    private void EndLease(Ipv4Address address, Slot lease, DateTimeOffset now, TimeSpan grace)
    {
        if (grace > TimeSpan.Zero) _slots[address] = new Slot(LeaseState.Held, lease.Identity, now, Later(now, grace));
        else _slots.Remove(address);
        if (_bindingOfAddress.TryGetValue(address, out var binding) && binding.Identity == lease.Identity)
            _bindingOfAddress[address] = binding with { ReleasedAt = now };
        _counters = _counters with { Releases = _counters.Releases + 1 };
        _pendingEvents.Add(new PoolEvent.LeaseReleased(address, lease.Identity!));
        _unsaved = true;
    }

    private void EndProbe(Ipv4Address address, Slot probe)
    {
        if (probe.HeldUntil is { } until) _slots[address] = new Slot(LeaseState.Held, probe.Identity, probe.Since, until);
        else _slots.Remove(address);
    }

    /// <summary>Ends every state whose time is up at <paramref name="now"/>.</summary>
    private void EndLapsedStates(DateTimeOffset now)
    {
        List<Ipv4Address>? lapsed = null;
        foreach (var (address, slot) in _slots)
            if (slot.Until <= now) (lapsed ??= []).Add(address);
        if (lapsed is null) return;
        foreach (var address in lapsed)
        {
            var slot = _slots[address];
            switch (slot.State)
            {
                case LeaseState.Leased:
                    EndLease(address, slot, now, ReleaseGraceOf(address));
                    break;
                case LeaseState.Probing:
                    EndProbe(address, slot);
                    // A hold that was due while the probe ran ends now too.
                    if (_slots.TryGetValue(address, out var restored) && restored.Until <= now) EndHold(address);
                    break;
                case LeaseState.Held:
                    EndHold(address);
                    break;
                case LeaseState.Conflict:
                    _slots.Remove(address);
                    break;
            }
        }
    }

    private void EndHold(Ipv4Address address)
    {
        _slots.Remove(address);
        _unsaved = true;
    }

    private void ReportExhausted(string identity)
    {
        _counters = _counters with { Exhausted = _counters.Exhausted + 1 };
        _pendingEvents.Add(new PoolEvent.Exhausted(identity));
    }

    /// <summary><paramref name="now"/> + <paramref name="span"/>, saturating at the end of time instead of throwing.</summary>
    private static DateTimeOffset Later(DateTimeOffset now, TimeSpan span) =>
        span >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + span;
}
