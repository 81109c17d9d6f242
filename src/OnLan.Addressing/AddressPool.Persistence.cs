using OnLan.Wire;

namespace OnLan.Addressing;

// Recovery at start and saving after each change.
public sealed partial class AddressPool
{
    // The sequence of the last state the store holds; the next save writes one more.
    private long _sequence;
    // Something that is saved changed without a successful save yet (a save failed, or a sweep ended a lease).
    private bool _unsaved;

    private void Recover(ILeaseStore store, DateTimeOffset now)
    {
        var load = store.Load();
        RecoveryError = load.Error;
        if (load.File is not { } file) return;
        _sequence = file.Sequence;

        long recovered = 0, dropped = 0;
        void HoldFor(Ipv4Address address, string identity)
        {
            // The scope follows from the address, so a lease comes back in the scope it was made in.
            if (ScopeOf(address) is not { } scope) { dropped++; return; }
            recovered++;
            if (scope.RecoveryHold > TimeSpan.Zero) _slots[address] = new Slot(LeaseState.Held, identity, now, Later(now, scope.RecoveryHold));
        }
        foreach (var lease in file.Leases) HoldFor(lease.Address, lease.Identity);
        foreach (var hold in file.Holds) HoldFor(hold.Address, hold.Identity);
        foreach (var binding in file.Bindings)
        {
            bool heldForOther = _slots.TryGetValue(binding.Address, out var slot) && slot.Identity != binding.Identity;
            if (!_pool.Contains(binding.Address) || heldForOther) { dropped++; continue; }
            _bindingOfIdentity[binding.Identity] = binding.Address;
            _bindingOfAddress[binding.Address] = new Binding(binding.Identity, binding.ReleasedAt);
        }
        _counters = _counters with { Recovered = recovered, DroppedAtRecovery = dropped };
        // Not saved here: the file on disk already says the same (leases read back as holds again).
        _unsaved = dropped > 0;
    }

    /// <summary>Whether the address's state is part of what is saved.</summary>
    private bool IsSaved(Ipv4Address address) =>
        _slots.TryGetValue(address, out var slot)
        && (slot.State is LeaseState.Leased or LeaseState.Held || slot is { State: LeaseState.Probing, HeldUntil: not null });

    /// <summary>Saves the whole state. A failing medium is counted and reported, never thrown at the caller.</summary>
    private void Persist()
    {
        if (_store is null)
        {
            _unsaved = false;
            return;
        }
        var file = ToFile(_sequence + 1);
        try
        {
            _store.Save(file);
            _sequence = file.Sequence;
            _unsaved = false;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The pool stays authoritative in memory: undoing a lease the SA already relies on would be worse.
            _unsaved = true;
            _counters = _counters with { StoreFailures = _counters.StoreFailures + 1 };
            _pendingEvents.Add(new PoolEvent.StoreFailed(exception.Message));
        }
    }

    private LeaseFile ToFile(long sequence)
    {
        var leases = new List<LeaseFile.Lease>();
        var holds = new List<LeaseFile.Hold>();
        foreach (var (address, slot) in _slots)
        {
            switch (slot)
            {
                case { State: LeaseState.Leased }:
                    leases.Add(new LeaseFile.Lease(address, slot.Identity!, slot.Since, slot.Until));
                    break;
                case { State: LeaseState.Held }:
                    holds.Add(new LeaseFile.Hold(address, slot.Identity!, slot.Until));
                    break;
                case { State: LeaseState.Probing, HeldUntil: { } heldUntil }:
                    holds.Add(new LeaseFile.Hold(address, slot.Identity!, heldUntil));
                    break;
            }
        }
        var bindings = new List<LeaseFile.Binding>(_bindingOfAddress.Count);
        foreach (var (address, binding) in _bindingOfAddress) bindings.Add(new LeaseFile.Binding(address, binding.Identity, binding.ReleasedAt));
        leases.Sort((a, b) => a.Address.CompareTo(b.Address));
        holds.Sort((a, b) => a.Address.CompareTo(b.Address));
        bindings.Sort((a, b) => a.Address.CompareTo(b.Address));
        return new LeaseFile(sequence, leases, holds, bindings);
    }
}
