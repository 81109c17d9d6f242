namespace OnLan.Dhcp.Client;

/// <summary>What <see cref="DhcpClient"/> received and sent since it was made. Dropped replies are counted, never logged one by one.</summary>
/// <param name="Malformed">Datagrams that did not parse as DHCP, or were requests rather than replies.</param>
/// <param name="NotOurs">Replies to another transaction (xid) or another client (htype, hlen, chaddr), or arriving when no exchange is open.</param>
/// <param name="Unexpected">Replies to our transaction that the current state has no use for (an ACK while selecting, a late OFFER).</param>
/// <param name="Unusable">Replies that lacked what RFC 2131 Table 3 requires of them (server identifier, lease time) or offered an address that cannot be a host's.</param>
/// <param name="Retransmissions">Messages sent again because no reply came in time.</param>
public readonly record struct DhcpClientCounters(
    long Malformed,
    long NotOurs,
    long Unexpected,
    long Unusable,
    long Offers,
    long Acks,
    long Naks,
    long Sent,
    long Retransmissions,
    long Declines,
    long Releases);
