using OnLan.Wire;

namespace OnLan.Dhcp.Client;

/// <summary>
/// The message <see cref="DhcpClient.TryTakeOutgoing(Span{byte}, out DhcpClientDatagram)"/> wrote: the first
/// <see cref="Length"/> bytes of the caller's buffer are a UDP payload to send from <see cref="Source"/>, port
/// <see cref="DhcpClient.ClientPort"/>, to <see cref="Destination"/>, port <see cref="DhcpClient.ServerPort"/>.
/// </summary>
/// <param name="Source">
/// 0.0.0.0 while the client has no address (DHCPDISCOVER, DHCPREQUEST when selecting or rebooting, DHCPDECLINE);
/// the leased address for DHCPREQUEST when renewing or rebinding and for DHCPRELEASE (RFC 2131 §4.1, §4.4.5).
/// </param>
/// <param name="Destination">255.255.255.255, or the server identifier when renewing and releasing.</param>
/// <param name="IsBroadcast">
/// True: send to Ethernet ff:ff:ff:ff:ff:ff without ARP. False: a unicast to the server, through the WAN's
/// router when the server is off the segment, as any unicast datagram.
/// </param>
public readonly record struct DhcpClientDatagram(int Length, DhcpMessageType Type, Ipv4Address Source, Ipv4Address Destination, bool IsBroadcast);
