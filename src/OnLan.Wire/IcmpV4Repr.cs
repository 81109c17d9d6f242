namespace OnLan.Wire;

/// <summary>
/// The header fields of an ICMP message, held by value (see <see cref="IcmpV4Packet"/> for the layout); the data
/// stays in the caller's buffer and is passed to <see cref="Emit"/>.
/// </summary>
/// <remarks>
/// <see cref="Identifier"/> and <see cref="SequenceNumber"/> are bytes 4-5 and 6-7 whatever the type: for echo they
/// are what their names say; for destination unreachable <see cref="Identifier"/> is unused (0) and
/// <see cref="SequenceNumber"/> is the next-hop MTU. Keeping the raw bytes lets any message round-trip unchanged.
/// </remarks>
public readonly record struct IcmpV4Repr(IcmpV4Type Type, byte Code, ushort Identifier, ushort SequenceNumber)
{
    public const int HeaderLength = IcmpV4Packet.HeaderLength;

    public static IcmpV4Repr EchoReply(ushort identifier, ushort sequence) => new(IcmpV4Type.EchoReply, 0, identifier, sequence);

    public static IcmpV4Repr EchoRequest(ushort identifier, ushort sequence) => new(IcmpV4Type.EchoRequest, 0, identifier, sequence);

    /// <summary><paramref name="nextHopMtu"/> is only meaningful with <see cref="IcmpV4UnreachableCode.FragmentationNeeded"/>.</summary>
    public static IcmpV4Repr DestinationUnreachable(IcmpV4UnreachableCode code, ushort nextHopMtu = 0) =>
        new(IcmpV4Type.DestinationUnreachable, (byte)code, 0, nextHopMtu);

    public ushort NextHopMtu => SequenceNumber;

    public static IcmpV4Repr Parse(in IcmpV4Packet packet) =>
        new(packet.Type, packet.Code, packet.EchoIdentifier, packet.EchoSequenceNumber);

    /// <summary>
    /// Writes header, <paramref name="data"/> and checksum at the start of <paramref name="buffer"/> and returns the
    /// message length, 8 + data length. <paramref name="data"/> may be exactly <c>buffer[8..]</c> (the echo reply
    /// built in place over the request): copying it onto itself changes nothing.
    /// </summary>
    public int Emit(Span<byte> buffer, ReadOnlySpan<byte> data)
    {
        int length = HeaderLength + data.Length;
        var message = buffer[..length];
        data.CopyTo(message[HeaderLength..]); // memmove semantics: overlap is safe
        var packet = new IcmpV4Packet(message)
        {
            Type = Type,
            Code = Code,
            EchoIdentifier = Identifier,
            EchoSequenceNumber = SequenceNumber,
        };
        packet.FillChecksum();
        return length;
    }
}
