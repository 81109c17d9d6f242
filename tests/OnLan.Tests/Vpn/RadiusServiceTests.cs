using OnLan.Ike;
using OnLan.Ike.Eap;
using OnLan.Ports;
using OnLan.Radius;
using OnLan.Testing;
using OnLan.Vpn;
using OnLan.Wire;

namespace OnLan.Tests.Vpn;

/// <summary>
/// The gateway's EAP server for RADIUS and the service on the LAN port, in memory: the EAP server (the WAN thread's
/// side) posts, the service (the LAN thread's) sends Access-Requests out of the LAN port's own UDP to a RADIUS host on
/// the other end of the wire, and its answers come back through <see cref="IEapServer.Poll"/>.
/// </summary>
public sealed class RadiusServiceTests : IDisposable
{
    private static readonly MacAddress GatewayMac = MacAddress.Parse("02:00:00:00:02:01");
    private static readonly MacAddress ServerMac = MacAddress.Parse("02:00:00:00:02:11");
    private static readonly Ipv4Address GatewayAddress = new(198, 18, 0, 1);
    private static readonly Ipv4Address ServerAddress = new(198, 18, 0, 11);
    private const string Secret = "radius shared secret";

    private readonly LinkPair _links = LinkPair.Create(GatewayMac, ServerMac);
    private readonly PortHost _lan = new("lan", GatewayMac, new Ipv4Prefix(GatewayAddress, 24), null, 1500);
    private readonly PortHost _serverHost = new("server", ServerMac, new Ipv4Prefix(ServerAddress, 24), null, 1500);
    private readonly RadiusService _service;
    private readonly ScriptedRadiusServer _server = new();
    private readonly List<string> _events = [];
    private TimeSpan _now = TimeSpan.FromSeconds(5);

    public RadiusServiceTests()
    {
        _service = new RadiusService(_lan, _links.A, _links.B, new RadiusClientOptions
        {
            Servers = [new RadiusServer(ServerAddress, RadiusServer.DefaultPort, Secret)],
            NasAddress = GatewayAddress,
        });
        _service.Events += _events.Add;
        _serverHost.BindUdp(RadiusServer.DefaultPort, _server);
    }

    public void Dispose() => _links.Dispose();

    /// <summary>Answers each Access-Request with the next scripted reply (code and EAP), signed with the secret.</summary>
    private sealed class ScriptedRadiusServer : IUdpReceiver
    {
        public Queue<(RadiusCode Code, byte[] Eap)> Script { get; } = new();
        public List<byte[]> Requests { get; } = [];
        public bool Silent { get; set; }

        public void Receive(in UdpReceiveContext context, Span<byte> payload, FrameBatch output) => Answer(context, payload, output);

        private void Answer(UdpReceiveContext context, Span<byte> payload, FrameBatch output)
        {
            Requests.Add(payload.ToArray());
            if (Silent || !Script.TryDequeue(out var reply) || RadiusPacket.TryParse(payload, out var request) != RadiusParseError.None) return;
            var buffer = new byte[RadiusPacket.MaxLength];
            var writer = new RadiusPacketWriter(buffer, reply.Code, request.Identifier, request.Authenticator);
            writer.TryAddEapMessage(reply.Eap);
            writer.TryAdd(RadiusAttributeType.State, [7, 7]);
            writer.TryAddMessageAuthenticator();
            int length = writer.FinishReply(System.Text.Encoding.UTF8.GetBytes(Secret));
            Host!.SendUdp(context.DestinationPort, context.Source, context.SourcePort, buffer.AsSpan(0, length), context.Now, output);
        }

        public PortHost? Host { get; set; }
    }

    // Both port threads in one: the service's timers, then frames back and forth until the wire is quiet.
    private void Run(TimeSpan span)
    {
        _server.Host = _serverHost;
        var end = _now + span;
        do
        {
            var fromGateway = new FrameBatch();
            _lan.Poll(_now, fromGateway);
            _service.Poll(_now, fromGateway);
            var fromServer = new FrameBatch();
            _serverHost.Poll(_now, fromServer);
            while (fromGateway.Count > 0 || fromServer.Count > 0)
            {
                var toServer = new FrameBatch();
                for (int i = 0; i < fromGateway.Count; i++) _serverHost.Receive(fromGateway.Frame(i)[..fromGateway.Length(i)], _now, toServer);
                var toGateway = new FrameBatch();
                for (int i = 0; i < fromServer.Count; i++) _lan.Receive(fromServer.Frame(i)[..fromServer.Length(i)], _now, toGateway);
                fromServer = toServer;
                fromGateway = toGateway;
            }
            _now += TimeSpan.FromMilliseconds(100);
        } while (_now < end);
    }

