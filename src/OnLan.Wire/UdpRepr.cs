namespace OnLan.Wire;

/// <summary>
/// The ports of a UDP header, held by value (see <see cref="UdpDatagram"/> for the layout); length and checksum are
/// derived when emitting.
/// </summary>
public readonly record struct UdpRepr(ushort SourcePort, ushort DestinationPort)
{
    public const int HeaderLength = UdpDatagram.HeaderLength;

    public static UdpRepr Parse(in UdpDatagram datagram) => new(datagram.SourcePort, datagram.DestinationPort);

    /// <summary>
    /// Writes the 8-byte header in front of a payload the caller has already placed at
    /// <c>buffer[8..8 + payloadLength]</c>, with length and checksum (always computed, never 0); returns
    /// 8 + <paramref name="payloadLength"/>. The addresses are those of the IPv4 header that will carry it.
    /// </summary>
    public int Emit(Span<byte> buffer, int payloadLength, Ipv4Address source, Ipv4Address destination)
    {
        int length = HeaderLength + payloadLength;
        var bytes = buffer[..length];
        UdpDatagram.WriteHeader(bytes, SourcePort, DestinationPort);
        new UdpDatagram(bytes).FillChecksum(source, destination);
        return length;
    }
}
