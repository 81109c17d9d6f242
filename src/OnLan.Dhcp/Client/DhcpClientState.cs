namespace OnLan.Dhcp.Client;

/// <summary>
/// Where <see cref="DhcpClient"/> is in RFC 2131 §4.4, figure 5. INIT-REBOOT and INIT are left as soon as the
/// first message goes out, so only their waiting halves have a name here (<see cref="Rebooting"/>, <see cref="Init"/>).
/// </summary>
public enum DhcpClientState : byte
{
    /// <summary>Not started, or stopped: sends nothing, takes nothing.</summary>
    Stopped,
    /// <summary>No address, waiting to send the first DHCPDISCOVER (a pause after a DHCPDECLINE or repeated DHCPNAKs).</summary>
    Init,
    /// <summary>DHCPDISCOVER broadcast, waiting for a DHCPOFFER.</summary>
    Selecting,
    /// <summary>An offer taken: DHCPREQUEST broadcast with its server identifier, waiting for DHCPACK or DHCPNAK.</summary>
    Requesting,
    /// <summary>INIT-REBOOT: DHCPREQUEST broadcast for the remembered address, waiting for DHCPACK or DHCPNAK.</summary>
    Rebooting,
    /// <summary>The lease is held; nothing is sent until T1.</summary>
    Bound,
    /// <summary>Past T1: DHCPREQUEST unicast to the server that granted the lease.</summary>
    Renewing,
    /// <summary>Past T2: DHCPREQUEST broadcast to any server, until the lease expires.</summary>
    Rebinding,
}
