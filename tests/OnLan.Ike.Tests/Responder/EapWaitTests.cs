using System.Text;
using OnLan.Ike.Eap;
using OnLan.Ike.Messages;
using OnLan.Ike.Responder;
using OnLan.Ike.Tests.Auth;
using OnLan.Testing.Ike;
using OnLan.Wire;

namespace OnLan.Ike.Tests.Responder;

/// <summary>
/// EAP whose answers come later (passed through to a RADIUS server): the engine holds the IKE_AUTH answer, absorbs
/// the peer's retransmissions, sends the answer from Poll, gives up after EapWaitLimit, and leases the address the
/// authentication server assigned.
/// </summary>
public sealed class EapWaitTests
{
    private static readonly byte[] Msk = [.. Enumerable.Range(1, 64).Select(i => (byte)i)];
    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 ServerCertificate =
        TestCertificates.Issue(TestCertificates.CreateCa("EAP wait CA"), "CN=gw.onlan.test", dns: "gw.onlan.test");

    /// <summary>An EAP method that answers only when the test lets it: every Receive is pending until <see cref="Hold"/> is cleared.</summary>
    private sealed class PendingEapServer(params byte[][] script) : IEapServer
    {
        private readonly Queue<byte[]> _script = new(script);
        private bool _owed;

        public bool Hold { get; set; } = true;
        public List<byte[]> Responses { get; } = [];
        public int Cancelled { get; private set; }
        public Ipv4Address? Peer { get; private set; }
        public Ipv4Address? AssignedAddress { get; set; }

        public byte[] Start() => EapPacket.WriteIdentityRequest(1);

        public byte[] Start(Ipv4Address peer)
        {
            Peer = peer;
            return Start();
        }

        public byte[]? Receive(ReadOnlySpan<byte> response)
        {
            Responses.Add(response.ToArray());
            _owed = true;
            return null;
        }

        public byte[]? Poll()
        {
            if (Hold || !_owed) return null;
            _owed = false;
            var next = _script.Dequeue();
            Succeeded = next[0] == (byte)EapCode.Success;
            Failed = next[0] == (byte)EapCode.Failure;
            return next;
        }

        public bool ServerSilent { get; set; }
        public void Cancel() => Cancelled++;
        public bool Succeeded { get; private set; }
        public bool Failed { get; private set; }
        public string? Identity => "alice";
        public byte[]? Msk => Succeeded ? EapWaitTests.Msk : null;
    }

    // The peer answers Identity with its name and any other request with a response of the same type.
    private static byte[] Peer(byte[] request) => request[4] == (byte)EapType.Identity
        ? EapPacket.WriteTyped(EapCode.Response, request[1], EapType.Identity, Encoding.UTF8.GetBytes("alice"))
        : EapPacket.WriteTyped(EapCode.Response, request[1], (EapType)request[4], [0]);

    private static (Pair Pair, PendingEapServer Server) Create(Func<IkeResponderOptions, IkeResponderOptions>? adjust = null)
    {
        var server = new PendingEapServer(
            EapPacket.WriteTyped(EapCode.Request, 2, EapType.MsChapV2, [1]),
            EapPacket.WriteSuccess(3));
        var pair = Pair.Create(
            r =>
            {
                var options = r with { ServerCertificate = ServerCertificate, EapServers = () => server };
                return adjust?.Invoke(options) ?? options;
            },
            i => i with { EapPeer = Peer, EapMsk = () => Msk });
        return (pair, server);
    }

    [Fact]
    public void Answers_that_come_later_go_out_from_poll_and_retransmissions_meanwhile_are_absorbed()
    {
        var (pair, server) = Create();

        pair.Connect();
        pair.Advance(TimeSpan.FromSeconds(5)); // the initiator retransmits after 2 s and 4 s more

        Assert.Equal(InitiatorState.Connecting, pair.Initiator.State);
        Assert.Single(server.Responses);
        Assert.Equal(new Ipv4Address(203, 0, 113, 10), server.Peer);
        Assert.True(pair.Initiator.Retransmissions >= 1, $"{pair.Initiator.Retransmissions} retransmissions");
        Assert.Equal(pair.Initiator.Retransmissions, pair.Responder.Counters.RetransmissionsWhileWaiting);
        Assert.Equal(0, pair.Responder.Counters.TotalDropped);

        server.Hold = false;
        pair.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal(InitiatorState.Established, pair.Initiator.State);
        Assert.Equal(2, server.Responses.Count);
        Assert.Equal(2, pair.Responder.Counters.EapWaits);
        Assert.Equal("alice", pair.ResponderSa.PeerIdentity);
        Assert.Equal(Pair.PoolAddresses[0], pair.Initiator.AssignedAddress);
        Assert.Single(pair.Installer.Installed);
    }

