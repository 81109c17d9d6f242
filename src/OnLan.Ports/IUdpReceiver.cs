using OnLan.Wire;

namespace OnLan.Ports;

/// <summary>Where and when a UDP datagram to the gateway's own address arrived.</summary>
public readonly record struct UdpReceiveContext(
    Ipv4Address Source, ushort SourcePort, Ipv4Address Destination, ushort DestinationPort, TimeSpan Now)
{
    /// <summary>True when the datagram came from another section through <see cref="PortHost.Inject"/> (the tunnel), not off the wire.</summary>
    public bool Injected { get; init; }
}

/// <summary>A service bound to a UDP port of the gateway's address (IKE on 500 and 4500, DHCP later).</summary>
public interface IUdpReceiver
{
    /// <summary>
    /// Called on the port's thread. <paramref name="payload"/> (the receive buffer, which the receiver may change in
    /// place, e.g. to decrypt) is valid only during the call; answers go into
    /// <paramref name="output"/> through <see cref="PortHost.SendUdp"/>.
    /// </summary>
    void Receive(in UdpReceiveContext context, Span<byte> payload, FrameBatch output);
}
