using OnLan.Wire;

namespace OnLan.Radius.Tests;

/// <summary>The packet view and writer against RFC 2865 §7.1's example, and every way bytes can be broken.</summary>
public sealed class RadiusPacketTests
{
    // RFC 2865 §7.1: user "nemo" logs in with PAP at NAS 192.168.1.16 port 3; the secret is "xyzzy5461".
    internal static readonly byte[] Rfc2865AccessRequest = Convert.FromHexString(
        "010000380f403f9473978057bd83d5cb98f4227a01066e656d6f02120dbe708d93d413ce3196e43f782a0aee0406c0a80110050600000003");
    internal static readonly byte[] Rfc2865AccessAccept = Convert.FromHexString(
        "0200002686fe220e7624ba2a1005f6bf9b55e0b20606000000010f06000000000e06c0a80103");
    internal static readonly byte[] Rfc2865Secret = "xyzzy5461"u8.ToArray();

    [Fact]
    public void The_rfc_2865_access_request_parses_into_its_attributes()
    {
        Assert.Equal(RadiusParseError.None, RadiusPacket.TryParse(Rfc2865AccessRequest, out var request));

        Assert.Equal(RadiusCode.AccessRequest, request.Code);
        Assert.Equal(0, request.Identifier);
        Assert.Equal(56, request.Length);
        Assert.True(request.TryGet(RadiusAttributeType.UserName, out var user));
        Assert.Equal("nemo"u8.ToArray(), user.ToArray());
        Assert.True(request.TryGet(RadiusAttributeType.NasIpAddress, out var nas));
        Assert.Equal(new Ipv4Address(192, 168, 1, 16), Ipv4Address.Read(nas));
        int count = 0;
        foreach (var _ in request.Attributes) count++;
        Assert.Equal(4, count);
        Assert.Null(request.JoinEapMessage());
    }

    [Fact]
    public void The_rfc_2865_access_accept_carries_the_response_authenticator_of_its_request()
    {
        Assert.Equal(RadiusParseError.None, RadiusPacket.TryParse(Rfc2865AccessAccept, out var accept));
        var requestAuthenticator = Rfc2865AccessRequest.AsSpan(4, 16);
        var expected = new byte[16];

        RadiusAuthenticators.ComputeResponseAuthenticator(accept.Bytes, requestAuthenticator, Rfc2865Secret, expected);

        Assert.Equal(accept.Authenticator.ToArray(), expected);
        // The example predates RFC 3579: no Message-Authenticator, which this client requires of every reply.
        Assert.Equal(RadiusReplyCheck.MissingMessageAuthenticator, RadiusAuthenticators.CheckReply(accept, requestAuthenticator, Rfc2865Secret));
        Assert.Equal(RadiusReplyCheck.BadResponseAuthenticator, RadiusAuthenticators.CheckReply(accept, requestAuthenticator, "xyzzy5462"u8));
    }

    [Fact]
    public void Every_truncation_is_refused()
    {
        for (int length = 0; length < Rfc2865AccessRequest.Length; length++)
            Assert.NotEqual(RadiusParseError.None, RadiusPacket.TryParse(Rfc2865AccessRequest.AsSpan(0, length), out _));
    }

    [Fact]
    public void Octets_after_length_are_padding_and_not_part_of_the_packet()
    {
        byte[] padded = [.. Rfc2865AccessAccept, 0xde, 0xad];

        Assert.Equal(RadiusParseError.None, RadiusPacket.TryParse(padded, out var packet));

        Assert.Equal(Rfc2865AccessAccept.Length, packet.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(19)] // runs past the end
    public void An_attribute_with_a_bad_length_is_refused(byte attributeLength)
    {
        var broken = (byte[])Rfc2865AccessRequest.Clone();
        broken[21] = attributeLength; // User-Name's length octet

        Assert.Equal(RadiusParseError.BadAttribute, RadiusPacket.TryParse(broken, out _));
    }

    [Theory]
    [InlineData(19)]
    [InlineData(4097)]
    public void A_length_field_out_of_range_is_refused(int length)
    {
        var broken = new byte[5000];
        Rfc2865AccessRequest.CopyTo(broken, 0);
        broken[2] = (byte)(length >> 8);
        broken[3] = (byte)length;

        Assert.Equal(RadiusParseError.BadLength, RadiusPacket.TryParse(broken, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(253)]
    [InlineData(254)]
    [InlineData(600)]
    public void An_eap_packet_is_split_into_253_octet_eap_messages_and_joined_again(int eapLength)
    {
        var eap = new byte[eapLength];
        Random.Shared.NextBytes(eap);
        var buffer = new byte[RadiusPacket.MaxLength];
        var writer = new RadiusPacketWriter(buffer, RadiusCode.AccessRequest, 7, new byte[16]);

        Assert.True(writer.TryAddEapMessage(eap));
        Assert.True(writer.TryAddMessageAuthenticator());
        int length = writer.FinishRequest("s"u8);

        Assert.Equal(RadiusParseError.None, RadiusPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.Equal((eapLength + 252) / 253, packet.Count(RadiusAttributeType.EapMessage));
        foreach (var attribute in packet.Attributes)
            if (attribute.Type == RadiusAttributeType.EapMessage) Assert.InRange(attribute.Value.Length, 1, 253);
        Assert.Equal(eap, packet.JoinEapMessage());
    }

    [Fact]
    public void The_writer_refuses_what_does_not_fit_in_4096_octets()
    {
        var buffer = new byte[8000];
        var writer = new RadiusPacketWriter(buffer, RadiusCode.AccessRequest, 1, new byte[16]);

        Assert.False(writer.TryAddEapMessage(new byte[4096]));
        Assert.False(writer.TryAdd(RadiusAttributeType.State, new byte[254]));
        Assert.Equal(RadiusPacket.HeaderLength, writer.Length);
    }
}
