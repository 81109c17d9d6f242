namespace OnLan.Routing.Nat;

/// <summary>
/// What <see cref="NatTable.Outbound"/> or <see cref="NatTable.Inbound"/> did with a packet, and so what the caller
/// does next. Only <see cref="Translated"/> and <see cref="Hairpin"/> change the buffer; every other value leaves it
/// exactly as it was.
/// </summary>
public enum NatResult : byte
{
    /// <summary>Rewritten in place. Outbound: send it on the WAN port. Inbound: forward it to the LAN (or tunnel).</summary>
    Translated,

    /// <summary>
    /// Outbound only: a LAN host sent to the WAN address and a port forward (or the hairpinned flow it opened) owns
    /// that port. The packet has been translated twice — source to the WAN address, destination to the LAN server —
    /// so it now looks as if it arrived on the WAN port: route it back to the LAN, never out of the WAN port.
    /// </summary>
    Hairpin,

    /// <summary>
    /// Outbound only: addressed to the WAN address but to no forwarded port (a LAN host pinging the gateway, or
    /// talking to its IKE port). Untouched: hand it to the gateway's own stack, or drop it.
    /// </summary>
    ForGateway,

    /// <summary>
    /// No flow matches and this packet may not open one. Untouched. Inbound: deliver it to the gateway itself if it is
    /// IKE, ESP, an ICMP echo request, DHCP for the WAN client or an ICMP error about the gateway's own traffic; drop
    /// and count anything else. Outbound: a TCP RST or ICMP error for no known flow — drop it.
    /// </summary>
    NotTracked,

    /// <summary>Truncated or inconsistent headers (IPv4, TCP, UDP, ICMP, or the packet quoted in an ICMP error). Drop.</summary>
    DroppedMalformed,

    /// <summary>A non-first fragment: it carries no ports, and the table does not reassemble. Drop.</summary>
    DroppedFragment,

    /// <summary>A new flow needed an external port and every port of the ephemeral range is in use. Drop.</summary>
    DroppedNoPort,

    /// <summary>A protocol or ICMP type NAPT cannot translate (GRE, an outbound echo reply, …). Drop.</summary>
    DroppedUnsupported,
}
