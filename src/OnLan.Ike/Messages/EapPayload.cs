using System.Buffers.Binary;

namespace OnLan.Ike.Messages;

/// <summary>
/// Extensible Authentication payload (EAP), RFC 7296 §3.16: one whole EAP message (RFC 3748 §4).
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                       EAP Message                             ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///
/// EAP Message:
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Code      | Identifier    |           Length              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Type      | Type_Data...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The EAP Length field must equal the data length (InvalidSyntax otherwise); fewer than 4 bytes is BadLength.
/// </summary>
public sealed record EapPayload(byte[] Data) : IkePayload
{
    /// <summary>Code, Identifier and Length: the smallest EAP message (Success/Failure).</summary>
    public const int MinimumLength = 4;

    private const int EapLengthOffset = 2;

    public override PayloadType Type => PayloadType.ExtensibleAuthentication;
    public override int BodyLength => Data.Length;

    public override void WriteBody(Span<byte> destination) => Data.CopyTo(destination);

    /// <summary>Parses the body (the bytes after the generic header).</summary>
    public static IkeError TryParse(ReadOnlySpan<byte> body, out EapPayload? payload)
    {
        payload = null;
        if (body.Length < MinimumLength) return IkeError.BadLength;
        if (BinaryPrimitives.ReadUInt16BigEndian(body[EapLengthOffset..]) != body.Length) return IkeError.InvalidSyntax;
        payload = new EapPayload(body.ToArray());
        return IkeError.None;
    }
}
