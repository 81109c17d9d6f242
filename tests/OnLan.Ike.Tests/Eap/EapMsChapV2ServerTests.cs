using OnLan.Ike.Eap;

namespace OnLan.Ike.Tests.Eap;

public class EapMsChapV2ServerTests
{
    private static readonly byte[] AuthenticatorChallenge = Convert.FromHexString("5B5D7C7D7B3F2F3E3C2C602132262628");
    private static readonly byte[] PeerChallenge = Convert.FromHexString("21402324255E262A28295F2B3A337C7E");
    private const string Password = "clientPass";

    private static EapMsChapV2Server NewServer(byte firstIdentifier = 42) => new(
        userName => userName == "User" ? MsChapV2.NtPasswordHash(Password) : null,
        () => (byte[])AuthenticatorChallenge.Clone(),
        firstIdentifier);

    /// <summary>Runs peer and server back to back; returns every packet the server sent.</summary>
    private static List<byte[]> Run(EapMsChapV2Server server, MsChapV2TestPeer peer)
    {
        var sent = new List<byte[]> { server.Start() };
        while (server.State == EapMsChapV2State.Running)
        {
            byte[]? response = peer.Respond(sent[^1]);
            if (response is null)
                break;
            byte[]? next = server.Receive(response);
            Assert.NotNull(next);
            sent.Add(next);
        }
        return sent;
    }

    private static EapCode CodeOf(byte[] packet) => (EapCode)packet[0];

    [Fact]
    public void Correct_password_succeeds_and_both_sides_hold_the_same_msk()
    {
        var server = NewServer();
        var peer = new MsChapV2TestPeer("User", "User", Password, PeerChallenge);

        var sent = Run(server, peer);

        Assert.Equal(EapMsChapV2State.Succeeded, server.State);
        Assert.True(peer.ServerAuthenticated);
        Assert.Equal(4, sent.Count);
        Assert.Equal(EapCode.Success, CodeOf(sent[^1]));
        Assert.Equal("User", server.Identity);
        Assert.Equal("User", server.UserName);
        Assert.NotNull(server.Msk);
        Assert.Equal(64, server.Msk!.Length);
        Assert.Equal(peer.Msk, server.Msk);
    }

    [Fact]
    public void Requests_increment_the_identifier_and_success_echoes_the_last_response()
    {
        var sent = Run(NewServer(firstIdentifier: 255), new MsChapV2TestPeer("User", "User", Password, PeerChallenge));

        Assert.Equal(new byte[] { 255, 0, 1, 1 }, sent.Select(packet => packet[1]).ToArray());
    }

    [Fact]
    public void Challenge_carries_the_injected_authenticator_challenge()
    {
        var server = NewServer();
        server.Start();
        byte[] challenge = server.Receive(EapPacket.WriteTyped(EapCode.Response, 42, EapType.Identity, "User"u8))!;

        EapPacket.TryParse(challenge, out var packet);
        Assert.Equal(EapParseError.None, MsChapV2Challenge.TryParse(packet.TypeData, out var view));
        Assert.Equal(AuthenticatorChallenge, view.AuthenticatorChallenge.ToArray());
        Assert.Equal(43, view.MsChapV2Id);
    }

    [Fact]
    public void Wrong_password_fails_with_eap_failure_after_the_response()
    {
        var server = NewServer();
        var sent = Run(server, new MsChapV2TestPeer("User", "User", "wrongPass", PeerChallenge));

        Assert.Equal(EapMsChapV2State.Failed, server.State);
        Assert.Equal(3, sent.Count);
        Assert.Equal(new byte[] { 4, 43, 0, 4 }, sent[^1]);
        Assert.Null(server.Msk);
        Assert.Null(server.UserName);
    }

    [Fact]
    public void Unknown_user_fails_at_the_same_step_with_the_same_packet_as_a_wrong_password()
    {
        var wrongPassword = Run(NewServer(), new MsChapV2TestPeer("User", "User", "wrongPass", PeerChallenge));
        var lookedUp = new List<string>();
        var server = new EapMsChapV2Server(name => { lookedUp.Add(name); return null; }, () => (byte[])AuthenticatorChallenge.Clone(), 42);
        var unknownUser = Run(server, new MsChapV2TestPeer("Nobody", "Nobody", Password, PeerChallenge));

        Assert.Equal(EapMsChapV2State.Failed, server.State);
        Assert.Equal(["Nobody"], lookedUp);
        Assert.Equal(wrongPassword.Count, unknownUser.Count);
        Assert.Equal(wrongPassword[^1], unknownUser[^1]);
        Assert.Null(server.Msk);
    }

    [Fact]
    public void Domain_prefixed_user_name_is_accepted_and_looked_up_without_the_domain()
    {
        var server = NewServer();
        var peer = new MsChapV2TestPeer("CORP\\User", "CORP\\User", Password, PeerChallenge);

        Run(server, peer);

        Assert.Equal(EapMsChapV2State.Succeeded, server.State);
        Assert.Equal("CORP\\User", server.Identity);
        Assert.Equal("User", server.UserName);
        Assert.Equal(peer.Msk, server.Msk);
    }

