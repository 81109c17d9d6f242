namespace OnLan.Ike.Messages;

/// <summary>
/// Certificate payload (CERT), RFC 7296 §3.6.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Cert Encoding |                                               |
/// +-+-+-+-+-+-+-+-+                                               |
/// ~                       Certificate Data                        ~
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Unknown encodings are kept.
/// </summary>
public sealed record CertificatePayload(CertificateEncoding Encoding, byte[] Data) : IkePayload
{
    /// <summary>The Cert Encoding octet.</summary>
    public const int FixedSize = 1;

    public override PayloadType Type => PayloadType.Certificate;
    public override int BodyLength => FixedSize + Data.Length;

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)Encoding;
        Data.CopyTo(destination[FixedSize..]);
    }

    /// <summary>Parses the body (the bytes after the generic header).</summary>
    public static IkeError TryParse(ReadOnlySpan<byte> body, out CertificatePayload? payload)
    {
        payload = null;
        if (body.Length < FixedSize) return IkeError.BadLength;
        payload = new CertificatePayload((CertificateEncoding)body[0], body[FixedSize..].ToArray());
        return IkeError.None;
    }
}