    private static byte[] IdentityResponse(byte[] request) =>
        EapPacket.WriteTyped(EapCode.Response, request[1], EapType.Identity, "alice"u8);

    [Fact]
    public void Each_eap_response_goes_to_the_server_and_its_answer_comes_back_through_poll()
    {
        byte[] challenge = EapPacket.WriteTyped(EapCode.Request, 42, EapType.MsChapV2, [1, 2, 3]);
        byte[] failure = EapPacket.WriteFailure(43);
        _server.Script.Enqueue((RadiusCode.AccessChallenge, challenge));
        _server.Script.Enqueue((RadiusCode.AccessReject, failure));
        var eap = _service.NewEapServer();
        var identityRequest = eap.Start(new Ipv4Address(203, 0, 113, 2));

        Assert.Null(eap.Receive(IdentityResponse(identityRequest)));
        Assert.Null(eap.Poll());
        Run(TimeSpan.FromMilliseconds(300));

        Assert.Equal(challenge, eap.Poll());
        Assert.Null(eap.Poll()); // once
        Assert.Equal("alice", eap.Identity);
        RadiusPacket.TryParse(Assert.Single(_server.Requests), out var first);
        Assert.True(first.TryGet(RadiusAttributeType.CallingStationId, out var station) && station.SequenceEqual("203.0.113.2"u8));

        Assert.Null(eap.Receive(EapPacket.WriteTyped(EapCode.Response, 42, EapType.MsChapV2, [9])));
        Run(TimeSpan.FromMilliseconds(300));

        Assert.Equal(failure, eap.Poll());
        Assert.True(eap.Failed);
        Assert.False(eap.ServerSilent);
        Assert.False(eap.Succeeded);
        Assert.Equal((1L, 1L), (_service.Counters.Challenges, _service.Counters.Rejects));
        Assert.Contains(_events, e => e.Contains("alice rejected by 198.18.0.11"));
    }

    [Fact]
    public void When_the_server_stays_silent_the_login_ends_with_eap_failure_after_the_retries()
    {
        _server.Silent = true;
        var eap = _service.NewEapServer();
        var identityRequest = eap.Start(new Ipv4Address(203, 0, 113, 2));
        Assert.Null(eap.Receive(IdentityResponse(identityRequest)));

        Run(TimeSpan.FromSeconds(6.5));
        Assert.Null(eap.Poll());
        Run(TimeSpan.FromSeconds(1));

        var failure = eap.Poll();
        Assert.NotNull(failure);
        Assert.Equal((byte)EapCode.Failure, failure[0]);
        Assert.True(eap.Failed);
        Assert.True(eap.ServerSilent);
        Assert.Equal(3, _server.Requests.Count);
        Assert.Contains(_events, e => e.Contains("no answer from any radius server for alice"));
    }

    [Fact]
    public void A_cancelled_login_is_not_retransmitted()
    {
        _server.Silent = true;
        var eap = _service.NewEapServer();
        Assert.Null(eap.Receive(IdentityResponse(eap.Start(new Ipv4Address(203, 0, 113, 2)))));
        Run(TimeSpan.FromMilliseconds(300));

        eap.Cancel();
        Run(TimeSpan.FromSeconds(10));

        Assert.Single(_server.Requests);
        Assert.Equal(0, _service.Counters.Retransmits);
    }

    [Fact]
    public void A_response_other_than_the_identity_first_fails_at_once()
    {
        var eap = _service.NewEapServer();
        eap.Start(new Ipv4Address(203, 0, 113, 2));

        var answer = eap.Receive(EapPacket.WriteTyped(EapCode.Response, 9, EapType.MsChapV2, [1]));

        Assert.NotNull(answer);
        Assert.Equal((byte)EapCode.Failure, answer[0]);
        Assert.True(eap.Failed);
    }
}
