namespace OnLan.Ports;

/// <summary>
/// One direction of packets between two port threads: a <see cref="FrameRing"/> plus the wake-up that tells the
/// consumer's thread, blocked in its link's receive, that there is work. The producer wakes the consumer only when
/// the consumer said it was going to sleep, so a busy consumer costs no system call per packet.
/// </summary>
public sealed class PacketHandoff(IFrameLink consumerLink, int capacity = 512)
{
    private int _consumerSleeping;

    public FrameRing Ring { get; } = new(capacity);

    /// <summary>Producer: the slot to build the next packet in; false (counted in the ring) when full.</summary>
    public bool TryBeginWrite(out Span<byte> slot) => Ring.TryBeginWrite(out slot);

    /// <summary>Producer: publishes the packet and wakes the consumer if it sleeps.</summary>
    public void CommitWrite(int offset, int length)
    {
        Ring.CommitWrite(offset, length);
        if (Volatile.Read(ref _consumerSleeping) == 1 && Interlocked.Exchange(ref _consumerSleeping, 0) == 1)
            consumerLink.Wake();
    }

    /// <summary>
    /// Consumer: announces that it is about to block in its link's receive. Returns false (and stays awake) when
    /// packets arrived in the meantime; the full fence of the exchange orders the announcement before the check.
    /// </summary>
    public bool PrepareToSleep()
    {
        Interlocked.Exchange(ref _consumerSleeping, 1);
        if (Ring.IsEmpty) return true;
        Volatile.Write(ref _consumerSleeping, 0);
        return false;
    }

    /// <summary>Consumer: awake again.</summary>
    public void Awake() => Volatile.Write(ref _consumerSleeping, 0);
}
