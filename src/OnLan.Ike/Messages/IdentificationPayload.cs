namespace OnLan.Ike.Messages;

/// <summary>
/// Identification payload (IDi or IDr), RFC 7296 §3.5.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   ID Type     |                 RESERVED                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                   Identification Data                         ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Unknown ID types are kept. The reserved bytes are not stored: <see cref="BodyBytes"/> rebuilds them as zero,
/// which is what every sender must put there (§3.5), so AUTH computed over a peer's odd reserved bytes fails.
/// </summary>
public sealed record IdentificationPayload(bool IsInitiator, IdentificationType IdType, byte[] Data) : IkePayload
{
    /// <summary>ID Type and reserved field.</summary>
    public const int FixedSize = 4;

    public override PayloadType Type => IsInitiator ? PayloadType.IdentificationInitiator : PayloadType.IdentificationResponder;
    public override int BodyLength => FixedSize + Data.Length;

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)IdType;
        destination.Slice(1, FixedSize - 1).Clear();
        Data.CopyTo(destination[FixedSize..]);
    }

    /// <summary>
    /// ID Type | RESERVED | Identification Data: the IDx' that AUTH's prf(SK_px, IDx') covers (RFC 7296 §2.15).
    /// </summary>
    public byte[] BodyBytes()
    {
        var body = new byte[BodyLength];
        WriteBody(body);
        return body;
    }

    /// <summary>Parses the body of an IDi (<paramref name="isInitiator"/>) or IDr payload.</summary>
    public static IkeError TryParse(ReadOnlySpan<byte> body, bool isInitiator, out IdentificationPayload? payload)
    {
        payload = null;
        if (body.Length < FixedSize) return IkeError.BadLength;
        payload = new IdentificationPayload(isInitiator, (IdentificationType)body[0], body[FixedSize..].ToArray());
        return IkeError.None;
    }
}
