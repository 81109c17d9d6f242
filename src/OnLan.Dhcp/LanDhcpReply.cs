using OnLan.Wire;

namespace OnLan.Dhcp;

/// <summary>
/// What <see cref="LanDhcpServer.Answer"/> wrote: the first <see cref="Length"/> bytes of the caller's buffer are a
/// DHCP message (the UDP payload) to send from the server's address, port 67, to <see cref="Destination"/>, port
/// <see cref="LanDhcpServer.ClientPort"/>. <see cref="None"/> (length 0) when there is nothing to send.
/// </summary>
/// <param name="Destination">255.255.255.255 (Ethernet destination ff:ff:ff:ff:ff:ff), or the client's own address
/// (ciaddr) when it has one: then its MAC is found by ARP as for any LAN host.</param>
/// <param name="Type">DHCPOFFER, DHCPACK or DHCPNAK; <see cref="DhcpMessageType.None"/> for <see cref="None"/>.</param>
public readonly record struct LanDhcpReply(int Length, Ipv4Address Destination, DhcpMessageType Type)
{
    public static LanDhcpReply None => default;

    public bool IsNone => Length == 0;
}
