using OnLan.Dhcp;
using OnLan.Wire;

namespace OnLan.Dhcp.Tests;

/// <summary>
/// The lease book the tests give <see cref="LanDhcpServer"/>: the rules the gateway's pool follows for its "lan"
/// scope (reservations that lapse, sticky previous addresses, conflicts), in a few dictionaries.
/// </summary>
internal sealed class InMemoryLeaseBook(Ipv4Address first, Ipv4Address last) : IDhcpLeaseBook
{
    public static readonly TimeSpan ReservationTime = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ConflictHold = TimeSpan.FromMinutes(10);

    public readonly record struct Slot(string Client, bool Leased, DateTimeOffset Until);

    private readonly Dictionary<Ipv4Address, Slot> _slots = [];
    private readonly Dictionary<string, Ipv4Address> _previous = new(StringComparer.Ordinal);
    private readonly Dictionary<Ipv4Address, DateTimeOffset> _conflicts = [];

    public IReadOnlyDictionary<Ipv4Address, Slot> Slots => _slots;

    public IReadOnlyDictionary<Ipv4Address, DateTimeOffset> Conflicts => _conflicts;

    public bool Covers(Ipv4Address address) => address.Value >= first.Value && address.Value <= last.Value;

    public Ipv4Address? Offer(string client, Ipv4Address? requested, DateTimeOffset now)
    {
        Sweep(now);
        foreach (var (address, slot) in _slots)
            if (slot.Client == client)
            {
                if (!slot.Leased) _slots[address] = slot with { Until = now + ReservationTime };
                return address;
            }
        Ipv4Address? chosen = null;
        if (_previous.TryGetValue(client, out var previous) && IsFree(previous)) chosen = previous;
        else if (requested is { } asked && Covers(asked) && IsFree(asked) && !IsOthersPrevious(asked, client)) chosen = asked;
        else
        {
            for (uint value = first.Value; value <= last.Value && chosen is null; value++)
            {
                var candidate = new Ipv4Address(value);
                if (IsFree(candidate) && !IsOthersPrevious(candidate, client)) chosen = candidate;
            }
        }
        if (chosen is { } reserved) _slots[reserved] = new Slot(client, Leased: false, now + ReservationTime);
        return chosen;
    }

    public bool Confirm(string client, Ipv4Address address, TimeSpan lifetime, DateTimeOffset now)
    {
        Sweep(now);
        if (!Covers(address) || _conflicts.ContainsKey(address)) return false;
        if (_slots.TryGetValue(address, out var slot) ? slot.Client != client : IsOthersPrevious(address, client)) return false;
        // One address per client: confirming a new one ends a reservation or lease of another.
        foreach (var (other, mine) in _slots.ToList())
            if (mine.Client == client && other != address) _slots.Remove(other);
        _slots[address] = new Slot(client, Leased: true, lifetime == TimeSpan.MaxValue ? DateTimeOffset.MaxValue : now + lifetime);
        _previous[client] = address;
        return true;
    }

    public void Withdraw(string client)
    {
        foreach (var (address, slot) in _slots.ToList())
            if (slot.Client == client && !slot.Leased) _slots.Remove(address);
    }

    public bool Release(string client, Ipv4Address address, DateTimeOffset now)
    {
        if (!_slots.TryGetValue(address, out var slot) || slot.Client != client || !slot.Leased) return false;
        _slots.Remove(address);
        return true;
    }

    public bool Decline(string client, Ipv4Address address, DateTimeOffset now)
    {
        if (!_slots.TryGetValue(address, out var slot) || slot.Client != client) return false;
        _slots.Remove(address);
        if (_previous.TryGetValue(client, out var previous) && previous == address) _previous.Remove(client);
        _conflicts[address] = now + ConflictHold;
        return true;
    }

    private bool IsFree(Ipv4Address address) => Covers(address) && !_slots.ContainsKey(address) && !_conflicts.ContainsKey(address);

    private bool IsOthersPrevious(Ipv4Address address, string client)
    {
        foreach (var (owner, previous) in _previous)
            if (previous == address && owner != client) return true;
        return false;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (address, slot) in _slots.ToList())
            if (slot.Until <= now) _slots.Remove(address);
        foreach (var (address, until) in _conflicts.ToList())
            if (until <= now) _conflicts.Remove(address);
    }
}
