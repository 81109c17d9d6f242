using System.Buffers.Binary;

namespace OnLan.Ike.Messages;

/// <summary>
/// One configuration attribute, RFC 7296 §3.15.1.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |R|         Attribute Type      |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// ~                             Value                             ~
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The R bit must be 0 (InvalidSyntax otherwise). Unknown types are kept; an empty value is how a CFG_REQUEST
/// asks for an attribute. The value's size per type is the consumer's to judge.
/// </summary>
public sealed record ConfigurationAttribute(ConfigurationAttributeType AttributeType, byte[] Value)
{
    /// <summary>Type and Length fields.</summary>
    public const int HeaderSize = 4;

    private const ushort ReservedBit = 0x8000;

    /// <summary>An attribute with an empty value, as listed in a CFG_REQUEST.</summary>
    public static ConfigurationAttribute Request(ConfigurationAttributeType type) => new(type, []);

    /// <summary>Bytes on the wire, header included.</summary>
    public int Length => HeaderSize + Value.Length;

    internal void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)((ushort)AttributeType & ~ReservedBit));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Value.Length);
        Value.CopyTo(destination[HeaderSize..]);
    }

    /// <summary>Reads one attribute from the start of <paramref name="source"/>; <paramref name="length"/> is its size on the wire.</summary>
    internal static IkeError TryRead(ReadOnlySpan<byte> source, out ConfigurationAttribute? attribute, out int length)
    {
        attribute = null;
        length = 0;
        if (source.Length < HeaderSize) return IkeError.BadLength;
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(source);
        if ((type & ReservedBit) != 0) return IkeError.InvalidSyntax;
        int valueLength = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        if (valueLength > source.Length - HeaderSize) return IkeError.BadLength;
        length = HeaderSize + valueLength;
        attribute = new ConfigurationAttribute((ConfigurationAttributeType)type, source.Slice(HeaderSize, valueLength).ToArray());
        return IkeError.None;
    }
}
