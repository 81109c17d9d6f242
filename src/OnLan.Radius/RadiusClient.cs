using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OnLan.Wire;

namespace OnLan.Radius;

/*  The NAS side of EAP over RADIUS (RFC 3579), sans-IO: the caller sends what lands in its output list from one UDP
    port of its own, hands every datagram that comes back to Receive, and calls Poll for the timers.

      EAP response from the peer ──► Send: Access-Request {User-Name, NAS-*, Calling-Station-Id, Service-Type,
                                           Framed-MTU, State, EAP-Message…, Message-Authenticator} ──► preferred server
      reply ◄── Receive: server and Identifier match a request in flight → Response Authenticator and
                Message-Authenticator verify (else dropped and counted; the request stays in flight) → Challenge
                (EAP request, State kept) | Accept (EAP-Success, MSK, Framed-IP-Address) | Reject
      silence ──► Poll: the same packet again after Timeout, 2×Timeout … (Tries in all); then the next server with a
                  fresh Identifier and authenticator; after the last server: Timeout.

    One request in flight per authentication (EAP is lock-step). Identifiers are per server (a server tells requests
    apart by source address, port and Identifier), allocated round-robin and never two in flight at once. The
    server that answers becomes the preferred one for later requests and logins, so after a failover the silent
    primary is not waited for again until the other one fails too. */
public sealed class RadiusClient
{
    private readonly RadiusClientOptions _options;
    private readonly Dictionary<(int Server, byte Identifier), RadiusAuthentication> _inFlight = [];
    private readonly List<RadiusAuthentication> _waiting = [];
    private readonly byte[] _nextIdentifier;
    private readonly byte[] _buffer = new byte[RadiusPacket.MaxLength];

    public RadiusClient(RadiusClientOptions options)
    {
        if (options.Servers.Count == 0) throw new ArgumentException("at least one RADIUS server is needed", nameof(options));
        if (options.Tries < 1) throw new ArgumentException("Tries must be 1 or more", nameof(options));
        _options = options;
        _nextIdentifier = new byte[options.Servers.Count];
        // A random start, so requests after a restart do not reuse the Identifiers of the last run's.
        RandomNumberGenerator.Fill(_nextIdentifier);
    }

    public RadiusCounters Counters { get; } = new();
    public RadiusClientOptions Options => _options;

    /// <summary>The server the next request goes to first (index into the options' list).</summary>
    public int PreferredServer { get; private set; }

    /// <summary>Requests in flight (for tests and the counters).</summary>
    public int InFlight => _waiting.Count;

    /// <summary>A new authentication for <paramref name="userName"/> (the EAP identity); nothing is sent yet.</summary>
    public RadiusAuthentication Begin(string userName, string? callingStationId) => new(userName, callingStationId);

    /// <summary>
    /// Sends the peer's <paramref name="eapResponse"/> (the first one: its Response/Identity) to the preferred
    /// server, with the State of the last Access-Challenge. The authentication is Pending until a reply or the end
    /// of the tries. A request that cannot be sent (too large, no Identifier free) ends as Timeout at once.
    /// </summary>
    public void Send(RadiusAuthentication authentication, ReadOnlySpan<byte> eapResponse, TimeSpan now, List<RadiusDatagram> output)
    {
        if (authentication.Outcome is RadiusOutcome.Accept or RadiusOutcome.Reject or RadiusOutcome.Timeout)
            throw new InvalidOperationException("the authentication is over");
        Forget(authentication);
        authentication.EapResponse = eapResponse.ToArray();
        authentication.EapMessage = null;
        authentication.Outcome = RadiusOutcome.Pending;
        authentication.ServersTried = 0;
        SendTo(authentication, PreferredServer, now, output);
    }

    /// <summary>Stops retransmitting for an authentication nobody waits for any more (the IKE SA went away).</summary>
    public void Abandon(RadiusAuthentication authentication) => Forget(authentication);

    /// <summary>
    /// A datagram that came to the client's port from <paramref name="source"/>:<paramref name="sourcePort"/>.
    /// Returns the authentication it answered (its Outcome and results set), or null when it was dropped (counted).
    /// </summary>
    public RadiusAuthentication? Receive(Ipv4Address source, ushort sourcePort, ReadOnlySpan<byte> datagram)
    {
        if (RadiusPacket.TryParse(datagram, out var reply) != RadiusParseError.None ||
            reply.Code is not (RadiusCode.AccessAccept or RadiusCode.AccessReject or RadiusCode.AccessChallenge))
        {
            Counters.Malformed++;
            return null;
        }
        int server = ServerAt(source, sourcePort);
        if (server < 0 || !_inFlight.TryGetValue((server, reply.Identifier), out var authentication))
        {
            Counters.Unexpected++;
            return null;
        }
        var secret = _options.Servers[server].Secret;
        if (RadiusAuthenticators.CheckReply(reply, authentication.RequestAuthenticator, secret) != RadiusReplyCheck.Valid)
        {
            // Not from the server (or corrupted): the real answer may still come, so the request stays in flight.
            Counters.BadAuthenticators++;
            return null;
        }
        Forget(authentication);
        PreferredServer = server;
        authentication.Server = server;
        authentication.EapMessage = reply.JoinEapMessage();
        // RFC 2865 §5.24: State is echoed unmodified in the next request of this authentication; a reply without it ends it.
        authentication.State = reply.TryGet(RadiusAttributeType.State, out var state) ? state.ToArray() : [];
        switch (reply.Code)
        {
            case RadiusCode.AccessChallenge:
                Counters.Challenges++;
                authentication.Outcome = RadiusOutcome.Challenge;
                break;
            case RadiusCode.AccessAccept:
                Counters.Accepts++;
                authentication.Outcome = RadiusOutcome.Accept;
                authentication.Msk = MppeKey.MskFrom(reply, secret, authentication.RequestAuthenticator);
                // RFC 2865 §5.8: 255.255.255.254 means "the NAS chooses", 255.255.255.255 "the user may choose": neither assigns one.
                if (reply.TryGet(RadiusAttributeType.FramedIpAddress, out var framed) && framed.Length == 4 &&
                    BinaryPrimitives.ReadUInt32BigEndian(framed) < 0xFFFF_FFFE)
                    authentication.FramedAddress = Ipv4Address.Read(framed);
                if (reply.TryGet(RadiusAttributeType.UserName, out var name) && name.Length > 0)
                    authentication.AuthorizedUserName = Encoding.UTF8.GetString(name);
                break;
            default:
                Counters.Rejects++;
                authentication.Outcome = RadiusOutcome.Reject;
                break;
        }
        return authentication;
    }

