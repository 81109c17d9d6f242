using OnLan.Ike.Eap;

namespace OnLan.Ike.Tests.Eap;

public class EapPacketTests
{
    [Fact]
    public void Identity_request_is_code_1_type_1_and_five_octets()
    {
        byte[] request = EapPacket.WriteIdentityRequest(7);

        Assert.Equal(new byte[] { 1, 7, 0, 5, 1 }, request);
        Assert.Equal(EapParseError.None, EapPacket.TryParse(request, out var packet));
        Assert.Equal(EapCode.Request, packet.Code);
        Assert.Equal(7, packet.Identifier);
        Assert.Equal(EapType.Identity, packet.Type);
        Assert.True(packet.TypeData.IsEmpty);
    }

    [Fact]
    public void Success_and_failure_are_four_octets_with_the_given_identifier()
    {
        Assert.Equal(new byte[] { 3, 9, 0, 4 }, EapPacket.WriteSuccess(9));
        Assert.Equal(new byte[] { 4, 9, 0, 4 }, EapPacket.WriteFailure(9));
        Assert.Equal(EapParseError.None, EapPacket.TryParse(EapPacket.WriteSuccess(9), out var packet));
        Assert.False(packet.HasType);
        Assert.True(packet.TypeData.IsEmpty);
    }

    [Fact]
    public void Challenge_request_round_trips_through_the_challenge_view()
    {
        byte[] challengeBytes = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        byte[] request = EapPacket.WriteMsChapV2Challenge(3, 3, challengeBytes, "OnLan");

        Assert.Equal(EapParseError.None, EapPacket.TryParse(request, out var packet));
        Assert.Equal(EapType.MsChapV2, packet.Type);
        Assert.Equal(request.Length - 5, (packet.TypeData[2] << 8) | packet.TypeData[3]);
        Assert.Equal(EapParseError.None, MsChapV2Challenge.TryParse(packet.TypeData, out var challenge));
        Assert.Equal(3, challenge.MsChapV2Id);
        Assert.Equal(challengeBytes, challenge.AuthenticatorChallenge.ToArray());
        Assert.Equal("OnLan"u8.ToArray(), challenge.Name.ToArray());
    }

    [Fact]
    public void Success_request_carries_the_authenticator_response_and_message_without_NUL()
    {
        byte[] request = EapPacket.WriteMsChapV2Success(4, 3, "S=407A5589115FD0D6209F510FE9C04566932CDA56", "Welcome");

        Assert.Equal(EapParseError.None, EapPacket.TryParse(request, out var packet));
        Assert.Equal((byte)MsChapV2OpCode.Success, packet.TypeData[0]);
        Assert.Equal(3, packet.TypeData[1]);
        Assert.Equal("S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Welcome"u8.ToArray(), packet.TypeData[4..].ToArray());
    }

    [Fact]
    public void Failure_request_says_error_no_retry_challenge_and_version()
    {
        byte[] request = EapPacket.WriteMsChapV2Failure(4, 3, 691, new byte[16], "denied");

        Assert.Equal(EapParseError.None, EapPacket.TryParse(request, out var packet));
        Assert.Equal((byte)MsChapV2OpCode.Failure, packet.TypeData[0]);
        Assert.Equal("E=691 R=0 C=00000000000000000000000000000000 V=3 M=denied"u8.ToArray(), packet.TypeData[4..].ToArray());
    }

    [Fact]
    public void Response_round_trips_through_the_response_view()
    {
        byte[] peerChallenge = Enumerable.Repeat((byte)0xAA, 16).ToArray();
        byte[] ntResponse = Enumerable.Repeat((byte)0xBB, 24).ToArray();
        byte[] bytes = MsChapV2Response.Write(5, 4, peerChallenge, ntResponse, "CORP\\alice"u8);

        Assert.Equal(EapParseError.None, EapPacket.TryParse(bytes, out var packet));
        Assert.Equal(EapCode.Response, packet.Code);
        Assert.Equal(EapParseError.None, MsChapV2Response.TryParse(packet.TypeData, out var response));
        Assert.Equal(4, response.MsChapV2Id);
        Assert.Equal(peerChallenge, response.PeerChallenge.ToArray());
        Assert.Equal(ntResponse, response.NtResponse.ToArray());
        Assert.Equal(0, response.Flags);
        Assert.Equal("CORP\\alice"u8.ToArray(), response.Name.ToArray());
    }

    [Fact]
    public void Octets_beyond_Length_are_padding_and_ignored()
    {
        byte[] padded = [.. EapPacket.WriteSuccess(1), 0xEE, 0xEE];
        Assert.Equal(EapParseError.None, EapPacket.TryParse(padded, out var packet));
        Assert.Equal(4, packet.Bytes.Length);
    }

    [Theory]
    [InlineData(new byte[] { }, EapParseError.Truncated)]
    [InlineData(new byte[] { 2, 1, 0 }, EapParseError.Truncated)]
    [InlineData(new byte[] { 2, 1, 0, 3 }, EapParseError.BadLength)]
    [InlineData(new byte[] { 2, 1, 0, 9, 1 }, EapParseError.BadLength)]
    [InlineData(new byte[] { 2, 1, 0, 4 }, EapParseError.MissingType)]
    [InlineData(new byte[] { 3, 1, 0, 5, 0 }, EapParseError.UnexpectedData)]
    [InlineData(new byte[] { 5, 1, 0, 4 }, EapParseError.UnknownCode)]
    [InlineData(new byte[] { 0, 1, 0, 4 }, EapParseError.UnknownCode)]
    public void Malformed_packets_are_refused_with_a_reason(byte[] bytes, EapParseError expected)
    {
        Assert.Equal(expected, EapPacket.TryParse(bytes, out _));
    }

    [Fact]
    public void Every_truncation_of_a_response_is_refused_by_the_view()
    {
        byte[] bytes = MsChapV2Response.Write(5, 5, new byte[16], new byte[24], "bob"u8);
        EapPacket.TryParse(bytes, out var packet);
        byte[] typeData = packet.TypeData.ToArray();
        for (int length = 0; length < typeData.Length; length++)
            Assert.NotEqual(EapParseError.None, MsChapV2Response.TryParse(typeData.AsSpan(0, length), out _));
    }

    [Fact]
    public void Response_view_refuses_wrong_opcode_value_size_and_ms_length()
    {
        byte[] bytes = MsChapV2Response.Write(5, 5, new byte[16], new byte[24], "bob"u8);
        EapPacket.TryParse(bytes, out var packet);
        byte[] typeData = packet.TypeData.ToArray();

        byte[] wrongOpCode = (byte[])typeData.Clone();
        wrongOpCode[0] = 1;
        byte[] wrongValueSize = (byte[])typeData.Clone();
        wrongValueSize[4] = 48;
        byte[] wrongMsLength = (byte[])typeData.Clone();
        wrongMsLength[3]++;

        Assert.Equal(EapParseError.WrongOpCode, MsChapV2Response.TryParse(wrongOpCode, out _));
        Assert.Equal(EapParseError.BadMsChapV2Length, MsChapV2Response.TryParse(wrongValueSize, out _));
        Assert.Equal(EapParseError.BadMsChapV2Length, MsChapV2Response.TryParse(wrongMsLength, out _));
    }
}
