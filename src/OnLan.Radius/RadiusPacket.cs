using System.Buffers.Binary;

namespace OnLan.Radius;

/// <summary>
/// A RADIUS packet (RFC 2865 §3), a view over the received bytes:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Code      |  Identifier   |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// |                     Authenticator (16 octets)                 |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Type  |  Length  |  Value ...    (attributes, to Length)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Contract: <see cref="TryParse"/> checks the header and walks every attribute once; after it succeeds no accessor
/// throws. Octets after Length are padding and are not part of the view (RFC 2865 §3).
/// </summary>
public readonly ref struct RadiusPacket
{
    public const int HeaderLength = 20;
    public const int MaxLength = 4096;
    public const int AuthenticatorOffset = 4;
    public const int AuthenticatorLength = 16;
    /// <summary>An attribute's value holds at most 253 octets (its Length octet counts the two header octets too).</summary>
    public const int MaxValueLength = 253;
    private const int LengthOffset = 2;

    private readonly ReadOnlySpan<byte> _bytes;

    private RadiusPacket(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    public RadiusCode Code => (RadiusCode)_bytes[0];
    public byte Identifier => _bytes[1];
    public int Length => _bytes.Length;
    public ReadOnlySpan<byte> Authenticator => _bytes.Slice(AuthenticatorOffset, AuthenticatorLength);

    /// <summary>The packet's octets, exactly Length of them.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    public AttributeEnumerator Attributes => new(_bytes);

    public static RadiusParseError TryParse(ReadOnlySpan<byte> datagram, out RadiusPacket packet)
    {
        packet = default;
        if (datagram.Length < HeaderLength) return RadiusParseError.Truncated;
        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[LengthOffset..]);
        if (length < HeaderLength || length > MaxLength) return RadiusParseError.BadLength;
        if (length > datagram.Length) return RadiusParseError.Truncated;
        var bytes = datagram[..length];
        for (int at = HeaderLength; at < length;)
        {
            if (length - at < 2) return RadiusParseError.BadAttribute;
            int attributeLength = bytes[at + 1];
            if (attributeLength < 2 || at + attributeLength > length) return RadiusParseError.BadAttribute;
            at += attributeLength;
        }
        packet = new RadiusPacket(bytes);
        return RadiusParseError.None;
    }

    /// <summary>The first attribute of <paramref name="type"/>.</summary>
    public bool TryGet(RadiusAttributeType type, out ReadOnlySpan<byte> value)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Type != type) continue;
            value = attribute.Value;
            return true;
        }
        value = default;
        return false;
    }

    public int Count(RadiusAttributeType type)
    {
        int count = 0;
        foreach (var attribute in Attributes)
            if (attribute.Type == type) count++;
        return count;
    }

    /// <summary>
    /// The EAP packet the EAP-Message attributes carry, joined in order (RFC 3579 §3.1: a packet longer than 253
    /// octets is split over consecutive attributes); null when there is none.
    /// </summary>
    public byte[]? JoinEapMessage()
    {
        int total = 0;
        foreach (var attribute in Attributes)
            if (attribute.Type == RadiusAttributeType.EapMessage) total += attribute.Value.Length;
        if (total == 0) return null;
        var eap = new byte[total];
        int at = 0;
        foreach (var attribute in Attributes)
        {
            if (attribute.Type != RadiusAttributeType.EapMessage) continue;
            attribute.Value.CopyTo(eap.AsSpan(at));
            at += attribute.Value.Length;
        }
        return eap;
    }

    public ref struct AttributeEnumerator(ReadOnlySpan<byte> packet)
    {
        private readonly ReadOnlySpan<byte> _packet = packet;
        private int _next = HeaderLength;

        public RadiusAttribute Current { get; private set; }

        public readonly AttributeEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_next >= _packet.Length) return false;
            int length = _packet[_next + 1];
            Current = new RadiusAttribute((RadiusAttributeType)_packet[_next], _packet.Slice(_next + 2, length - 2), _next);
            _next += length;
            return true;
        }
    }
}

/// <summary>One attribute: its type, value, and where it starts in the packet (to zero a Message-Authenticator).</summary>
public readonly ref struct RadiusAttribute(RadiusAttributeType type, ReadOnlySpan<byte> value, int offset)
{
    public RadiusAttributeType Type { get; } = type;
    public ReadOnlySpan<byte> Value { get; } = value;
    public int Offset { get; } = offset;
}
