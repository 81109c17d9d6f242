using OnLan.Ports;
using OnLan.Wire;

namespace OnLan.Testing;

/// <summary>
/// One end of a <see cref="LinkPair"/>: an in-memory Ethernet port. What it sends, its peer receives, in order,
/// through a bounded queue; a full queue drops (and counts) the frame, as a wire would.
/// </summary>
public sealed class PairedLink : IFrameLink
{
    private readonly FrameQueue _inbound;
    private PairedLink _peer = null!;
    private volatile bool _isUp = true;
    private volatile bool _disposed;
    private long _sendDrops;
    private long _receiveOversize;

    internal PairedLink(string name, MacAddress address, int mtu, int queueCapacity)
    {
        Name = name;
        Address = address;
        Mtu = mtu;
        _inbound = new FrameQueue(queueCapacity, MaxFrameLength);
    }

    public string Name { get; }

    public MacAddress Address { get; }

    public int Mtu { get; }

    /// <summary>Carrier. Set it false to pull the cable: frames in either direction are then dropped.</summary>
    public bool IsUp
    {
        get => _isUp;
        set => _isUp = value;
    }

    /// <summary>Largest frame the link carries: MTU + Ethernet header + one 802.1Q tag.</summary>
    public int MaxFrameLength => Mtu + 18;

    /// <summary>Frames waiting to be received at this end.</summary>
    public int Pending => _inbound.Count;

    /// <summary>Frames this end's <see cref="Send"/> dropped: peer queue full, carrier down or frame too long.</summary>
    public long SendDrops => Interlocked.Read(ref _sendDrops);

    /// <summary>Frames dropped at receive because they did not fit the caller's batch slots.</summary>
    public long ReceiveOversize => Interlocked.Read(ref _receiveOversize);

    internal void Attach(PairedLink peer) => _peer = peer;

    public int Receive(FrameBatch batch, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_disposed)
        {
            batch.Clear();
            return 0;
        }
        return _inbound.DequeueInto(batch, timeout, ref _receiveOversize);
    }

    public int Send(FrameBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int accepted = 0;
        bool wire = !_disposed && _isUp && _peer._isUp && !_peer._disposed;
        for (int i = 0; i < batch.Count; i++)
        {
            ReadOnlySpan<byte> frame = batch.Frame(i);
            if (wire && frame.Length <= MaxFrameLength && _peer._inbound.TryEnqueue(frame)) accepted++;
            else Interlocked.Increment(ref _sendDrops);
        }
        return accepted;
    }

    public void Wake() => _inbound.Wake();

    /// <summary>Throws away the frames waiting at this end.</summary>
    public void Flush() => _inbound.Clear();

    public void Dispose()
    {
        _disposed = true;
        _inbound.Clear();
    }

    public override string ToString() => $"{Name} ({Address}, MTU {Mtu}, {Pending} pending)";
}