    [Fact]
    public void Retransmitted_responses_with_the_old_identifier_are_ignored()
    {
        var server = NewServer();
        var peer = new MsChapV2TestPeer("User", "User", Password, PeerChallenge);

        byte[] identityResponse = peer.Respond(server.Start())!;
        byte[] challenge = server.Receive(identityResponse)!;
        Assert.Null(server.Receive(identityResponse));

        byte[] msChapV2Response = peer.Respond(challenge)!;
        byte[] successRequest = server.Receive(msChapV2Response)!;
        Assert.Null(server.Receive(msChapV2Response));
        Assert.Null(server.Receive(identityResponse));

        byte[] acknowledgement = peer.Respond(successRequest)!;
        Assert.Equal(EapMsChapV2State.Running, server.State);
        Assert.Equal(EapCode.Success, CodeOf(server.Receive(acknowledgement)!));
        Assert.Equal(EapMsChapV2State.Succeeded, server.State);
        Assert.Null(server.Receive(acknowledgement));
        Assert.Equal(peer.Msk, server.Msk);
    }

    [Fact]
    public void Nak_proposing_another_method_fails()
    {
        var server = NewServer();
        server.Start();
        server.Receive(EapPacket.WriteTyped(EapCode.Response, 42, EapType.Identity, "User"u8));

        byte[] reply = server.Receive(EapPacket.WriteTyped(EapCode.Response, 43, EapType.Nak, [13]))!;

        Assert.Equal(new byte[] { 4, 43, 0, 4 }, reply);
        Assert.Equal(EapMsChapV2State.Failed, server.State);
    }

    [Fact]
    public void Nak_instead_of_identity_fails()
    {
        var server = NewServer();
        server.Start();

        Assert.Equal(EapCode.Failure, CodeOf(server.Receive(EapPacket.WriteTyped(EapCode.Response, 42, EapType.Nak, [26]))!));
        Assert.Equal(EapMsChapV2State.Failed, server.State);
    }

    [Fact]
    public void Success_acknowledgement_with_extra_octets_fails()
    {
        var server = NewServer();
        var peer = new MsChapV2TestPeer("User", "User", Password, PeerChallenge);
        byte[] challenge = server.Receive(peer.Respond(server.Start())!)!;
        server.Receive(peer.Respond(challenge)!);

        byte[] reply = server.Receive(EapPacket.WriteTyped(EapCode.Response, 44, EapType.MsChapV2, [(byte)MsChapV2OpCode.Success, 0]))!;

        Assert.Equal(EapCode.Failure, CodeOf(reply));
        Assert.Equal(EapMsChapV2State.Failed, server.State);
        Assert.Null(server.Msk);
    }

    [Fact]
    public void Response_with_a_mismatched_ms_chapv2_id_fails()
    {
        var server = NewServer();
        var peer = new MsChapV2TestPeer("User", "User", Password, PeerChallenge);
        server.Receive(peer.Respond(server.Start())!);
        byte[] ntResponse = MsChapV2.GenerateNtResponse(AuthenticatorChallenge, PeerChallenge, "User"u8, MsChapV2.NtPasswordHash(Password));

        byte[] reply = server.Receive(MsChapV2Response.Write(43, 99, PeerChallenge, ntResponse, "User"u8))!;

        Assert.Equal(EapCode.Failure, CodeOf(reply));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 2, 42, 0 })]
    [InlineData(new byte[] { 2, 42, 0, 200, 1 })]
    [InlineData(new byte[] { 1, 42, 0, 5, 1 })]
    [InlineData(new byte[] { 3, 42, 0, 4 })]
    public void Garbage_fails_without_throwing(byte[] garbage)
    {
        var server = NewServer();
        server.Start();

        Assert.Equal(EapCode.Failure, CodeOf(server.Receive(garbage)!));
        Assert.Equal(EapMsChapV2State.Failed, server.State);
    }

    [Fact]
    public void Five_thousand_mutated_responses_never_throw()
    {
        var random = new Random(20261127);
        var outcomes = new int[3];
        for (int i = 0; i < 5_000; i++)
        {
            var server = NewServer((byte)random.Next(256));
            var peer = new MsChapV2TestPeer("CORP\\User", "CORP\\User", Password, PeerChallenge);
            int stepToMutate = random.Next(3);
            byte[]? request = server.Start();
            for (int step = 0; request is not null && server.State == EapMsChapV2State.Running; step++)
            {
                byte[]? response = peer.Respond(request);
                if (response is null)
                    break;
                if (step == stepToMutate)
                    response = Mutate(response, random);
                request = server.Receive(response);
                if (step == stepToMutate)
                    break;
            }
            Assert.True(server.State != EapMsChapV2State.Succeeded || server.Msk is { Length: 64 });
            outcomes[(int)server.State]++;
        }
        // The mutations must exercise every outcome, or the test proves little.
        Assert.All(outcomes, count => Assert.True(count > 0));
    }

    private static byte[] Mutate(byte[] packet, Random random)
    {
        byte[] mutated = (byte[])packet.Clone();
        switch (random.Next(5))
        {
            case 0:
                mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                break;
            case 2:
                return mutated[..random.Next(mutated.Length)];
            case 3:
                byte[] longer = new byte[mutated.Length + random.Next(1, 8)];
                random.NextBytes(longer);
                mutated.CopyTo(longer, 0);
                return longer;
            default:
                random.NextBytes(mutated);
                break;
        }
        return mutated;
    }
}
