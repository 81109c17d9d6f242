namespace OnLan.Routing.Nat;

/// <summary>
/// The connection tracker's view of a TCP flow: coarse, like Linux conntrack's, only as fine as the timeouts need
/// (see <see cref="NatTimeouts"/> for how long each state lives without traffic).
/// </summary>
public enum TcpConnectionState : byte
{
    /// <summary>Not TCP.</summary>
    None,
    /// <summary>The initiator spoke (a SYN, or mid-stream pickup); no acknowledgement from the responder yet.</summary>
    SynSent,
    /// <summary>The responder acknowledged: the three-way handshake is through.</summary>
    Established,
    /// <summary>One side sent FIN; the other may still be sending (half-close).</summary>
    FinWait,
    /// <summary>Both sides sent FIN: only the last ACKs and retransmissions remain.</summary>
    TimeWait,
    /// <summary>A RST went through, either way.</summary>
    Closed,
}
