namespace OnLan.Ike.Messages;

/// <summary>
/// Nonce payload (Ni, Nr), RFC 7296 §3.9.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                            Nonce Data                         ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// "The size of the Nonce Data MUST be between 16 and 256 octets, inclusive": anything else is InvalidSyntax.
/// </summary>
public sealed record NoncePayload(byte[] Data) : IkePayload
{
    public const int MinimumLength = 16;
    public const int MaximumLength = 256;

    public override PayloadType Type => PayloadType.Nonce;
    public override int BodyLength => Data.Length;

    public override void WriteBody(Span<byte> destination) => Data.CopyTo(destination);

    /// <summary>Parses the body (the bytes after the generic header).</summary>
    public static IkeError TryParse(ReadOnlySpan<byte> body, out NoncePayload? payload)
    {
        payload = null;
        if (body.Length < MinimumLength || body.Length > MaximumLength) return IkeError.InvalidSyntax;
        payload = new NoncePayload(body.ToArray());
        return IkeError.None;
    }
}
