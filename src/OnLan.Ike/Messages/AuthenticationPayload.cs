namespace OnLan.Ike.Messages;

/// <summary>
/// Authentication payload (AUTH), RFC 7296 §3.8.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Auth Method   |                RESERVED                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                      Authentication Data                      ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Unknown methods are kept. For method 14 (RFC 7427) the data starts with the ASN.1 algorithm identifier.
/// </summary>
public sealed record AuthenticationPayload(AuthenticationMethod Method, byte[] Data) : IkePayload
{
    /// <summary>Auth Method and reserved field.</summary>
    public const int FixedSize = 4;

    public override PayloadType Type => PayloadType.Authentication;
    public override int BodyLength => FixedSize + Data.Length;

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)Method;
        destination.Slice(1, FixedSize - 1).Clear();
        Data.CopyTo(destination[FixedSize..]);
    }

    /// <summary>Parses the body (the bytes after the generic header).</summary>
    public static IkeError TryParse(ReadOnlySpan<byte> body, out AuthenticationPayload? payload)
    {
        payload = null;
        if (body.Length < FixedSize) return IkeError.BadLength;
        payload = new AuthenticationPayload((AuthenticationMethod)body[0], body[FixedSize..].ToArray());
        return IkeError.None;
    }
}
