using OnLan.Wire;

namespace OnLan.Addressing;

/// <summary>
/// Addresses for remote PCs, taken from ranges inside the LAN segment. The same identity gets its previous
/// address again while it is free (sticky); otherwise the lowest free one. In memory only: the address-distribution
/// issue adds the ARP probe before handing out, conflicts, persistence and leases that outlive a restart.
/// </summary>
public sealed class AddressPool
{
    private readonly IReadOnlyList<(Ipv4Address First, Ipv4Address Last)> _ranges;
    private readonly Dictionary<Ipv4Address, string> _inUse = [];
    private readonly Dictionary<string, Ipv4Address> _lastGiven = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public AddressPool(IEnumerable<(Ipv4Address First, Ipv4Address Last)> ranges)
    {
        _ranges = ranges.ToList();
        foreach (var (first, last) in _ranges)
            if (last.Value < first.Value) throw new ArgumentException($"range {first}-{last} is reversed");
        Capacity = _ranges.Sum(r => (long)(r.Last.Value - r.First.Value + 1));
    }

    public long Capacity { get; }

    public int InUse
    {
        get { lock (_gate) return _inUse.Count; }
    }

    /// <summary>An address for <paramref name="identity"/>, or null when the pool is exhausted.</summary>
    public Ipv4Address? Acquire(string identity)
    {
        lock (_gate)
        {
            if (_lastGiven.TryGetValue(identity, out var previous) && !_inUse.ContainsKey(previous) && Contains(previous))
                return Take(previous, identity);
            foreach (var (first, last) in _ranges)
            {
                for (uint value = first.Value; value <= last.Value && value >= first.Value; value++)
                {
                    var candidate = new Ipv4Address(value);
                    // Prefer addresses no other identity held before: sticky addresses stay available to their owners.
                    if (!_inUse.ContainsKey(candidate) && !_lastGiven.ContainsValue(candidate)) return Take(candidate, identity);
                }
            }
            foreach (var (first, last) in _ranges)
                for (uint value = first.Value; value <= last.Value && value >= first.Value; value++)
                    if (!_inUse.ContainsKey(new Ipv4Address(value))) return Take(new Ipv4Address(value), identity);
            return null;
        }
    }

    public void Release(Ipv4Address address)
    {
        lock (_gate) _inUse.Remove(address);
    }

    /// <summary>Forgets every lease and every sticky assignment (the pool-reset button).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _inUse.Clear();
            _lastGiven.Clear();
        }
    }

    public IReadOnlyList<(Ipv4Address Address, string Identity)> Leases()
    {
        lock (_gate) return _inUse.Select(pair => (pair.Key, pair.Value)).OrderBy(l => l.Key).ToList();
    }

    private bool Contains(Ipv4Address address)
    {
        foreach (var (first, last) in _ranges)
            if (address.Value >= first.Value && address.Value <= last.Value) return true;
        return false;
    }

    private Ipv4Address Take(Ipv4Address address, string identity)
    {
        _inUse[address] = identity;
        _lastGiven[identity] = address;
        return address;
    }
}
