using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OnLan.Ike.Eap;
using OnLan.Ike.Tests.Auth;

namespace OnLan.Ike.Tests.Eap;

public class EapAuthenticatorTests
{
    private const byte FirstIdentifier = 10;
    private const string Password = "clientPass";
    private static readonly byte[] PeerChallenge = Convert.FromHexString("21402324255E262A28295F2B3A337C7E");

    private static readonly X509Certificate2 Ca = TestCertificates.CreateCa("Nak Test CA");
    private static readonly EapTlsCredentials Credentials = EapTlsCredentials.Create(
        TestCertificates.Issue(Ca, "CN=gw.onlan.test", dns: "gw.onlan.test"), [Ca]);

    private static readonly EapMethodOffer Tls = new(EapType.Tls, () => new EapTlsServer(Credentials, DateTimeOffset.UtcNow));
    private static readonly EapMethodOffer MsChapV2 = new(EapType.MsChapV2, () => new EapMsChapV2Server(
        name => name == "User" ? Ike.Eap.MsChapV2.NtPasswordHash(Password) : null, () => RandomNumberGenerator.GetBytes(16)));

    private static byte[] Nak(byte identifier, params byte[] wanted) => EapPacket.WriteTyped(EapCode.Response, identifier, EapType.Nak, wanted);

    private static EapCode CodeOf(byte[] packet) => (EapCode)packet[0];

    private static EapType TypeOf(byte[] packet) => (EapType)packet[4];

    /// <summary>Identity exchanged; returns the first method request.</summary>
    private static byte[] PastIdentity(EapAuthenticator server, string identity = "User")
    {
        server.Start();
        return server.Receive(EapPacket.WriteTyped(EapCode.Response, FirstIdentifier, EapType.Identity, System.Text.Encoding.UTF8.GetBytes(identity)))!;
    }

    /// <summary>Lets <paramref name="respond"/> answer every request from <paramref name="request"/> on; returns the last packet sent.</summary>
    private static byte[] RunFrom(EapAuthenticator server, byte[] request, Func<byte[], byte[]?> respond)
    {
        while (server.State == EapMethodState.Running && respond(request) is { } response)
            request = server.Receive(response)!;
        return request;
    }

    [Fact]
    public void The_preferred_method_is_offered_right_after_the_identity()
    {
        var server = new EapAuthenticator([Tls, MsChapV2], FirstIdentifier);

        byte[] offer = PastIdentity(server);

        Assert.Equal(EapType.Tls, TypeOf(offer));
        Assert.Equal(FirstIdentifier + 1, offer[1]);
    }

    [Fact]
    public void A_nak_for_mschapv2_switches_from_tls_and_the_password_login_succeeds()
    {
        var server = new EapAuthenticator([Tls, MsChapV2], FirstIdentifier);
        var peer = new MsChapV2TestPeer("User", "User", Password, PeerChallenge);
        byte[] tlsStart = PastIdentity(server);

        byte[] challenge = server.Receive(Nak(tlsStart[1], (byte)EapType.MsChapV2))!;
        byte[] last = RunFrom(server, challenge, peer.Respond);

        Assert.Equal(EapType.MsChapV2, TypeOf(challenge));
        Assert.Equal(FirstIdentifier + 2, challenge[1]);
        Assert.Equal(EapCode.Success, CodeOf(last));
        Assert.Equal(EapMethodState.Succeeded, server.State);
        Assert.Equal("User", server.Identity);
        Assert.Equal(peer.Msk, server.Msk);
    }

    [Fact]
    public void A_nak_for_tls_switches_from_mschapv2_and_the_certificate_login_succeeds()
    {
        var server = new EapAuthenticator([MsChapV2, Tls], FirstIdentifier);
        var peer = new EapTlsTestPeer("alice@onlan.test", TestCertificates.Issue(Ca, "CN=alice@onlan.test", email: "alice@onlan.test"));
        byte[] challenge = PastIdentity(server, "alice@onlan.test");

        byte[] tlsStart = server.Receive(Nak(challenge[1], 4, (byte)EapType.Tls))!; // MD5 first: not offered, skipped
        byte[] last = RunFrom(server, tlsStart, peer.Respond);

        Assert.Equal(EapType.Tls, TypeOf(tlsStart));
        Assert.Equal(EapCode.Success, CodeOf(last));
        Assert.Equal("alice@onlan.test", server.Identity);
        Assert.Equal(peer.Msk, server.Msk);
    }

    [Theory]
    [InlineData(new byte[] { 4 })]      // MD5-Challenge: not offered
    [InlineData(new byte[] { 0 })]      // "no alternative" (RFC 3748 §5.3.1)
    [InlineData(new byte[] { 13 })]     // the method just offered
    [InlineData(new byte[0])]           // a Nak naming nothing
    public void A_nak_without_an_offered_alternative_ends_in_eap_failure(byte[] wanted)
    {
        var server = new EapAuthenticator([Tls, MsChapV2], FirstIdentifier);
        byte[] offer = PastIdentity(server);

        byte[] reply = server.Receive(Nak(offer[1], wanted))!;

        Assert.Equal(EapCode.Failure, CodeOf(reply));
        Assert.Equal(EapMethodState.Failed, server.State);
    }

    [Fact]
    public void Only_one_nak_is_honoured()
    {
        var server = new EapAuthenticator([Tls, MsChapV2], FirstIdentifier);
        byte[] offer = PastIdentity(server);
        byte[] challenge = server.Receive(Nak(offer[1], (byte)EapType.MsChapV2))!;

        byte[] reply = server.Receive(Nak(challenge[1], (byte)EapType.Tls))!;

        Assert.Equal(EapCode.Failure, CodeOf(reply));
        Assert.Equal(EapMethodState.Failed, server.State);
    }

    [Fact]
    public void A_nak_once_the_method_has_started_ends_in_eap_failure()
    {
        var server = new EapAuthenticator([Tls, MsChapV2], FirstIdentifier);
        var peer = new EapTlsTestPeer("alice@onlan.test", TestCertificates.Issue(Ca, "CN=alice@onlan.test", email: "alice@onlan.test"));
        byte[] tlsStart = PastIdentity(server, "alice@onlan.test");
        byte[] serverHello = server.Receive(peer.Respond(tlsStart)!)!;

        byte[] reply = server.Receive(Nak(serverHello[1], (byte)EapType.MsChapV2))!;

        Assert.Equal(EapCode.Failure, CodeOf(reply));
        Assert.Equal(EapMethodState.Failed, server.State);
    }

    [Fact]
    public void A_nak_with_a_stale_identifier_is_ignored()
    {
        var server = new EapAuthenticator([Tls, MsChapV2], FirstIdentifier);
        PastIdentity(server);

        Assert.Null(server.Receive(Nak(FirstIdentifier, (byte)EapType.MsChapV2)));
        Assert.Equal(EapMethodState.Running, server.State);
    }

    [Fact]
    public void A_method_response_to_the_identity_request_ends_in_eap_failure()
    {
        var server = new EapAuthenticator([Tls], FirstIdentifier);
        server.Start();

        byte[] reply = server.Receive(EapPacket.WriteTyped(EapCode.Response, FirstIdentifier, EapType.Tls, [0]))!;

        Assert.Equal(EapCode.Failure, CodeOf(reply));
        Assert.Equal(EapMethodState.Failed, server.State);
        Assert.Null(server.Msk);
    }
}
