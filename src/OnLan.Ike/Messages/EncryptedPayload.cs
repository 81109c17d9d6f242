namespace OnLan.Ike.Messages;

/// <summary>
/// Encrypted and Authenticated payload (SK), RFC 7296 §3.14.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Initialization Vector                     |
/// |         (length is block size for encryption algorithm)       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                    Encrypted IKE Payloads                     ~
/// +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |               |             Padding (0-255 octets)            |
/// +-+-+-+-+-+-+-+-+                               +-+-+-+-+-+-+-+-+
/// |                                               |  Pad Length   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                    Integrity Checksum Data                    ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The body (IV | ciphertext | ICV) is opaque here; the crypto layer splits it by the negotiated suite. Next
/// Payload names the first inner payload, and SK is always the last payload of a message: the codec stops there.
/// </summary>
public sealed record EncryptedPayload(PayloadType FirstInnerPayload, byte[] Body) : IkePayload
{
    public override PayloadType Type => PayloadType.Encrypted;
    public override int BodyLength => Body.Length;

    public override void WriteBody(Span<byte> destination) => Body.CopyTo(destination);

    /// <summary>Parses the body; <paramref name="firstInnerPayload"/> is the generic header's Next Payload.</summary>
    public static IkeError TryParse(ReadOnlySpan<byte> body, PayloadType firstInnerPayload, out EncryptedPayload? payload)
    {
        payload = new EncryptedPayload(firstInnerPayload, body.ToArray());
        return IkeError.None;
    }
}
