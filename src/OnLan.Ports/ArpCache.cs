using System.Runtime.InteropServices;
using OnLan.Wire;

namespace OnLan.Ports;

/// <summary>
/// Neighbours of one port: resolved MACs with an expiry, and resolutions in progress. Bounded: memory is
/// reserved up front and nothing allocates once the cache has been created.
/// </summary>
public sealed class ArpCache
{
    private readonly Dictionary<Ipv4Address, ArpEntry> _entries;
    private readonly Ipv4Address[] _scratch;

    public ArpCache(int capacity, TimeSpan reachableTime)
    {
        Capacity = capacity;
        ReachableTime = reachableTime;
        _entries = new Dictionary<Ipv4Address, ArpEntry>(capacity);
        _scratch = new Ipv4Address[capacity];
    }

    public int Capacity { get; }
    public TimeSpan ReachableTime { get; }
    public int Count => _entries.Count;
    public int IncompleteCount { get; private set; }

    /// <summary>The MAC of <paramref name="address"/> if it is known and fresh; an expired entry is forgotten.</summary>
    public bool TryGetMac(Ipv4Address address, TimeSpan now, out MacAddress mac)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, address);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry) && entry.State == ArpEntryState.Reachable)
        {
            if (entry.ExpiresAt > now)
            {
                mac = entry.Mac;
                return true;
            }
            _entries.Remove(address);
        }
        mac = default;
        return false;
    }

    public bool Contains(Ipv4Address address) => _entries.ContainsKey(address);

    public bool TryGetEntry(Ipv4Address address, out ArpEntry entry) => _entries.TryGetValue(address, out entry);

    /// <summary>
    /// Records that <paramref name="address"/> is at <paramref name="mac"/>. With <paramref name="create"/> false only
    /// an existing entry is refreshed (RFC 826's merge step for ARP not addressed to us). Returns true when an
    /// incomplete entry became reachable, so queued frames can now be sent.
    /// </summary>
    public bool Update(Ipv4Address address, MacAddress mac, TimeSpan now, bool create)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, address);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry))
        {
            if (!create || !MakeRoom(now)) return false;
            _entries[address] = new ArpEntry { State = ArpEntryState.Reachable, Mac = mac, ExpiresAt = now + ReachableTime };
            return false;
        }
        bool wasIncomplete = entry.State == ArpEntryState.Incomplete;
        if (wasIncomplete) IncompleteCount--;
        entry = new ArpEntry { State = ArpEntryState.Reachable, Mac = mac, ExpiresAt = now + ReachableTime };
        return wasIncomplete;
    }

    /// <summary>Starts resolving <paramref name="address"/>; false when it is already in progress or the cache is full.</summary>
    public bool BeginResolve(Ipv4Address address, TimeSpan now)
    {
        if (_entries.ContainsKey(address) || !MakeRoom(now)) return false;
        _entries[address] = new ArpEntry { State = ArpEntryState.Incomplete, NextRequestAt = now };
        IncompleteCount++;
        return true;
    }

    /// <summary>
    /// Walks the resolutions in progress: <paramref name="sendRequest"/> for each one due for a (re)transmission,
    /// <paramref name="giveUp"/> for each that used up <paramref name="maxRequests"/>; those are removed.
    /// </summary>
    public void Poll<TVisitor>(TimeSpan now, int maxRequests, TimeSpan retransmitInterval, ref TVisitor visitor)
        where TVisitor : struct, IArpResolutionVisitor
    {
        if (IncompleteCount == 0) return;
        int failed = 0;
        foreach (var key in _entries.Keys)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, key);
            if (entry.State != ArpEntryState.Incomplete || entry.NextRequestAt > now) continue;
            if (entry.RequestsSent >= maxRequests)
            {
                _scratch[failed++] = key;
                continue;
            }
            entry.RequestsSent++;
            entry.NextRequestAt = now + retransmitInterval;
            visitor.SendRequest(key);
        }
        for (int i = 0; i < failed; i++)
        {
            _entries.Remove(_scratch[i]);
            IncompleteCount--;
            visitor.GiveUp(_scratch[i]);
        }
    }

    public void Clear()
    {
        _entries.Clear();
        IncompleteCount = 0;
    }

    // Frees a slot when full: expired entries first, else the reachable entry closest to expiry.
    private bool MakeRoom(TimeSpan now)
    {
        if (_entries.Count < Capacity) return true;
        int expired = 0;
        Ipv4Address oldest = default;
        TimeSpan oldestExpiry = TimeSpan.MaxValue;
        foreach (var (key, entry) in _entries)
        {
            if (entry.State != ArpEntryState.Reachable) continue;
            if (entry.ExpiresAt <= now) _scratch[expired++] = key;
            else if (entry.ExpiresAt < oldestExpiry) (oldest, oldestExpiry) = (key, entry.ExpiresAt);
        }
        for (int i = 0; i < expired; i++) _entries.Remove(_scratch[i]);
        if (expired == 0 && oldestExpiry != TimeSpan.MaxValue) _entries.Remove(oldest);
        return _entries.Count < Capacity;
    }
}

/// <summary>Callbacks of <see cref="ArpCache.Poll"/> (a struct, so the walk allocates no closure).</summary>
public interface IArpResolutionVisitor
{
    void SendRequest(Ipv4Address address);
    void GiveUp(Ipv4Address address);
}
