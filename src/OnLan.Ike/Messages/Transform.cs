using System.Buffers.Binary;

namespace OnLan.Ike.Messages;

/// <summary>
/// A transform substructure, RFC 7296 §3.3.2, with its attributes (§3.3.5).
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Last Substruc |   RESERVED    |        Transform Length       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |Transform Type |   RESERVED    |          Transform ID         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                      Transform Attributes                     ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///
/// Data Attributes (§3.3.5):
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |A|       Attribute Type        |    AF=0  Attribute Length     |
/// |F|                             |    AF=1  Attribute Value      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   AF=0  Attribute Value                       |
/// |                   AF=1  Not Transmitted                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Last Substruc is 0 on the last transform of a proposal and 3 otherwise; the writer sets it.
/// </summary>
/// <param name="Type">Transform Type (encryption, PRF, integrity, key exchange, ESN).</param>
/// <param name="Id">Transform ID, interpreted through <paramref name="Type"/> (unknown IDs are kept).</param>
/// <param name="KeyLength">The Key Length attribute (type 14, TV) in bits, when present.</param>
public sealed record Transform(TransformType Type, ushort Id, ushort? KeyLength)
{
    /// <summary>Transform Length when there are no attributes.</summary>
    public const int HeaderSize = 8;
    /// <summary>The only attribute type IKEv2 defines (§3.3.5).</summary>
    public const ushort KeyLengthAttributeType = 14;

    internal const byte LastSubstructure = 0;
    internal const byte MoreSubstructures = 3;

    private const int LastSubstructureOffset = 0;
    private const int LengthOffset = 2;
    private const int TypeOffset = 4;
    private const int IdOffset = 6;
    private const int AttributeHeaderSize = 4;
    private const int KeyLengthAttributeSize = 4;
    private const ushort AttributeFormatBit = 0x8000;

    /// <summary>
    /// An attribute other than one TV Key Length was received (a TLV attribute, another type, or Key Length twice).
    /// The parser keeps the transform; the proposal selector must refuse it (§3.3.6: a transform with an attribute
    /// the recipient does not understand is not acceptable). Not written back.
    /// </summary>
    public bool HasUnknownAttribute { get; init; }

    /// <summary>Bytes this transform takes on the wire, header included.</summary>
    public int Length => HeaderSize + (KeyLength.HasValue ? KeyLengthAttributeSize : 0);

    internal void WriteTo(Span<byte> destination, bool last)
    {
        destination[LastSubstructureOffset] = last ? LastSubstructure : MoreSubstructures;
        destination[LastSubstructureOffset + 1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[LengthOffset..], (ushort)Length);
        destination[TypeOffset] = (byte)Type;
        destination[TypeOffset + 1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[IdOffset..], Id);
        if (KeyLength is ushort bits)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[HeaderSize..], AttributeFormatBit | KeyLengthAttributeType);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(HeaderSize + 2)..], bits);
        }
    }

    /// <summary>
    /// Reads one transform from the start of <paramref name="source"/> (the rest of its proposal).
    /// <paramref name="length"/> is its Transform Length and <paramref name="last"/> whether Last Substruc says 0.
    /// </summary>
    internal static IkeError TryRead(ReadOnlySpan<byte> source, out Transform? transform, out int length, out bool last)
    {
        transform = null;
        length = 0;
        last = false;
        if (source.Length < HeaderSize) return IkeError.BadLength;
        byte lastSubstructure = source[LastSubstructureOffset];
        if (lastSubstructure != LastSubstructure && lastSubstructure != MoreSubstructures) return IkeError.InvalidSyntax;
        length = BinaryPrimitives.ReadUInt16BigEndian(source[LengthOffset..]);
        if (length < HeaderSize || length > source.Length) return IkeError.BadLength;
        last = lastSubstructure == LastSubstructure;

        ushort? keyLength = null;
        bool unknownAttribute = false;
        ReadOnlySpan<byte> attributes = source[HeaderSize..length];
        while (!attributes.IsEmpty)
        {
            if (attributes.Length < AttributeHeaderSize) return IkeError.BadLength;
            ushort typeAndFormat = BinaryPrimitives.ReadUInt16BigEndian(attributes);
            ushort lengthOrValue = BinaryPrimitives.ReadUInt16BigEndian(attributes[2..]);
            ushort attributeType = (ushort)(typeAndFormat & ~AttributeFormatBit);
            if ((typeAndFormat & AttributeFormatBit) != 0)
            {
                if (attributeType == KeyLengthAttributeType && keyLength is null) keyLength = lengthOrValue;
                else unknownAttribute = true;
                attributes = attributes[AttributeHeaderSize..];
            }
            else
            {
                if (lengthOrValue > attributes.Length - AttributeHeaderSize) return IkeError.BadLength;
                unknownAttribute = true;
                attributes = attributes[(AttributeHeaderSize + lengthOrValue)..];
            }
        }

        transform = new Transform(
            (TransformType)source[TypeOffset], BinaryPrimitives.ReadUInt16BigEndian(source[IdOffset..]), keyLength)
        {
            HasUnknownAttribute = unknownAttribute,
        };
        return IkeError.None;
    }
}
