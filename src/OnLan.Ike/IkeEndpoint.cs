using OnLan.Wire;

namespace OnLan.Ike;

/// <summary>An IPv4 address and UDP port: where an IKE datagram came from or goes to.</summary>
public readonly record struct IkeEndpoint(Ipv4Address Address, ushort Port)
{
    public const ushort IkePort = 500;
    /// <summary>RFC 3948 / RFC 7296 §2.23: IKE after NAT detection, and UDP-encapsulated ESP.</summary>
    public const ushort NatTraversalPort = 4500;

    public override string ToString() => $"{Address}:{Port}";
}
