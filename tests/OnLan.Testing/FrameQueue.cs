using System.Diagnostics;
using OnLan.Ports;

namespace OnLan.Testing;

/// <summary>
/// A bounded FIFO of frames copied into one preallocated ring of fixed slots: enqueue and dequeue never
/// allocate. One producer and one consumer thread; a waiting consumer is woken by the producer.
/// </summary>
internal sealed class FrameQueue
{
    private readonly object _gate = new();
    private readonly byte[] _ring;
    private readonly int[] _lengths;
    private readonly int _slotSize;
    private int _head;
    private int _count;

    public FrameQueue(int capacity, int slotSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new byte[capacity * slotSize];
        _lengths = new int[capacity];
        _slotSize = slotSize;
    }

    public int Capacity => _lengths.Length;

    public int Count
    {
        get { lock (_gate) return _count; }
    }

    /// <summary>Copies <paramref name="frame"/> in; false when the queue is full or the frame bigger than a slot.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> frame)
    {
        if (frame.Length > _slotSize) return false;
        lock (_gate)
        {
            if (_count == _lengths.Length) return false;
            int tail = (_head + _count) % _lengths.Length;
            frame.CopyTo(_ring.AsSpan(tail * _slotSize, _slotSize));
            _lengths[tail] = frame.Length;
            _count++;
            if (_count == 1) Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>
    /// Moves up to <paramref name="batch"/>.Capacity frames into the batch (which it clears first), waiting up to
    /// <paramref name="timeout"/> for the first. Frames too big for the batch's slots are dropped and counted in
    /// <paramref name="oversize"/>.
    /// </summary>
    public int DequeueInto(FrameBatch batch, TimeSpan timeout, ref long oversize)
    {
        batch.Clear();
        long start = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            while (_count == 0)
            {
                if (_woken)
                {
                    _woken = false;
                    return 0;
                }
                if (timeout == TimeSpan.Zero) return 0;
                int waitMilliseconds;
                if (timeout == Timeout.InfiniteTimeSpan) waitMilliseconds = Timeout.Infinite;
                else
                {
                    TimeSpan left = timeout - Stopwatch.GetElapsedTime(start);
                    if (left <= TimeSpan.Zero) return 0;
                    waitMilliseconds = (int)Math.Ceiling(Math.Min(left.TotalMilliseconds, int.MaxValue));
                }
                Monitor.Wait(_gate, waitMilliseconds);
            }
            while (_count > 0 && !batch.IsFull)
            {
                int length = _lengths[_head];
                if (length <= batch.SlotSize) batch.TryAdd(_ring.AsSpan(_head * _slotSize, length));
                else oversize++;
                _head = (_head + 1) % _lengths.Length;
                _count--;
            }
            return batch.Count;
        }
    }

    /// <summary>Makes a waiting (or the next) <see cref="DequeueInto"/> return at once.</summary>
    public void Wake()
    {
        lock (_gate)
        {
            _woken = true;
            Monitor.PulseAll(_gate);
        }
    }

    private bool _woken;

    public void Clear()
    {
        lock (_gate)
        {
            _head = 0;
            _count = 0;
        }
    }
}
