namespace OnLan.Ports;

/// <summary>
/// Counters of one port. Written only by the port's own thread; other threads (the console) may read them at
/// any time and see values at most one batch old (64-bit reads do not tear on the platforms we build for).
/// </summary>
public sealed class PortCounters
{
    private readonly long[] _drops = new long[DropReasons.Count];

    public long ReceivedFrames;
    public long ReceivedBytes;
    public long SentFrames;
    public long SentBytes;
    public long ArpRequestsSent;
    public long ArpRepliesSent;
    public long EchoRepliesSent;
    public long IcmpErrorsSent;
    public long UdpDelivered;
    public long ProxyArpRepliesSent;
    public long Forwarded;
    public long GratuitousArpsSent;
    public long ArpProbesSent;

    public long this[DropReason reason] => Volatile.Read(ref _drops[(int)reason]);

    public long TotalDropped
    {
        get
        {
            long total = 0;
            for (int i = 0; i < _drops.Length; i++) total += Volatile.Read(ref _drops[i]);
            return total;
        }
    }

    internal void Drop(DropReason reason) => _drops[(int)reason]++;
}