    /// <summary>
    /// Retransmits what is due, moves requests from a silent server to the next, and adds the authentications
    /// every server left unanswered (now Timeout) to <paramref name="gaveUp"/>.
    /// </summary>
    public void Poll(TimeSpan now, List<RadiusDatagram> output, List<RadiusAuthentication> gaveUp)
    {
        for (int i = _waiting.Count - 1; i >= 0; i--)
        {
            var authentication = _waiting[i];
            if (now < authentication.NextRetransmit) continue;
            if (authentication.Tries < _options.Tries)
            {
                authentication.Tries++;
                authentication.Wait += authentication.Wait;
                authentication.NextRetransmit = now + authentication.Wait;
                Counters.Retransmits++;
                var server = _options.Servers[authentication.Server];
                output.Add(new RadiusDatagram(server.Address, server.Port, authentication.Request));
                continue;
            }
            // This server is silent: the next one takes over, for this request and for those that come later.
            Forget(authentication);
            if (authentication.ServersTried < _options.Servers.Count)
            {
                int next = (authentication.Server + 1) % _options.Servers.Count;
                if (PreferredServer == authentication.Server) PreferredServer = next;
                Counters.Failovers++;
                SendTo(authentication, next, now, output);
                if (authentication.Outcome == RadiusOutcome.Timeout) gaveUp.Add(authentication);
                continue;
            }
            Counters.Timeouts++;
            authentication.Outcome = RadiusOutcome.Timeout;
            gaveUp.Add(authentication);
        }
    }

    private void SendTo(RadiusAuthentication authentication, int serverIndex, TimeSpan now, List<RadiusDatagram> output)
    {
        var server = _options.Servers[serverIndex];
        authentication.Server = serverIndex;
        authentication.ServersTried++;
        if (!TryAllocateIdentifier(serverIndex, out byte identifier) || !TryBuild(authentication, server, identifier, out var request))
        {
            Counters.NotSent++;
            Counters.Timeouts++;
            authentication.Outcome = RadiusOutcome.Timeout;
            return;
        }
        authentication.Identifier = identifier;
        authentication.Request = request;
        authentication.Tries = 1;
        authentication.Wait = _options.Timeout;
        authentication.NextRetransmit = now + _options.Timeout;
        authentication.InFlight = true;
        _inFlight[(serverIndex, identifier)] = authentication;
        _waiting.Add(authentication);
        Counters.Requests++;
        output.Add(new RadiusDatagram(server.Address, server.Port, request));
    }

    // Access-Request (RFC 2865 §4.1, RFC 3579 §3): a fresh random Request Authenticator for each server's packet.
    private bool TryBuild(RadiusAuthentication authentication, RadiusServer server, byte identifier, out byte[] request)
    {
        RandomNumberGenerator.Fill(authentication.RequestAuthenticator);
        var writer = new RadiusPacketWriter(_buffer, RadiusCode.AccessRequest, identifier, authentication.RequestAuthenticator);
        bool fits = writer.TryAdd(RadiusAttributeType.UserName, authentication.UserName)
            && writer.TryAdd(RadiusAttributeType.NasIpAddress, _options.NasAddress)
            && writer.TryAdd(RadiusAttributeType.NasIdentifier, _options.NasIdentifier)
            && writer.TryAdd(RadiusAttributeType.NasPortType, RadiusValues.NasPortTypeVirtual)
            && writer.TryAdd(RadiusAttributeType.ServiceType, RadiusValues.ServiceTypeFramed)
            && writer.TryAdd(RadiusAttributeType.FramedMtu, _options.FramedMtu)
            && (authentication.CallingStationId is not { } station || writer.TryAdd(RadiusAttributeType.CallingStationId, station))
            && (authentication.State.Length == 0 || writer.TryAdd(RadiusAttributeType.State, authentication.State))
            && writer.TryAddEapMessage(authentication.EapResponse)
            && writer.TryAddMessageAuthenticator();
        if (!fits)
        {
            request = [];
            return false;
        }
        int length = writer.FinishRequest(server.Secret);
        request = _buffer.AsSpan(0, length).ToArray();
        return true;
    }

    private bool TryAllocateIdentifier(int server, out byte identifier)
    {
        for (int i = 0; i < 256; i++)
        {
            identifier = _nextIdentifier[server]++;
            if (!_inFlight.ContainsKey((server, identifier))) return true;
        }
        identifier = 0;
        return false;
    }

    private void Forget(RadiusAuthentication authentication)
    {
        if (!authentication.InFlight) return;
        authentication.InFlight = false;
        _inFlight.Remove((authentication.Server, authentication.Identifier));
        _waiting.Remove(authentication);
    }

    private int ServerAt(Ipv4Address address, ushort port)
    {
        for (int i = 0; i < _options.Servers.Count; i++)
            if (_options.Servers[i].Address == address && _options.Servers[i].Port == port) return i;
        return -1;
    }
}
