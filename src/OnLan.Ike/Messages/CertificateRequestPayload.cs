namespace OnLan.Ike.Messages;

/// <summary>
/// Certificate Request payload (CERTREQ), RFC 7296 §3.7.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Cert Encoding |                                               |
/// +-+-+-+-+-+-+-+-+                                               |
/// ~                    Certification Authority                    ~
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// For X.509 the Certification Authority field is a concatenation of 20-byte SHA-1 hashes of trusted CAs' public
/// keys; it is kept opaque here (an empty field is allowed: some peers send one).
/// </summary>
public sealed record CertificateRequestPayload(CertificateEncoding Encoding, byte[] Data) : IkePayload
{
    /// <summary>The Cert Encoding octet.</summary>
    public const int FixedSize = 1;

    public override PayloadType Type => PayloadType.CertificateRequest;
    public override int BodyLength => FixedSize + Data.Length;

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)Encoding;
        Data.CopyTo(destination[FixedSize..]);
    }

    /// <summary>Parses the body (the bytes after the generic header).</summary>
    public static IkeError TryParse(ReadOnlySpan<byte> body, out CertificateRequestPayload? payload)
    {
        payload = null;
        if (body.Length < FixedSize) return IkeError.BadLength;
        payload = new CertificateRequestPayload((CertificateEncoding)body[0], body[FixedSize..].ToArray());
        return IkeError.None;
    }
}
