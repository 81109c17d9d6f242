using System.Buffers.Binary;

namespace OnLan.Ike.Messages;

/// <summary>
/// Encrypted Fragment payload (SKF), RFC 7383 §2.5.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |        Fragment Number        |        Total Fragments        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Initialization Vector                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                      Encrypted content                        ~
/// +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |               |             Padding (0-255 octets)            |
/// +-+-+-+-+-+-+-+-+                               +-+-+-+-+-+-+-+-+
/// |                                               |  Pad Length   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                    Integrity Checksum Data                    ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// <see cref="Body"/> is everything after Total Fragments (IV | ciphertext | ICV), opaque here. Fragment Number
/// must lie in 1..Total Fragments (InvalidSyntax otherwise). Next Payload names the first inner payload in
/// fragment 1 and is 0 in the others (RFC 7383 §2.5); the reassembler, not the parser, relies on that.
/// </summary>
public sealed record EncryptedFragmentPayload(ushort FragmentNumber, ushort TotalFragments, PayloadType FirstInnerPayload, byte[] Body) : IkePayload
{
    /// <summary>Fragment Number and Total Fragments.</summary>
    public const int FixedSize = 4;

    public override PayloadType Type => PayloadType.EncryptedFragment;
    public override int BodyLength => FixedSize + Body.Length;

    public override void WriteBody(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, FragmentNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], TotalFragments);
        Body.CopyTo(destination[FixedSize..]);
    }

    /// <summary>Parses the body; <paramref name="firstInnerPayload"/> is the generic header's Next Payload.</summary>
    public static IkeError TryParse(ReadOnlySpan<byte> body, PayloadType firstInnerPayload, out EncryptedFragmentPayload? payload)
    {
        payload = null;
        if (body.Length < FixedSize) return IkeError.BadLength;
        ushort number = BinaryPrimitives.ReadUInt16BigEndian(body);
        ushort total = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
        if (number == 0 || number > total) return IkeError.InvalidSyntax;
        payload = new EncryptedFragmentPayload(number, total, firstInnerPayload, body[FixedSize..].ToArray());
        return IkeError.None;
    }
}
