using System.Runtime.CompilerServices;

namespace OnLan.Ports;

/// <summary>
/// A bounded single-producer, single-consumer queue of packets between two port threads (the WAN thread hands
/// decapsulated packets to the LAN thread, the LAN thread hands encapsulated ones to the WAN thread). Slots are
/// preallocated; neither side allocates or takes a lock. A full ring drops (the producer counts it), as a full
/// transmit queue would.
/// </summary>
/// <remarks>
/// Ownership: only the producer thread calls <see cref="TryBeginWrite"/>/<see cref="CommitWrite"/>; only the consumer
/// calls <see cref="TryPeek"/>/<see cref="Release"/>. Head and tail are published with Volatile so a slot's bytes
/// are visible before its index is.
/// </remarks>
public sealed class FrameRing
{
    private readonly byte[] _memory;
    private readonly int[] _lengths;
    private readonly int[] _offsets;
    private readonly int _mask;
    private long _head; // next slot the consumer reads
    private long _tail; // next slot the producer writes

    public FrameRing(int capacity = 256, int slotSize = FrameBatch.DefaultSlotSize)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0) throw new ArgumentException("capacity must be a power of two >= 2", nameof(capacity));
        Capacity = capacity;
        SlotSize = slotSize;
        _mask = capacity - 1;
        _memory = GC.AllocateUninitializedArray<byte>(capacity * slotSize, pinned: true);
        _lengths = new int[capacity];
        _offsets = new int[capacity];
    }

    public int Capacity { get; }
    public int SlotSize { get; }

    /// <summary>Packets the producer could not enqueue because the ring was full.</summary>
    public long Dropped;

    public bool IsEmpty => Volatile.Read(ref _head) == Volatile.Read(ref _tail);

    /// <summary>Producer: the next free slot to build a packet in, or false when the ring is full (counted).</summary>
    public bool TryBeginWrite(out Span<byte> slot)
    {
        long tail = _tail;
        if (tail - Volatile.Read(ref _head) >= Capacity)
        {
            Dropped++;
            slot = default;
            return false;
        }
        slot = _memory.AsSpan((int)(tail & _mask) * SlotSize, SlotSize);
        return true;
    }

    /// <summary>Producer: publishes the slot from <see cref="TryBeginWrite"/>; the packet is <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
    public void CommitWrite(int offset, int length)
    {
        long tail = _tail;
        int index = (int)(tail & _mask);
        _offsets[index] = offset;
        _lengths[index] = length;
        Volatile.Write(ref _tail, tail + 1);
    }

    /// <summary>Producer: copies <paramref name="packet"/> in; false (counted) when full.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > SlotSize || !TryBeginWrite(out var slot)) return false;
        packet.CopyTo(slot);
        CommitWrite(0, packet.Length);
        return true;
    }

    /// <summary>Consumer: the oldest packet, valid until <see cref="Release"/>.</summary>
    public bool TryPeek(out Span<byte> packet)
    {
        long head = _head;
        if (head == Volatile.Read(ref _tail))
        {
            packet = default;
            return false;
        }
        int index = (int)(head & _mask);
        packet = _memory.AsSpan(index * SlotSize + _offsets[index], _lengths[index]);
        return true;
    }

    /// <summary>Consumer: frees the slot returned by <see cref="TryPeek"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release() => Volatile.Write(ref _head, _head + 1);
}
