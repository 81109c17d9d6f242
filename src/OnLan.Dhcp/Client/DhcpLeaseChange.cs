namespace OnLan.Dhcp.Client;

/// <summary>
/// What happened to the WAN address, in the order it happened (<see cref="DhcpClient.TryTakeLeaseChange"/>). Only
/// <see cref="Bound"/>, <see cref="Lost"/> and <see cref="Released"/> change the address: on those the gateway
/// re-addresses its WAN port and moves the IKE responder; <see cref="Renewed"/> and <see cref="Rebound"/> only
/// extend the lease (its times and options may have changed, its address has not).
/// </summary>
public enum DhcpLeaseChange : byte
{
    None,
    /// <summary>A new lease: <see cref="DhcpClient.Lease"/> holds its address, router, DNS servers.</summary>
    Bound,
    /// <summary>The granting server extended the lease (RENEWING → BOUND).</summary>
    Renewed,
    /// <summary>Some server extended the lease after T2 (REBINDING → BOUND).</summary>
    Rebound,
    /// <summary>
    /// The address is gone: the lease expired, a server said DHCPNAK, or the caller found it in use
    /// (<see cref="DhcpClient.AddressInUse"/>). Stop using it at once (RFC 2131 §4.4.5).
    /// </summary>
    Lost,
    /// <summary>The lease was given back (<see cref="DhcpClient.Stop"/>); the DHCPRELEASE is waiting in the outgoing slot.</summary>
    Released,
}
