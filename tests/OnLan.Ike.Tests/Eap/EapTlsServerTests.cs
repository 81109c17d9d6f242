using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OnLan.Ike.Eap;
using OnLan.Ike.Tests.Auth;

namespace OnLan.Ike.Tests.Eap;

public class EapTlsServerTests
{
    private const string User = "alice@onlan.test";
    private const byte FirstIdentifier = 200;

    private static readonly X509Certificate2 Ca = TestCertificates.CreateCa("EAP-TLS Test CA");
    private static readonly X509Certificate2 OtherCa = TestCertificates.CreateCa("Somebody Else's CA");
    private static readonly X509Certificate2 ServerCertificate = IssueRsaServer(Ca);
    private static readonly EapTlsCredentials Credentials = EapTlsCredentials.Create(ServerCertificate, [Ca]);

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>An RSA-2048 server certificate, as the gateway's own PKI makes by default: its flight needs two fragments.</summary>
    private static X509Certificate2 IssueRsaServer(X509Certificate2 ca)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=gw.onlan.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("gw.onlan.test");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var caKey = ca.GetECDsaPrivateKey()!;
        using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), Now.AddDays(-1), Now.AddDays(60),
            RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 ClientCertificate(X509Certificate2? ca = null, string email = User) =>
        TestCertificates.Issue(ca ?? Ca, $"CN={email}", email: email);

    private static EapAuthenticator NewAuthenticator(DateTimeOffset? now = null) =>
        new([new EapMethodOffer(EapType.Tls, () => new EapTlsServer(Credentials, now ?? Now))], FirstIdentifier);

    /// <summary>Runs peer and authenticator back to back; returns every packet the authenticator sent.</summary>
    private static List<byte[]> Run(EapAuthenticator server, EapTlsTestPeer peer)
    {
        var sent = new List<byte[]> { server.Start() };
        while (server.State == EapMethodState.Running)
        {
            byte[]? response = peer.Respond(sent[^1]);
            if (response is null) break;
            byte[]? next = server.Receive(response);
            Assert.NotNull(next);
            sent.Add(next);
        }
        return sent;
    }

    private static EapCode CodeOf(byte[] packet) => (EapCode)packet[0];

    private static EapTlsServer TlsOf(EapAuthenticator server) => Assert.IsType<EapTlsServer>(server.Method);

    [Fact]
    public void A_client_certificate_from_the_ca_logs_in_and_both_sides_hold_the_same_msk()
    {
        var server = NewAuthenticator();
        var peer = new EapTlsTestPeer(User, ClientCertificate());

        var sent = Run(server, peer);

        Assert.Equal(EapMethodState.Succeeded, server.State);
        Assert.Equal(EapCode.Success, CodeOf(sent[^1]));
        Assert.True(peer.HandshakeCompleted);
        Assert.Equal(64, server.Msk!.Length);
        Assert.Equal(peer.Msk, server.Msk);
        Assert.Equal(User, server.Identity);
    }

    [Fact]
    public void The_first_tls_request_is_a_start_without_data()
    {
        var server = NewAuthenticator();
        server.Start();
        byte[] start = server.Receive(EapPacket.WriteTyped(EapCode.Response, FirstIdentifier, EapType.Identity, "alice@onlan.test"u8))!;

        Assert.Equal([(byte)EapCode.Request, FirstIdentifier + 1, 0, 6, (byte)EapType.Tls, (byte)EapTlsFlags.Start], start);
    }

    [Fact]
    public void The_server_flight_is_fragmented_with_length_on_the_first_fragment_and_acknowledged_by_the_peer()
    {
        var server = NewAuthenticator();
        var peer = new EapTlsTestPeer(User, ClientCertificate());

        var sent = Run(server, peer);

        Assert.All(sent, packet => Assert.True(packet.Length <= EapTlsServer.MaxEapPacketLength, $"{packet.Length} octets"));
        // sent: Identity, Start, then the ServerHello flight.
        EapPacket.TryParse(sent[2], out var first);
        EapTlsMessage.TryParse(first.TypeData, out var firstFragment);
        Assert.Equal(EapTlsFlags.LengthIncluded | EapTlsFlags.MoreFragments, firstFragment.Flags);
        Assert.True(firstFragment.MessageLength > EapTlsServer.MaxFragmentDataLength);
        Assert.True(peer.AcknowledgementsSent >= 1);
        // Identifiers go up by one per request; Success repeats the last.
        var identifiers = sent.Select(p => p[1]).ToList();
        for (int i = 1; i < identifiers.Count - 1; i++) Assert.Equal((byte)(identifiers[i - 1] + 1), identifiers[i]);
        Assert.Equal(identifiers[^2], identifiers[^1]);
    }

    [Fact]
    public void The_peer_flight_in_small_fragments_is_acknowledged_and_reassembled()
    {
        var server = NewAuthenticator();
        var peer = new EapTlsTestPeer(User, ClientCertificate(), fragmentSize: 100);

        Run(server, peer);

        Assert.Equal(EapMethodState.Succeeded, server.State);
        Assert.True(peer.FragmentsSent > 5, $"{peer.FragmentsSent} fragments");
        Assert.Equal(peer.FragmentsSent - 2, peer.AcknowledgementsReceived); // every fragment but the last of each of two flights
        Assert.Equal(peer.Msk, server.Msk);
    }

    /// <summary>
    /// strongSwan 5.9.8's eap-tls ClientHello (TLS record, 238 octets, captured from the interop test): no
    /// renegotiation_info extension and no SCSV, which BouncyCastle's server refuses unless told otherwise.
    /// </summary>
    private static readonly byte[] StrongSwanClientHello = Convert.FromHexString(
        "16030300E9010000E503036B09416AF0E209D8B840CC265969B9377B91CE7449D7C3F353A3F2E253E6C3F9000048C02C" +
        "C024C00AC02BC023C009C030C028C014C02FC027C013009F006B003900C40088009E0067003300BE0045009D003D0035" +
        "009C003C002F00C0008400BA0041C006C010003B00020100007400000012001000000D67772E6F6E6C616E2E74657374" +
        "000A0010000E001D001E00170018001900150013000B00020100000D001E001C04030503060308070808080408050806" +
        "0809080A080B0401050106010032001E001C040305030603080708080804080508060809080A080B040105010601");

    [Fact]
    public void A_strongswan_client_hello_without_renegotiation_info_gets_the_server_flight()
    {
        var server = Started();

        byte[] reply = server.Receive(TlsResponse(FirstIdentifier + 1, [0x00, .. StrongSwanClientHello]))!;

        Assert.Equal(EapCode.Request, CodeOf(reply));
        Assert.Equal(EapMethodState.Running, server.State);
        EapPacket.TryParse(reply, out var packet);
        EapTlsMessage.TryParse(packet.TypeData, out var fragment);
        Assert.Equal(22, fragment.Data[0]); // a TLS handshake record: ServerHello first
    }

    [Fact]
    public void A_client_certificate_from_another_ca_is_refused()
    {
        var server = NewAuthenticator();

        var sent = Run(server, new EapTlsTestPeer(User, ClientCertificate(OtherCa)));

        Assert.Equal(EapMethodState.Failed, server.State);
        Assert.Equal(EapCode.Failure, CodeOf(sent[^1]));
        Assert.Null(server.Msk);
        Assert.Contains("not from a configured CA", TlsOf(server).FailureReason);
    }

    [Fact]
    public void An_expired_client_certificate_is_refused_at_the_injected_time()
    {
        var certificate = ClientCertificate(); // valid for 30 days from now
        var later = NewAuthenticator(now: Now.AddDays(45));
        var today = NewAuthenticator(now: Now);

        Run(later, new EapTlsTestPeer(User, certificate));
        Run(today, new EapTlsTestPeer(User, certificate));

        Assert.Equal(EapMethodState.Failed, later.State);
        Assert.Contains("expired", TlsOf(later).FailureReason);
        Assert.Equal(EapMethodState.Succeeded, today.State);
    }

    [Fact]
    public void A_peer_without_a_client_certificate_is_refused()
    {
        var server = NewAuthenticator();

        var sent = Run(server, new EapTlsTestPeer(User, clientCertificate: null));

        Assert.Equal(EapMethodState.Failed, server.State);
        Assert.Equal(EapCode.Failure, CodeOf(sent[^1]));
        Assert.Contains("no certificate", TlsOf(server).FailureReason);
    }

    [Fact]
    public void A_certificate_for_another_identity_is_refused()
    {
        var server = NewAuthenticator();

        Run(server, new EapTlsTestPeer("bob@onlan.test", ClientCertificate()));

        Assert.Equal(EapMethodState.Failed, server.State);
        Assert.Contains("does not name 'bob@onlan.test'", TlsOf(server).FailureReason);
        Assert.Null(server.Msk);
    }

    [Fact]
    public void A_certificate_only_for_server_authentication_is_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={User}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var caKey = Ca.GetECDsaPrivateKey()!;
        using var issued = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), Now.AddDays(-1), Now.AddDays(30), [7]);
        var server = NewAuthenticator();

        Run(server, new EapTlsTestPeer(User, issued.CopyWithPrivateKey(key)));

        Assert.Equal(EapMethodState.Failed, server.State);
        Assert.Contains("not for client authentication", TlsOf(server).FailureReason);
    }

    [Fact]
    public void The_common_name_vouches_for_an_identity_without_a_subject_alt_name()
    {
        using var certificate = TestCertificates.Issue(Ca, "CN=laptop-7");

        Assert.True(EapTlsClientCertificate.Names(certificate, "laptop-7"));
        Assert.False(EapTlsClientCertificate.Names(certificate, "laptop-8"));
        Assert.False(EapTlsClientCertificate.Names(certificate, ""));
    }

    // ---- malformed input: EAP-Failure, never an exception ----

    /// <summary>An authenticator past Identity and Start: the next response is the peer's first TLS one (identifier FirstIdentifier + 1).</summary>
    private static EapAuthenticator Started()
    {
        var server = NewAuthenticator();
        server.Start();
        server.Receive(EapPacket.WriteTyped(EapCode.Response, FirstIdentifier, EapType.Identity, "alice@onlan.test"u8));
        return server;
    }

    private static byte[] TlsResponse(byte identifier, params byte[] typeData) =>
        EapPacket.WriteTyped(EapCode.Response, identifier, EapType.Tls, typeData);

    public static TheoryData<string, byte[]> BadFirstResponses => new()
    {
        { "no flags octet", TlsResponse(FirstIdentifier + 1) },
        { "L without the length", TlsResponse(FirstIdentifier + 1, 0x80, 0, 0) },
        { "declared over 64 KiB", TlsResponse(FirstIdentifier + 1, 0xC0, 0, 1, 0, 1, 22) },
        { "declared longer than sent", TlsResponse(FirstIdentifier + 1, 0x80, 0, 0, 0, 9, 22, 3, 3) },
        { "sent longer than declared", TlsResponse(FirstIdentifier + 1, 0x80, 0, 0, 0, 1, 22, 3, 3) },
        { "S from the peer", TlsResponse(FirstIdentifier + 1, 0x20) },
        { "M on an empty fragment", TlsResponse(FirstIdentifier + 1, 0x40) },
        { "an empty response instead of a ClientHello", TlsResponse(FirstIdentifier + 1, 0x00) },
        { "a TLS record that is garbage", TlsResponse(FirstIdentifier + 1, 0x00, 22, 3, 3, 0, 4, 1, 2, 3, 4) },
        { "a truncated TLS record, then nothing", TlsResponse(FirstIdentifier + 1, 0x00, 22, 3, 3, 0, 40, 1) },
        { "a request instead of a response", EapPacket.WriteTyped(EapCode.Request, FirstIdentifier + 1, EapType.Tls, [0]) },
        { "an EAP length past the buffer", [2, FirstIdentifier + 1, 0, 50, 13, 0] },
        { "an MSCHAPv2 response", EapPacket.WriteTyped(EapCode.Response, FirstIdentifier + 1, EapType.MsChapV2, [2, 0, 0, 4]) },
    };

    [Theory]
    [MemberData(nameof(BadFirstResponses))]
    public void A_malformed_response_ends_in_eap_failure(string what, byte[] response)
    {
        var server = Started();

        byte[]? reply = server.Receive(response);

        Assert.NotNull(reply);
        Assert.True(CodeOf(reply) == EapCode.Failure, what);
        Assert.Equal(EapMethodState.Failed, server.State);
        Assert.Null(server.Msk);
    }

    [Fact]
    public void Fragments_past_64_kib_end_in_eap_failure_without_a_declared_length()
    {
        var server = Started();
        byte identifier = FirstIdentifier + 1;
        var chunk = new byte[EapTlsServer.MaxFragmentDataLength];
        byte[]? reply = null;
        int fragments = 0;
        while (server.State == EapMethodState.Running && fragments < 200)
        {
            reply = server.Receive(TlsResponse(identifier, [0x40, .. chunk]));
            fragments++;
            Assert.NotNull(reply);
            identifier = reply[1];
        }

        Assert.Equal(EapMethodState.Failed, server.State);
        Assert.Equal(EapCode.Failure, CodeOf(reply!));
        Assert.Equal(EapTlsServer.MaxPeerMessageLength / EapTlsServer.MaxFragmentDataLength + 1, fragments);
    }

    [Theory]
    [InlineData(10u, EapCode.Request)]  // L repeated on a later fragment, the same: acknowledged
    [InlineData(11u, EapCode.Failure)]  // L that changed between fragments
    public void A_repeated_tls_message_length_must_agree_with_the_first(uint secondLength, EapCode expected)
    {
        var server = Started();
        byte[] acknowledgement = server.Receive(TlsResponse(FirstIdentifier + 1, 0xC0, 0, 0, 0, 10, 22, 3, 3))!;
        Assert.Equal(EapCode.Request, CodeOf(acknowledgement));
        Assert.Equal([(byte)EapTlsFlags.None], acknowledgement[5..]); // an empty EAP-TLS request

        byte[] reply = server.Receive(TlsResponse(acknowledgement[1], [0xC0, .. BitConverter.GetBytes(secondLength).Reverse(), 0, 5, 1]))!;

        Assert.Equal(expected, CodeOf(reply));
    }

    [Fact]
    public void A_retransmitted_response_is_ignored_and_the_exchange_goes_on()
    {
        var server = NewAuthenticator();
        var peer = new EapTlsTestPeer(User, ClientCertificate());
        byte[] request = server.Start();
        byte[] identityResponse = peer.Respond(request)!;
        byte[] start = server.Receive(identityResponse)!;

        Assert.Null(server.Receive(identityResponse)); // a stale identifier: the IKE layer resends its last message
        byte[] clientHello = peer.Respond(start)!;
        Assert.NotNull(server.Receive(clientHello));
        Assert.Null(server.Receive(clientHello));
        Assert.Equal(EapMethodState.Running, server.State);
    }

    [Fact]
    public void Data_while_the_server_waits_for_a_fragment_acknowledgement_ends_in_eap_failure()
    {
        var server = NewAuthenticator();
        var peer = new EapTlsTestPeer(User, ClientCertificate());
        byte[] start = server.Receive(peer.Respond(server.Start())!)!;
        byte[] firstFragment = server.Receive(peer.Respond(start)!)!;
        Assert.Equal((byte)(EapTlsFlags.LengthIncluded | EapTlsFlags.MoreFragments), firstFragment[5]);

        byte[]? reply = server.Receive(TlsResponse(firstFragment[1], 0x00, 22, 3, 3));

        Assert.Equal(EapCode.Failure, CodeOf(reply!));
        Assert.Equal(EapMethodState.Failed, server.State);
    }

    [Fact]
    public void Random_corruption_of_a_real_exchange_never_throws_and_succeeds_only_with_the_peers_key()
    {
        var random = new Random(5216);
        var certificate = ClientCertificate();
        int failures = 0;
        for (int round = 0; round < 60; round++)
        {
            var server = NewAuthenticator();
            var peer = new EapTlsTestPeer(User, certificate, fragmentSize: 400);
            byte[] request = server.Start();
            int corruptAt = random.Next(1, 8);
            for (int step = 0; step < 40 && server.State == EapMethodState.Running; step++)
            {
                byte[]? response;
                try
                {
                    response = peer.Respond(request);
                }
                catch (IOException)
                {
                    break; // the test peer's TLS gave up on what the server made of the corruption
                }
                if (response is null) break;
                if (step == corruptAt) response = Corrupt(response, random);
                byte[]? next = server.Receive(response);
                if (next is null) break; // read as a retransmission: the IKE layer would resend
                request = next;
            }
            // A corruption may be harmless (reserved flag bits are ignored); a success must still be the real one.
            if (server.State == EapMethodState.Succeeded) Assert.Equal(peer.Msk, server.Msk);
            if (server.State == EapMethodState.Failed) failures++;
        }
        Assert.True(failures > 30, $"{failures} of 60 corrupted exchanges failed");
    }

    private static byte[] Corrupt(byte[] packet, Random random)
    {
        var copy = (byte[])packet.Clone();
        switch (random.Next(4))
        {
            case 0: // truncate, keeping the EAP length honest
                int length = random.Next(EapPacket.HeaderLength, copy.Length);
                copy = copy[..length];
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(2), (ushort)length);
                return copy;
            case 1: // flip a byte after the identifier
                copy[random.Next(2, copy.Length)] ^= (byte)random.Next(1, 256);
                return copy;
            case 2: // flags
                copy[5] = (byte)random.Next(256);
                return copy;
            default: // garbage of the same length under the real header
                random.NextBytes(copy.AsSpan(6));
                return copy;
        }
    }
}
