using System.Buffers.Binary;

namespace OnLan.Wire;

/// <summary>
/// A view over a UDP datagram (RFC 768) carried in IPv4.
/// <code>
///  0      7 8     15 16    23 24    31
/// +--------+--------+--------+--------+
/// |     Source      |   Destination   |
/// |      Port       |      Port       |
/// +--------+--------+--------+--------+
/// |                 |                 |
/// |     Length      |    Checksum     |
/// +--------+--------+--------+--------+
/// |          data octets ...
/// +---------------- ...
/// </code>
/// The checksum covers this pseudo-header, the UDP header and the data:
/// <code>
/// +--------+--------+--------+--------+
/// |          source address           |
/// +--------+--------+--------+--------+
/// |        destination address        |
/// +--------+--------+--------+--------+
/// |  zero  |protocol|   UDP length    |
/// +--------+--------+--------+--------+
/// </code>
/// </summary>
/// <remarks>
/// The view covers exactly Length bytes, so bytes the IP layer carried after it are not payload. A checksum field
/// of 0 means the sender computed none, and is accepted; a computed 0 is sent as 0xFFFF (RFC 768). Port setters do
/// not update the checksum: call <see cref="FillChecksum"/> after them.
/// </remarks>
public readonly ref struct UdpDatagram
{
    public const int HeaderLength = 8;

    private const int SourcePortOffset = 0;
    private const int DestinationPortOffset = 2;
    private const int LengthOffset = 4;
    private const int ChecksumOffset = 6;

    /// <summary>The checksum field value that means "no checksum computed".</summary>
    private const ushort NoChecksum = 0;

    private readonly Span<byte> _datagram;

    /// <summary>No checks: for emitters in this assembly that have just sized the buffer.</summary>
    internal UdpDatagram(Span<byte> datagram) => _datagram = datagram;

    /// <summary>
    /// Checks <paramref name="buffer"/> (usually <see cref="Ipv4Packet.Payload"/>) against the addresses of the IPv4
    /// header that carried it, and builds a view over the datagram. Fewer than 8 bytes →
    /// <see cref="WireError.Truncated"/>; length field below 8 → <see cref="WireError.BadLength"/>; length field
    /// beyond the buffer → <see cref="WireError.Truncated"/>; a non-zero checksum that does not verify →
    /// <see cref="WireError.BadChecksum"/>.
    /// </summary>
    public static WireError TryParse(Span<byte> buffer, Ipv4Address source, Ipv4Address destination, out UdpDatagram datagram)
    {
        datagram = default;
        if (buffer.Length < HeaderLength)
            return WireError.Truncated;
        int length = BinaryPrimitives.ReadUInt16BigEndian(buffer[LengthOffset..]);
        if (length < HeaderLength)
            return WireError.BadLength;
        if (length > buffer.Length)
            return WireError.Truncated;
        var bytes = buffer[..length];
        if (BinaryPrimitives.ReadUInt16BigEndian(bytes[ChecksumOffset..]) != NoChecksum
            && ComputeChecksum(bytes, source, destination) != 0)
            return WireError.BadChecksum;
        datagram = new UdpDatagram(bytes);
        return WireError.None;
    }

    /// <summary>Header and payload: exactly <see cref="Length"/> bytes.</summary>
    public Span<byte> Datagram => _datagram;

    public ushort SourcePort
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_datagram[SourcePortOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_datagram[SourcePortOffset..], value);
    }

    public ushort DestinationPort
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_datagram[DestinationPortOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_datagram[DestinationPortOffset..], value);
    }

    /// <summary>The length field as checked at parse time: header plus payload.</summary>
    public int Length => _datagram.Length;

    /// <summary>0 when the sender computed none.</summary>
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_datagram[ChecksumOffset..]);

    public Span<byte> Payload => _datagram[HeaderLength..];

    /// <summary>Recomputes the checksum in place; the addresses are those of the IPv4 header that will carry it.</summary>
    public void FillChecksum(Ipv4Address source, Ipv4Address destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_datagram[ChecksumOffset..], NoChecksum);
        ushort checksum = ComputeChecksum(_datagram, source, destination);
        // RFC 768: a computed zero is sent as all ones, since zero on the wire means "none".
        BinaryPrimitives.WriteUInt16BigEndian(_datagram[ChecksumOffset..], checksum == 0 ? (ushort)0xFFFF : checksum);
    }

    /// <summary>Writes ports and length of a datagram that is all of <paramref name="datagram"/>; <see cref="UdpRepr"/> uses it.</summary>
    internal static void WriteHeader(Span<byte> datagram, ushort sourcePort, ushort destinationPort)
    {
        BinaryPrimitives.WriteUInt16BigEndian(datagram[SourcePortOffset..], sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[DestinationPortOffset..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[LengthOffset..], checked((ushort)datagram.Length));
    }

    private static ushort ComputeChecksum(ReadOnlySpan<byte> datagram, Ipv4Address source, Ipv4Address destination) =>
        InternetChecksum.Finish(InternetChecksum.Sum(
            datagram, InternetChecksum.PseudoHeaderSum(source, destination, IpProtocol.Udp, datagram.Length)));
}
