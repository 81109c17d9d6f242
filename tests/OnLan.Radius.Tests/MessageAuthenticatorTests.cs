using System.Security.Cryptography;

namespace OnLan.Radius.Tests;

/// <summary>
/// Message-Authenticator (RFC 3579 §3.2) and the Response Authenticator, checked against packets this test lays out
/// octet by octet and signs with .NET's HMAC-MD5 and MD5 directly, not through the code under test.
/// </summary>
public sealed class MessageAuthenticatorTests
{
    private static readonly byte[] Secret = "testing123"u8.ToArray();
    private static readonly byte[] RequestAuthenticator = Convert.FromHexString("0123456789abcdeffedcba9876543210");

    // Access-Challenge, id 42: EAP-Message (Request/Identity, id 1), State "st", Message-Authenticator.
    private static byte[] HandmadeChallenge(byte[] secret, bool withMessageAuthenticator = true)
    {
        byte[] attributes =
        [
            79, 7, 1, 1, 0, 5, 1,                  // EAP-Message: Request, id 1, length 5, Identity
            24, 4, (byte)'s', (byte)'t',          // State
            .. withMessageAuthenticator ? (byte[])[80, 18, .. new byte[16]] : [],
        ];
        int length = 20 + attributes.Length;
        byte[] packet = [11, 42, (byte)(length >> 8), (byte)length, .. RequestAuthenticator, .. attributes];
        if (withMessageAuthenticator)
        {
            // HMAC-MD5 over the packet as it stands: Request Authenticator in place, the MAC's own octets zero.
            var mac = new HMACMD5(secret).ComputeHash(packet);
            mac.CopyTo(packet, length - 16);
        }
        var response = MD5.Create().ComputeHash([.. packet, .. secret]);
        response.CopyTo(packet, 4);
        return packet;
    }

    [Fact]
    public void A_reply_signed_as_rfc_3579_says_verifies()
    {
        var reply = HandmadeChallenge(Secret);
        Assert.Equal(RadiusParseError.None, RadiusPacket.TryParse(reply, out var packet));

        Assert.Equal(RadiusReplyCheck.Valid, RadiusAuthenticators.CheckReply(packet, RequestAuthenticator, Secret));
    }

    [Fact]
    public void A_reply_without_message_authenticator_is_refused_even_with_a_good_response_authenticator()
    {
        var reply = HandmadeChallenge(Secret, withMessageAuthenticator: false);
        RadiusPacket.TryParse(reply, out var packet);

        Assert.Equal(RadiusReplyCheck.MissingMessageAuthenticator, RadiusAuthenticators.CheckReply(packet, RequestAuthenticator, Secret));
    }

    [Fact]
    public void A_wrong_message_authenticator_is_refused_even_with_a_good_response_authenticator()
    {
        var reply = HandmadeChallenge(Secret);
        reply[^1] ^= 1;
        // Re-sign the outer authenticator so only the Message-Authenticator is wrong.
        reply.AsSpan(4, 16).Clear();
        RequestAuthenticator.CopyTo(reply, 4);
        MD5.Create().ComputeHash([.. reply, .. Secret]).CopyTo(reply, 4);
        RadiusPacket.TryParse(reply, out var packet);

        Assert.Equal(RadiusReplyCheck.BadMessageAuthenticator, RadiusAuthenticators.CheckReply(packet, RequestAuthenticator, Secret));
    }

    [Fact]
    public void A_reply_for_another_request_or_under_another_secret_is_refused()
    {
        var reply = HandmadeChallenge(Secret);
        RadiusPacket.TryParse(reply, out var packet);

        Assert.Equal(RadiusReplyCheck.BadResponseAuthenticator, RadiusAuthenticators.CheckReply(packet, new byte[16], Secret));
        Assert.Equal(RadiusReplyCheck.BadResponseAuthenticator, RadiusAuthenticators.CheckReply(packet, RequestAuthenticator, "testing124"u8));
    }

    [Fact]
    public void The_writer_signs_a_request_with_hmac_md5_over_its_own_request_authenticator()
    {
        var buffer = new byte[RadiusPacket.MaxLength];
        var writer = new RadiusPacketWriter(buffer, RadiusCode.AccessRequest, 9, RequestAuthenticator);
        writer.TryAdd(RadiusAttributeType.UserName, "alice");
        writer.TryAddEapMessage([2, 1, 0, 10, 1, (byte)'a', (byte)'l', (byte)'i', (byte)'c', (byte)'e']);
        writer.TryAddMessageAuthenticator();
        var request = buffer.AsSpan(0, writer.FinishRequest(Secret)).ToArray();

        var zeroed = (byte[])request.Clone();
        zeroed.AsSpan(zeroed.Length - 16).Clear();
        var expected = new HMACMD5(Secret).ComputeHash(zeroed);
        Assert.Equal(expected, request[^16..]);
        Assert.Equal(80, request[^18]);
        Assert.Equal(RequestAuthenticator, request[4..20]);
    }
}
