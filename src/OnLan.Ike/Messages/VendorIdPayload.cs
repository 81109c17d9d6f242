namespace OnLan.Ike.Messages;

/// <summary>
/// Vendor ID payload (V), RFC 7296 §3.12.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                        Vendor ID (VID)                        ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed record VendorIdPayload(byte[] Data) : IkePayload
{
    public override PayloadType Type => PayloadType.VendorId;
    public override int BodyLength => Data.Length;

    public override void WriteBody(Span<byte> destination) => Data.CopyTo(destination);

    /// <summary>Parses the body (the bytes after the generic header); any length is accepted.</summary>
    public static IkeError TryParse(ReadOnlySpan<byte> body, out VendorIdPayload? payload)
    {
        payload = new VendorIdPayload(body.ToArray());
        return IkeError.None;
    }
}
