using System.Buffers.Binary;

namespace OnLan.Wire;

/// <summary>
/// A view over a whole ICMP message, the payload of an IPv4 packet (RFC 792).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Type      |     Code      |          Checksum             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Identifier          |        Sequence Number        |  echo, echo reply
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           unused = 0          |         Next-Hop MTU          |  destination unreachable (RFC 1191)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Data: echo data, or the invoking packet's IP header + 8 bytes ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-
/// </code>
/// </summary>
/// <remarks>
/// ICMP has no length field: the message is the whole buffer handed in, and the checksum covers all of it, so pass
/// exactly <see cref="Ipv4Packet.Payload"/>. Bytes 4-7 are read as whichever field the type gives them; the accessors
/// for the other meaning simply alias the same bytes. Setters do not update the checksum: call
/// <see cref="FillChecksum"/> after them.
/// </remarks>
public readonly ref struct IcmpV4Packet
{
    public const int HeaderLength = 8;

    private const int TypeOffset = 0;
    private const int CodeOffset = 1;
    private const int ChecksumOffset = 2;
    private const int IdentifierOffset = 4;
    private const int SequenceNumberOffset = 6;
    private const int NextHopMtuOffset = 6;

    private readonly Span<byte> _message;

    /// <summary>No checks: for emitters in this assembly that have just sized the buffer.</summary>
    internal IcmpV4Packet(Span<byte> message) => _message = message;

    /// <summary>
    /// Checks <paramref name="buffer"/> (the whole ICMP message) and builds a view over it. Fewer than 8 bytes is
    /// <see cref="WireError.Truncated"/>; a checksum over the message that does not verify is
    /// <see cref="WireError.BadChecksum"/>.
    /// </summary>
    public static WireError TryParse(Span<byte> buffer, out IcmpV4Packet packet)
    {
        packet = default;
        if (buffer.Length < HeaderLength)
            return WireError.Truncated;
        if (InternetChecksum.Compute(buffer) != 0)
            return WireError.BadChecksum;
        packet = new IcmpV4Packet(buffer);
        return WireError.None;
    }

    public Span<byte> Message => _message;

    /// <summary>Unknown types are returned as they are.</summary>
    public IcmpV4Type Type
    {
        get => (IcmpV4Type)_message[TypeOffset];
        set => _message[TypeOffset] = (byte)value;
    }

    public byte Code
    {
        get => _message[CodeOffset];
        set => _message[CodeOffset] = value;
    }

    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_message[ChecksumOffset..]);

    /// <summary>Bytes 4-5: meaningful for echo and echo reply.</summary>
    public ushort EchoIdentifier
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_message[IdentifierOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_message[IdentifierOffset..], value);
    }

    /// <summary>Bytes 6-7: meaningful for echo and echo reply.</summary>
    public ushort EchoSequenceNumber
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_message[SequenceNumberOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_message[SequenceNumberOffset..], value);
    }

    /// <summary>Bytes 6-7 of destination unreachable / fragmentation needed (RFC 1191); 0 from pre-1191 routers.</summary>
    public ushort NextHopMtu
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_message[NextHopMtuOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_message[NextHopMtuOffset..], value);
    }

    /// <summary>Everything after the 8-byte header: echo data, or the invoking packet's header and first 8 bytes.</summary>
    public Span<byte> Data => _message[HeaderLength..];

    /// <summary>Recomputes the checksum over the whole message in place.</summary>
    public void FillChecksum()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_message[ChecksumOffset..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(_message[ChecksumOffset..], InternetChecksum.Compute(_message));
    }
}
