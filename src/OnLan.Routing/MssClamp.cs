using System.Buffers.Binary;
using OnLan.Wire;

namespace OnLan.Routing;

/// <summary>
/// Lowers the Maximum Segment Size a TCP SYN announces (RFC 879, RFC 6691) so that neither end ever sends a
/// segment too large for the tunnel: TCP through the tunnel then never needs fragmentation or PMTU discovery.
/// </summary>
public static class MssClamp
{
    private const int TcpFlagsOffset = 13;
    private const int TcpChecksumOffset = 16;
    private const byte Syn = 0x02;
    private const byte OptionEnd = 0;
    private const byte OptionNop = 1;
    private const byte OptionMss = 2;

    /// <summary>
    /// If <paramref name="packet"/> (a whole IPv4 packet, already checked) is a TCP SYN whose MSS option exceeds
    /// <paramref name="maxSegmentSize"/>, rewrites the option and updates the TCP checksum incrementally (RFC 1624).
    /// Returns true when it changed the packet. Malformed headers are left alone. Allocates nothing.
    /// </summary>
    public static bool Apply(Span<byte> packet, ushort maxSegmentSize)
    {
        if (packet.Length < Ipv4Repr.HeaderLength || (packet[0] >> 4) != 4 || packet[9] != (byte)IpProtocol.Tcp) return false;
        int headerLength = (packet[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if ((BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x1FFF) != 0) return false; // not the first fragment
        if (headerLength < Ipv4Repr.HeaderLength || totalLength > packet.Length || totalLength < headerLength + 20) return false;
        var tcp = packet[headerLength..totalLength];
        if ((tcp[TcpFlagsOffset] & Syn) == 0) return false;
        int dataOffset = (tcp[12] >> 4) * 4;
        if (dataOffset < 20 || dataOffset > tcp.Length) return false;
        var options = tcp[20..dataOffset];
        int at = 0;
        while (at < options.Length)
        {
            byte kind = options[at];
            if (kind == OptionEnd) return false;
            if (kind == OptionNop)
            {
                at++;
                continue;
            }
            if (at + 1 >= options.Length) return false;
            int length = options[at + 1];
            if (length < 2 || at + length > options.Length) return false;
            if (kind == OptionMss && length == 4)
            {
                ushort announced = BinaryPrimitives.ReadUInt16BigEndian(options[(at + 2)..]);
                if (announced <= maxSegmentSize) return false;
                BinaryPrimitives.WriteUInt16BigEndian(options[(at + 2)..], maxSegmentSize);
                // HC' = ~(~HC + ~m + m'), RFC 1624 eqn. 3, in one's-complement arithmetic.
                ushort checksum = BinaryPrimitives.ReadUInt16BigEndian(tcp[TcpChecksumOffset..]);
                uint sum = (uint)(ushort)~checksum + (ushort)~announced + maxSegmentSize;
                sum = (sum & 0xFFFF) + (sum >> 16);
                sum = (sum & 0xFFFF) + (sum >> 16);
                BinaryPrimitives.WriteUInt16BigEndian(tcp[TcpChecksumOffset..], (ushort)~sum);
                return true;
            }
            at += length;
        }
        return false;
    }
}
