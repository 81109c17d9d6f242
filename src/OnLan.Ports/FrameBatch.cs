using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OnLan.Ports;

/// <summary>
/// A fixed set of frame slots that a link fills or drains in one system call. The memory is allocated once,
/// pinned, and reused for the life of the batch, so the packet path never allocates.
/// </summary>
/// <remarks>
/// Ownership: a batch belongs to one thread. Frames a link wrote into it stay valid until the next call that
/// fills the same batch. Slot <c>i</c> starts at byte <c>i * SlotSize</c> of one pinned block.
/// </remarks>
public sealed unsafe class FrameBatch
{
    /// <summary>Enough for a 1500-byte MTU frame plus an 802.1Q tag, rounded to a cache-friendly size.</summary>
    public const int DefaultSlotSize = 2048;

    private readonly byte[] _memory;
    private readonly int[] _lengths;

    public FrameBatch(int capacity = 64, int slotSize = DefaultSlotSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotSize, 64);
        Capacity = capacity;
        SlotSize = slotSize;
        _memory = GC.AllocateUninitializedArray<byte>(capacity * slotSize, pinned: true);
        _lengths = new int[capacity];
    }

    /// <summary>Number of slots.</summary>
    public int Capacity { get; }

    /// <summary>Bytes each slot can hold.</summary>
    public int SlotSize { get; }

    /// <summary>Slots in use, from slot 0.</summary>
    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>The frame in slot <paramref name="index"/> (only its used bytes).</summary>
    public Span<byte> Frame(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
        return _memory.AsSpan(index * SlotSize, _lengths[index]);
    }

    public int Length(int index) => _lengths[index];

    /// <summary>The whole of slot <paramref name="index"/>, for a link or a builder to write into.</summary>
    public Span<byte> Slot(int index) => _memory.AsSpan(index * SlotSize, SlotSize);

    /// <summary>Address of slot <paramref name="index"/>: valid for the life of the batch (the memory is pinned).</summary>
    public byte* SlotPointer(int index) => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_memory)) + (nint)index * SlotSize;

    /// <summary>The next free slot, to be filled and then claimed with <see cref="Commit"/>. Empty when the batch is full.</summary>
    public Span<byte> NextSlot() => IsFull ? Span<byte>.Empty : Slot(Count);

    /// <summary>Claims the slot returned by <see cref="NextSlot"/> with <paramref name="length"/> bytes of frame.</summary>
    public void Commit(int length)
    {
        if (IsFull) throw new InvalidOperationException("batch is full");
        if ((uint)length > (uint)SlotSize) throw new ArgumentOutOfRangeException(nameof(length));
        _lengths[Count++] = length;
    }

    /// <summary>Copies <paramref name="frame"/> into the next slot. False when the batch is full or the frame too long.</summary>
    public bool TryAdd(ReadOnlySpan<byte> frame)
    {
        if (IsFull || frame.Length > SlotSize) return false;
        frame.CopyTo(Slot(Count));
        _lengths[Count++] = frame.Length;
        return true;
    }

    /// <summary>Sets the lengths after a link filled slots 0..count-1 directly.</summary>
    public void SetFilled(int count, ReadOnlySpan<int> lengths)
    {
        if ((uint)count > (uint)Capacity) throw new ArgumentOutOfRangeException(nameof(count));
        lengths[..count].CopyTo(_lengths);
        Count = count;
    }

    /// <summary>Sets one slot's length when a link fills slots itself; call <see cref="SetCount"/> after.</summary>
    public void SetLength(int index, int length) => _lengths[index] = length;

    public void SetCount(int count)
    {
        if ((uint)count > (uint)Capacity) throw new ArgumentOutOfRangeException(nameof(count));
        Count = count;
    }

    public void Clear() => Count = 0;
}
