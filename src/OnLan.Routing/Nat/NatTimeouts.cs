namespace OnLan.Routing.Nat;

/// <summary>
/// How long a flow lives after its last packet, per protocol and TCP state. Defaults follow RFC 5382 (TCP: at
/// least 2 h 4 min established, 4 min transitory) and RFC 4787 (UDP: at least 2 min once both sides spoke), with
/// Linux conntrack's shorter values where the RFCs leave room.
/// </summary>
public sealed record NatTimeouts
{
    /// <summary>RFC 5382 REQ-5: at least 2 h 4 min (7440 s).</summary>
    public TimeSpan TcpEstablished { get; init; } = TimeSpan.FromSeconds(7440);

    /// <summary>SYN sent but unanswered, or one side half-closed: RFC 5382's 4-minute "transitory" timeout.</summary>
    public TimeSpan TcpTransitory { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Both FINs seen: 2 MSL, as Linux's TIME_WAIT.</summary>
    public TimeSpan TcpClosing { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>After a RST: long enough for a stray retransmission, as Linux's CLOSE (10 s).</summary>
    public TimeSpan TcpClosed { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>UDP where only the inside host has spoken (Linux: 30 s).</summary>
    public TimeSpan UdpUnreplied { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>UDP once the remote answered (Linux "assured": 180 s; RFC 4787 REQ-5 asks at least 120 s).</summary>
    public TimeSpan UdpAssured { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>ICMP echo (Linux: 30 s).</summary>
    public TimeSpan IcmpEcho { get; init; } = TimeSpan.FromSeconds(30);
}
