using OnLan.Wire;

namespace OnLan.Routing.Nat;

/// <summary>
/// A copy of one flow of the <see cref="NatTable"/>, for <c>show nat flows</c> and tests. The internal endpoint is
/// the LAN (or VPN client) side, the remote endpoint the far side, the external port the one on the WAN address.
/// For ICMP echo the ports are the identifier (internal, external) and 0 (remote).
/// </summary>
public readonly record struct NatFlowInfo(
    IpProtocol Protocol,
    Ipv4Address InternalAddress,
    ushort InternalPort,
    Ipv4Address RemoteAddress,
    ushort RemotePort,
    ushort ExternalPort,
    TcpConnectionState TcpState,
    bool Replied,
    bool OpenedByPortForward,
    TimeSpan ExpiresAt);
