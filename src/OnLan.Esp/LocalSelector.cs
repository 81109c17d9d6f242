using OnLan.Ike.Messages;
using OnLan.Wire;

namespace OnLan.Esp;

/// <summary>
/// One IPv4 traffic selector of TSr flattened for the packet path: an address range, protocol 0 = any, and a
/// destination port range (0..65535 = any). Made from <see cref="TrafficSelector"/> once, at install.
/// </summary>
internal readonly record struct LocalSelector(uint Start, uint End, byte Protocol, ushort StartPort, ushort EndPort)
{
    private const int PortsLength = 4;
    private const int DestinationPortOffset = 2;

    public static LocalSelector From(TrafficSelector selector) =>
        new(selector.Ipv4Start.Value, selector.Ipv4End.Value, selector.IpProtocol, selector.StartPort, selector.EndPort);

    private bool AnyPort => StartPort == 0 && EndPort == ushort.MaxValue;

    /// <summary>
    /// Does the inner packet's destination fall inside this selector? Port limits apply to TCP and UDP only and
    /// need the first fragment; a later fragment, or another protocol under a port limit, does not match
    /// (RFC 4301 §4.4.1.3 OPAQUE handling is not offered).
    /// </summary>
    public bool Matches(in Ipv4Packet packet)
    {
        uint destination = packet.Destination.Value;
        if (destination < Start || destination > End) return false;
        if (Protocol != 0 && (byte)packet.Protocol != Protocol) return false;
        if (AnyPort) return true;
        if (packet.Protocol is not (IpProtocol.Tcp or IpProtocol.Udp) || packet.FragmentOffset != 0) return false;
        ReadOnlySpan<byte> payload = packet.Payload;
        if (payload.Length < PortsLength) return false;
        ushort port = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(payload[DestinationPortOffset..]);
        return port >= StartPort && port <= EndPort;
    }
}
