using System.Security.Cryptography;

namespace OnLan.Radius;

/// <summary>
/// The two integrity checks of a RADIUS reply, keyed with the shared secret:
/// the Response Authenticator (RFC 2865 §3) = MD5(Code | Identifier | Length | Request Authenticator | Attributes | Secret),
/// and the Message-Authenticator attribute (RFC 3579 §3.2) = HMAC-MD5(Secret, the packet with the Request
/// Authenticator in the Authenticator field and the Message-Authenticator's own 16 octets zeroed). An Access-Request
/// carries its own random Request Authenticator there. The reply's Response Authenticator is computed after its
/// Message-Authenticator is filled in.
/// </summary>
public static class RadiusAuthenticators
{
    public const int MessageAuthenticatorLength = 16;

    /// <summary>
    /// The Message-Authenticator of <paramref name="packet"/> whose attribute value starts at
    /// <paramref name="valueOffset"/>, as if <paramref name="authenticator"/> were in its Authenticator field.
    /// </summary>
    public static void ComputeMessageAuthenticator(ReadOnlySpan<byte> packet, int valueOffset, ReadOnlySpan<byte> authenticator,
        ReadOnlySpan<byte> secret, Span<byte> destination)
    {
        var copy = packet.ToArray();
        authenticator.CopyTo(copy.AsSpan(RadiusPacket.AuthenticatorOffset, RadiusPacket.AuthenticatorLength));
        copy.AsSpan(valueOffset, MessageAuthenticatorLength).Clear();
        HMACMD5.HashData(secret, copy, destination);
    }

    /// <summary>The Response Authenticator <paramref name="reply"/> must carry, for the request whose authenticator was <paramref name="requestAuthenticator"/>.</summary>
    public static void ComputeResponseAuthenticator(ReadOnlySpan<byte> reply, ReadOnlySpan<byte> requestAuthenticator, ReadOnlySpan<byte> secret,
        Span<byte> destination)
    {
        var input = new byte[reply.Length + secret.Length];
        reply.CopyTo(input);
        requestAuthenticator.CopyTo(input.AsSpan(RadiusPacket.AuthenticatorOffset, RadiusPacket.AuthenticatorLength));
        secret.CopyTo(input.AsSpan(reply.Length));
        MD5.HashData(input, destination);
    }

    /// <summary>
    /// Checks a reply against the request it answers: its Response Authenticator, and exactly one
    /// Message-Authenticator that verifies. This client requires one on every reply, not only on those carrying
    /// EAP-Message (RFC 3579 §3.2): a reply without it could be forged by anyone who can see one request
    /// (the Blast-RADIUS attack on MD5), so it is refused.
    /// </summary>
    public static RadiusReplyCheck CheckReply(RadiusPacket reply, ReadOnlySpan<byte> requestAuthenticator, ReadOnlySpan<byte> secret)
    {
        Span<byte> expected = stackalloc byte[RadiusPacket.AuthenticatorLength];
        ComputeResponseAuthenticator(reply.Bytes, requestAuthenticator, secret, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, reply.Authenticator)) return RadiusReplyCheck.BadResponseAuthenticator;
        int found = 0;
        int valueOffset = 0;
        foreach (var attribute in reply.Attributes)
        {
            if (attribute.Type != RadiusAttributeType.MessageAuthenticator) continue;
            found++;
            if (attribute.Value.Length != MessageAuthenticatorLength) return RadiusReplyCheck.BadMessageAuthenticator;
            valueOffset = attribute.Offset + 2;
        }
        if (found != 1) return RadiusReplyCheck.MissingMessageAuthenticator;
        Span<byte> mac = stackalloc byte[MessageAuthenticatorLength];
        ComputeMessageAuthenticator(reply.Bytes, valueOffset, requestAuthenticator, secret, mac);
        return CryptographicOperations.FixedTimeEquals(mac, reply.Bytes.Slice(valueOffset, MessageAuthenticatorLength))
            ? RadiusReplyCheck.Valid
            : RadiusReplyCheck.BadMessageAuthenticator;
    }
}

public enum RadiusReplyCheck
{
    Valid,
    BadResponseAuthenticator,
    MissingMessageAuthenticator,
    BadMessageAuthenticator,
}
