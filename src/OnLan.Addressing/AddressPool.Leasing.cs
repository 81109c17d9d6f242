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
        Ipv4Address? chosen;
        PoolEvent[]? raised;
        lock (_gate)
        {
            _lastNow = now;
            EndLapsedStates(now);
            chosen = Choose(identity);
            if (chosen is { } address)
            {
                DateTimeOffset? heldUntil = _slots.TryGetValue(address, out var slot) ? slot.Until : null;
                _slots[address] = new Slot(LeaseState.Probing, identity, now, now + _options.ProbeReservation, heldUntil);
            }
            else
            {
                ReportExhausted(identity);
            }
            // Ends found by the sweep are saved with the next change (normally the Commit that follows at once).
            raised = TakeEvents();
        }
        Raise(raised);
        return chosen;
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
    /// + <see cref="AddressPoolOptions.ReleaseGrace"/>, then free; saved before this returns. Nothing happens for an
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
                EndLease(address, slot, now, _options.ReleaseGrace);
                Persist();
            }
            raised = TakeEvents();
        }
        Raise(raised);
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
                    EndLease(address, slot, now, _options.ReleaseGrace);
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
