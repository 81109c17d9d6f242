namespace OnLan.Wire.Tests;

/// <summary>Offsets into the captured frames, which all carry an IPv4 header without options.</summary>
internal static partial class CapturedFrames
{
    public const int Ipv4Offset = EthernetFrame.HeaderLength;
    public const int TransportOffset = Ipv4Offset + Ipv4Packet.MinHeaderLength;

    /// <summary>Every captured frame that carries IPv4 and is not fragmented, by name (theory data).</summary>
    public static TheoryData<string> WholeIpv4Frames => new() { nameof(EchoRequest), nameof(EchoReply), nameof(UdpDatagram), nameof(PortUnreachable) };

    public static TheoryData<string> IcmpFrames => new() { nameof(EchoRequest), nameof(EchoReply), nameof(PortUnreachable) };

    public static TheoryData<string> AllFrames => new()
    {
        nameof(ArpRequest), nameof(ArpReply), nameof(EchoRequest), nameof(EchoReply), nameof(UdpDatagram),
        nameof(PortUnreachable), nameof(FirstFragment), nameof(LastFragment),
    };

    public static byte[] Get(string name) => name switch
    {
        nameof(ArpRequest) => ArpRequest,
        nameof(ArpReply) => ArpReply,
        nameof(EchoRequest) => EchoRequest,
        nameof(EchoReply) => EchoReply,
        nameof(UdpDatagram) => UdpDatagram,
        nameof(PortUnreachable) => PortUnreachable,
        nameof(FirstFragment) => FirstFragment,
        nameof(LastFragment) => LastFragment,
        nameof(VlanTagged) => VlanTagged,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