    [Fact]
    public void No_answer_within_the_limit_fails_the_login_with_authentication_failed_and_stops_the_method()
    {
        var (pair, server) = Create(r => r with { EapWaitLimit = TimeSpan.FromSeconds(3) });

        pair.Connect();
        pair.Advance(TimeSpan.FromSeconds(3.5));

        Assert.Equal(InitiatorState.Failed, pair.Initiator.State);
        Assert.Equal(NotifyType.AuthenticationFailed, pair.Initiator.LastError);
        Assert.Equal(1, server.Cancelled);
        Assert.Equal(1, pair.Responder.Counters.EapTimeouts);
        Assert.Empty(pair.Responder.Sas);
        Assert.Empty(pair.Pool.Acquired);
        // The server was silent, not the user wrong: no throttling of the identity.
        Assert.False(pair.Responder.Throttle.IsBlocked("alice", new Ipv4Address(203, 0, 113, 10), pair.Now));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_failure_because_the_server_was_silent_is_not_held_against_the_user(bool serverSilent)
    {
        var server = new PendingEapServer(EapPacket.WriteFailure(2)) { Hold = false, ServerSilent = serverSilent };
        var pair = Pair.Create(r => r with { ServerCertificate = ServerCertificate, EapServers = () => server },
            i => i with { EapPeer = Peer, EapMsk = () => Msk });
        var peer = new Ipv4Address(203, 0, 113, 10);

        // One failure short of the limit: the next counted one blocks.
        for (int attempt = 0; attempt < AuthenticationThrottle.Limit - 1; attempt++) pair.Responder.Throttle.Failed("alice", peer, pair.Now);
        pair.Connect();
        pair.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal(InitiatorState.Failed, pair.Initiator.State);
        Assert.Equal(NotifyType.AuthenticationFailed, pair.Initiator.LastError);
        Assert.Equal(!serverSilent, pair.Responder.Throttle.IsBlocked("alice", peer, pair.Now));
    }

    [Fact]
    public void The_address_the_authentication_server_assigned_is_the_lease()
    {
        var (pair, server) = Create();
        server.Hold = false;
        server.AssignedAddress = Pair.PoolAddresses[2];

        pair.Connect();
        pair.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal(InitiatorState.Established, pair.Initiator.State);
        Assert.Equal(Pair.PoolAddresses[2], pair.Initiator.AssignedAddress);
        Assert.Equal(Pair.PoolAddresses[2], Assert.Single(pair.Pool.Requested));
        Assert.Equal(Pair.PoolAddresses[2], pair.ResponderSa.LeasedAddress);
    }

    [Fact]
    public void An_assigned_address_the_pool_cannot_give_ends_in_internal_address_failure()
    {
        var (pair, server) = Create();
        server.Hold = false;
        server.AssignedAddress = new Ipv4Address(10, 9, 9, 9);

        pair.Connect();
        pair.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal(InitiatorState.Established, pair.Initiator.State);
        Assert.Equal(NotifyType.InternalAddressFailure, pair.Initiator.ChildError);
        Assert.Null(pair.Initiator.AssignedAddress);
        Assert.Empty(pair.Pool.Acquired);
        Assert.Empty(pair.Installer.Installed);
    }

    [Fact]
    public void An_sa_removed_while_waiting_stops_the_method()
    {
        var (pair, server) = Create();
        pair.Connect();

        pair.Responder.DeleteAll(pair.Now, []);

        Assert.Empty(pair.Responder.Sas);
        Assert.Equal(1, server.Cancelled);
    }
}
