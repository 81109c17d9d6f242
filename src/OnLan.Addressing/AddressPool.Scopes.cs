using OnLan.Wire;

namespace OnLan.Addressing;

// Several scopes over one slot table: which addresses each kind of client may be handed, and how each is used.
public sealed partial class AddressPool
{
    /// <summary>A scope as the pool keeps it: its addresses and its timers resolved against the options.</summary>
    private sealed class Scope(string name, AddressRanges addresses, TimeSpan releaseGrace, TimeSpan recoveryHold)
    {
        public string Name { get; } = name;
        public AddressRanges Addresses { get; } = addresses;
        public TimeSpan ReleaseGrace { get; } = releaseGrace;
        public TimeSpan RecoveryHold { get; } = recoveryHold;
    }

    /// <summary>
    /// A pool serving several <paramref name="scopes"/> (e.g. "vpn" for remote PCs and "lan" for the gateway's DHCP
    /// server) from one slot table, one <paramref name="store"/> and one lock: whatever the scopes say, an address is
    /// leased to one identity at a time. Only <see cref="ReserveCandidate(string, DateTimeOffset, string, Ipv4Address?)"/>
    /// and <see cref="Usage"/> / <see cref="Snapshot(string)"/> look at scopes; every other call is keyed by address.
    /// Recovery follows the five-argument constructor, with each address's hold taken from its scope's
    /// <see cref="AddressScope.RecoveryHold"/>. Overlapping scopes are a configuration mistake the validator refuses;
    /// the pool stays safe with them (an address in two scopes takes the first one's timers).
    /// </summary>
    /// <exception cref="ArgumentException">No scope, an empty or repeated name, a reversed range, a negative timer:
    /// configuration bugs the configuration parser catches first.</exception>
    public AddressPool(IEnumerable<AddressScope> scopes, AddressPoolOptions options, ILeaseStore? store, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        options.Validate();
        var list = new List<Scope>();
        foreach (var scope in scopes)
        {
            ArgumentException.ThrowIfNullOrEmpty(scope.Name);
            var grace = scope.ReleaseGrace ?? options.ReleaseGrace;
            var recovery = scope.RecoveryHold ?? grace;
            if (grace < TimeSpan.Zero || recovery < TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(scopes), $"scope {scope.Name}: timers must not be negative");
            var resolved = new Scope(scope.Name, new AddressRanges(scope.Ranges, scope.Exclusions), grace, recovery);
            if (!_scopeByName.TryAdd(scope.Name, resolved))
                throw new ArgumentException($"scope {scope.Name} is given twice", nameof(scopes));
            list.Add(resolved);
        }
        if (list.Count == 0) throw new ArgumentException("a pool needs at least one scope", nameof(scopes));
        _scopes = [.. list];
        _pool = AddressRanges.Union(list.ConvertAll(scope => scope.Addresses));
        _options = options;
        _store = store;
        _lastNow = now;
        if (store is not null) Recover(store, now);
    }

    /// <summary>The scopes' names, in the order given.</summary>
    public IReadOnlyList<string> ScopeNames => Array.ConvertAll(_scopes, scope => scope.Name);

    /// <summary>Whether <paramref name="address"/> is one <paramref name="scope"/> may hand out; false for an unknown scope.</summary>
    public bool Contains(Ipv4Address address, string scope) =>
        _scopeByName.TryGetValue(scope, out var found) && found.Addresses.Contains(address);

    /// <summary>Capacity and states of the addresses in <paramref name="scope"/>'s ranges; null for an unknown scope.</summary>
    public ScopeUsage? Usage(string scope)
    {
        if (!_scopeByName.TryGetValue(scope, out var found)) return null;
        int leased = 0, probing = 0, held = 0, conflict = 0;
        lock (_gate)
        {
            foreach (var (address, slot) in _slots)
            {
                if (!found.Addresses.Contains(address)) continue;
                switch (slot.State)
                {
                    case LeaseState.Leased: leased++; break;
                    case LeaseState.Probing: probing++; break;
                    case LeaseState.Held: held++; break;
                    case LeaseState.Conflict: conflict++; break;
                }
            }
        }
        return new ScopeUsage(found.Name, found.Addresses.Count, leased, probing, held, conflict);
    }

    /// <summary>The addresses of <paramref name="scope"/>'s ranges that have a state, lowest first; empty for an unknown scope.</summary>
    public IReadOnlyList<LeaseInfo> Snapshot(string scope)
    {
        if (!_scopeByName.TryGetValue(scope, out var found)) return [];
        var all = Snapshot();
        var list = new List<LeaseInfo>();
        foreach (var info in all)
            if (found.Addresses.Contains(info.Address)) list.Add(info);
        return list;
    }

    /// <summary>The scope an address of the pool belongs to: the first whose ranges hold it; null outside them all.</summary>
    private Scope? ScopeOf(Ipv4Address address)
    {
        foreach (var scope in _scopes)
            if (scope.Addresses.Contains(address)) return scope;
        return null;
    }

    private TimeSpan ReleaseGraceOf(Ipv4Address address) => ScopeOf(address)?.ReleaseGrace ?? _options.ReleaseGrace;

    private Scope ScopeNamed(string scope) =>
        _scopeByName.TryGetValue(scope, out var found) ? found : throw new ArgumentException($"no scope named {scope}", nameof(scope));
}
