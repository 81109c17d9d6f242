using OnLan.Wire;

namespace OnLan.Ports;

/// <summary>
/// IPv4 packets waiting for their next hop's MAC. A fixed number of slots, each holding one packet, with a cap
/// per next hop so one unresolvable neighbour cannot take the whole queue. Nothing allocates after construction.
/// </summary>
public sealed class ArpPendingQueue
{
    private readonly byte[] _memory;
    private readonly int[] _lengths;
    private readonly Ipv4Address[] _nextHops;
    private readonly bool[] _used;

    public ArpPendingQueue(int capacity, int perNextHop, int slotSize)
    {
        Capacity = capacity;
        PerNextHop = perNextHop;
        SlotSize = slotSize;
        _memory = new byte[capacity * slotSize];
        _lengths = new int[capacity];
        _nextHops = new Ipv4Address[capacity];
        _used = new bool[capacity];
    }

    public int Capacity { get; }
    public int PerNextHop { get; }
    public int SlotSize { get; }
    public int Count { get; private set; }

    /// <summary>Copies <paramref name="packet"/> in; false when the queue, or this next hop's share of it, is full.</summary>
    public bool TryEnqueue(Ipv4Address nextHop, ReadOnlySpan<byte> packet)
    {
        if (packet.Length > SlotSize) return false;
        int free = -1, forHop = 0;
        for (int i = 0; i < Capacity; i++)
        {
            if (!_used[i]) { if (free < 0) free = i; }
            else if (_nextHops[i] == nextHop) forHop++;
        }
        if (free < 0 || forHop >= PerNextHop) return false;
        packet.CopyTo(_memory.AsSpan(free * SlotSize));
        _lengths[free] = packet.Length;
        _nextHops[free] = nextHop;
        _used[free] = true;
        Count++;
        return true;
    }

    /// <summary>
    /// Index of the oldest-slotted packet waiting for <paramref name="nextHop"/>, or -1. Read it with
    /// <see cref="Packet"/>, then <see cref="Release"/> it.
    /// </summary>
    public int Find(Ipv4Address nextHop)
    {
        if (Count == 0) return -1;
        for (int i = 0; i < Capacity; i++)
            if (_used[i] && _nextHops[i] == nextHop) return i;
        return -1;
    }

    public ReadOnlySpan<byte> Packet(int index) => _memory.AsSpan(index * SlotSize, _lengths[index]);

    public void Release(int index)
    {
        if (!_used[index]) return;
        _used[index] = false;
        Count--;
    }

    /// <summary>Drops every packet waiting for <paramref name="nextHop"/>; returns how many.</summary>
    public int DropAll(Ipv4Address nextHop)
    {
        int dropped = 0;
        for (int i = 0; i < Capacity && Count > 0; i++)
        {
            if (_used[i] && _nextHops[i] == nextHop)
            {
                Release(i);
                dropped++;
            }
        }
        return dropped;
    }
}
