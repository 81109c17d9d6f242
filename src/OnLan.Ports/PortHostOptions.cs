namespace OnLan.Ports;

/// <summary>Limits and timers of a port's host stack. The defaults are what a small router uses.</summary>
public sealed record PortHostOptions
{
    public static PortHostOptions Default { get; } = new();

    /// <summary>Neighbours remembered (a /22 of hosts).</summary>
    public int ArpCacheCapacity { get; init; } = 1024;
    /// <summary>How long a resolved MAC is trusted before it is asked for again.</summary>
    public TimeSpan ArpReachableTime { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan ArpRetransmitInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Requests sent before a neighbour is declared unreachable and its queued packets dropped.</summary>
    public int ArpMaxRequests { get; init; } = 3;
    public int PendingCapacity { get; init; } = 64;
    public int PendingPerNextHop { get; init; } = 16;
    /// <summary>RFC 5227 §2.4: defend our address at most once per this interval.</summary>
    public TimeSpan DefendInterval { get; init; } = TimeSpan.FromSeconds(10);
    public double IcmpErrorsPerSecond { get; init; } = 100;
    public double IcmpErrorBurst { get; init; } = 50;
}
