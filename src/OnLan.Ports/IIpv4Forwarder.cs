using OnLan.Wire;

namespace OnLan.Ports;

/// <summary>
/// Where a port hands IPv4 packets that are not for the gateway itself but that it routes (on the LAN port: packets
/// to a remote PC's leased address, which go into the tunnel). Called on the port's thread.
/// </summary>
public interface IIpv4Forwarder
{
    /// <summary>
    /// Takes <paramref name="packet"/> (a whole IPv4 packet, TTL already decremented, valid only during the call)
    /// if it is for a destination this forwarder serves. <see cref="ForwardResult.TooBig"/> sets
    /// <paramref name="pathMtu"/>: the port answers with ICMP fragmentation-needed (RFC 1191) when DF is set.
    /// </summary>
    ForwardResult TryForward(Span<byte> packet, Ipv4Address destination, TimeSpan now, out int pathMtu);
}

public enum ForwardResult
{
    /// <summary>Not a destination this forwarder serves.</summary>
    NotMine,
    /// <summary>Taken (sent on, or dropped and counted by the forwarder).</summary>
    Taken,
    /// <summary>Larger than the path allows; the forwarder did not take it.</summary>
    TooBig,
}

/// <summary>Where a port hands ESP (IP protocol 50) sent to the gateway's own address (RFC 4303 without NAT).</summary>
public interface IEspReceiver
{
    /// <summary><paramref name="esp"/> starts at the SPI; valid only during the call.</summary>
    void ReceiveEsp(Span<byte> esp, Ipv4Address source, TimeSpan now, FrameBatch output);
}
