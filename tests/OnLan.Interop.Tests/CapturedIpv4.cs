using System.Buffers.Binary;
using System.Net;

namespace OnLan.Interop.Tests;

/// <summary>
/// An IPv4 packet seen in a capture, read without checking transport checksums: a local stack's outgoing UDP
/// checksums are left to offload on veth, so the capture shows them unfinished.
/// </summary>
public sealed record CapturedIpv4(IPAddress Source, IPAddress Destination, byte Protocol, byte[] Packet)
{
    public const byte Icmp = 1;
    public const byte Udp = 17;
    public const byte Esp = 50;
    private const int EthernetHeaderLength = 14;
    private const ushort EtherTypeIpv4 = 0x0800;

    private int HeaderLength => (Packet[0] & 0x0F) * 4;

    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(Packet.AsSpan(HeaderLength));
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(Packet.AsSpan(HeaderLength + 2));

    /// <summary>The UDP payload (for <see cref="Udp"/> packets).</summary>
    public byte[] UdpPayload => Packet.AsSpan(HeaderLength + 8).ToArray();

    /// <summary>ICMP type (for <see cref="Icmp"/> packets).</summary>
    public byte IcmpType => Packet[HeaderLength];

    /// <summary>UDP 4500 with a payload that is ESP: not the four-zero-byte non-ESP marker, not a NAT keepalive (RFC 3948).</summary>
    public bool IsEspInUdp =>
        Protocol == Udp && SourcePort == 4500 && DestinationPort == 4500 && Packet.Length - HeaderLength - 8 is var length &&
        length > 1 && !(length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(Packet.AsSpan(HeaderLength + 8)) == 0);

    /// <summary>The IPv4 packets among <paramref name="frames"/> (Ethernet, no VLAN), trimmed to their Total Length.</summary>
    public static List<CapturedIpv4> From(IEnumerable<byte[]> frames)
    {
        var packets = new List<CapturedIpv4>();
        foreach (byte[] frame in frames)
        {
            if (frame.Length < EthernetHeaderLength + 20 || BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12)) != EtherTypeIpv4) continue;
            var ip = frame.AsSpan(EthernetHeaderLength);
            int total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
            if (ip[0] >> 4 != 4 || total > ip.Length) continue;
            packets.Add(new CapturedIpv4(new IPAddress(ip.Slice(12, 4)), new IPAddress(ip.Slice(16, 4)), ip[9], ip[..total].ToArray()));
        }
        return packets;
    }

    public override string ToString() => $"{Source}->{Destination} proto {Protocol} ({Packet.Length} B)";
}
