using System.Collections.Concurrent;
using System.Security.Cryptography;
using OnLan.Ike;
using OnLan.Ports;
using OnLan.Radius;
using OnLan.Wire;

namespace OnLan.Vpn;

/* EAP passed through to RADIUS (`set vpn radius server`), on the LAN port's thread: RADIUS goes out of the LAN port
   only, from the gateway's LAN address and one ephemeral UDP port, through the port's own UDP (no kernel socket).

     WAN thread (IKE engine)                         LAN thread (this service)
     RadiusEapServer.Receive(EAP response) → null ──► Post → RadiusClient.Send: Access-Request ──► server
                                                      Access-Challenge/-Accept/-Reject ◄── Receive (verified)
     RadiusEapServer.Poll → the EAP answer       ◄─── Publish(reply), wake the WAN thread
                                                      silence → retransmit, fail over, Timeout (Poll)
     Cancel (time limit, SA gone)                ──► Post(null) → Abandon

   The two threads meet in RadiusLogin: a queue one way, a volatile reply the other, each side waking the other's
   port. The sans-IO client (OnLan.Radius) does the protocol; this class only carries bytes and wakes threads. */
public sealed class RadiusService : IPortService, IUdpReceiver
{
    /// <summary>The first of the dynamic ports (RFC 6335 §6): the client's source port is one of these.</summary>
    private const int FirstEphemeralPort = 49152;

    private readonly PortHost _lan;
    private readonly IFrameLink _lanLink;
    private readonly IFrameLink _wanLink;
    private readonly RadiusClient _client;
    private readonly ConcurrentQueue<(RadiusLogin Login, byte[]? EapResponse)> _posted = new();
    private readonly Dictionary<RadiusAuthentication, RadiusLogin> _logins = []; // the LAN thread's
    private readonly List<RadiusDatagram> _output = [];
    private readonly List<RadiusAuthentication> _gaveUp = [];

    public RadiusService(PortHost lan, IFrameLink lanLink, IFrameLink wanLink, RadiusClientOptions options)
    {
        _lan = lan;
        _lanLink = lanLink;
        _wanLink = wanLink;
        _client = new RadiusClient(options);
        Port = (ushort)RandomNumberGenerator.GetInt32(FirstEphemeralPort, ushort.MaxValue + 1);
        lan.BindUdp(Port, this);
    }

    /// <summary>The UDP port requests come from (and replies must go to).</summary>
    public ushort Port { get; }

    public RadiusClientOptions Options => _client.Options;

    /// <summary>The client's counters, written on the LAN thread (readers elsewhere see values a little old).</summary>
    public RadiusCounters Counters => _client.Counters;

    /// <summary>Requests dropped because they were larger than the LAN port's MTU.</summary>
    public long TooLarge { get; private set; }

    /// <summary>Datagrams to our port from a tunnel (not off the LAN wire): never RADIUS, dropped.</summary>
    public long FromTunnelDropped { get; private set; }

    /// <summary>Raised on the LAN thread for the log: logins accepted, rejected, unanswered.</summary>
    public event Action<string>? Events;

    /// <summary>The IKE engine's EAP servers when RADIUS authenticates (one per login, used on the WAN thread).</summary>
    public IEapServer NewEapServer() => new RadiusEapServer(this);

    // ---- the WAN thread ----

    /// <summary>Hands the peer's EAP response to the LAN thread; null abandons the login.</summary>
    internal void Post(RadiusLogin login, byte[]? eapResponse)
    {
        _posted.Enqueue((login, eapResponse));
        _lanLink.Wake();
    }

    // ---- the LAN thread ----

    public void Poll(TimeSpan now, FrameBatch output)
    {
        while (_posted.TryDequeue(out var posted))
        {
            var (login, eap) = posted;
            if (eap is null)
            {
                if (login.Authentication is { } abandoned)
                {
                    _client.Abandon(abandoned);
                    _logins.Remove(abandoned);
                }
                continue;
            }
            var authentication = login.Authentication ??= _client.Begin(login.UserName, login.CallingStationId);
            _logins[authentication] = login;
            _client.Send(authentication, eap, now, _output);
            if (authentication.Outcome == RadiusOutcome.Timeout) Complete(authentication); // could not be sent at all
        }
        _client.Poll(now, _output, _gaveUp);
        foreach (var authentication in _gaveUp) Complete(authentication);
        _gaveUp.Clear();
        Flush(now, output);
    }

    public void Receive(in UdpReceiveContext context, Span<byte> payload, FrameBatch output)
    {
        if (context.Injected)
        {
            FromTunnelDropped++;
            return;
        }
        if (_client.Receive(context.Source, context.SourcePort, payload) is { } authentication) Complete(authentication);
        Flush(context.Now, output);
    }

    private void Complete(RadiusAuthentication authentication)
    {
        if (!_logins.TryGetValue(authentication, out var login)) return;
        var server = _client.Options.Servers[authentication.Server];
        switch (authentication.Outcome)
        {
            case RadiusOutcome.Challenge:
                break;
            case RadiusOutcome.Accept:
                _logins.Remove(authentication);
                Events?.Invoke($"radius: {authentication.UserName} accepted by {server}" +
                               (authentication.FramedAddress is { } framed ? $", framed address {framed}" : "") +
                               (authentication.Msk is null ? " without MS-MPPE keys: refused (IKE needs the MSK)" : ""));
                break;
            case RadiusOutcome.Reject:
                _logins.Remove(authentication);
                Events?.Invoke($"radius: {authentication.UserName} rejected by {server}");
                break;
            default:
                _logins.Remove(authentication);
                Events?.Invoke($"radius: no answer from any radius server for {authentication.UserName}");
                break;
        }
        login.Publish(new RadiusReply(authentication.Outcome, authentication.EapMessage, authentication.Msk,
            authentication.FramedAddress, authentication.AuthorizedUserName));
        _wanLink.Wake();
    }

    private void Flush(TimeSpan now, FrameBatch output)
    {
        foreach (var datagram in _output)
        {
            if (Ipv4Repr.HeaderLength + UdpDatagram.HeaderLength + datagram.Payload.Length > _lan.Mtu)
            {
                TooLarge++;
                continue;
            }
            _lan.SendUdp(Port, datagram.Destination, datagram.Port, datagram.Payload, now, output);
        }
        _output.Clear();
    }

    public void Stop(TimeSpan now, FrameBatch output) { }
}

/// <summary>One login's meeting point between the WAN thread's EAP server and the LAN thread's RADIUS client.</summary>
internal sealed class RadiusLogin(string userName, string? callingStationId)
{
    public string UserName { get; } = userName;
    public string? CallingStationId { get; } = callingStationId;

    /// <summary>The LAN thread's handle on the client's authentication (created with the first request).</summary>
    public RadiusAuthentication? Authentication { get; set; }

    private RadiusReply? _reply;

    /// <summary>LAN thread: the answer to the last posted response.</summary>
    public void Publish(RadiusReply reply) => Volatile.Write(ref _reply, reply);

    /// <summary>WAN thread: the answer, once (null while none has come).</summary>
    public RadiusReply? TakeReply() => Interlocked.Exchange(ref _reply, null);
}

/// <summary>What one RADIUS reply said, copied for the WAN thread.</summary>
internal sealed record RadiusReply(RadiusOutcome Outcome, byte[]? Eap, byte[]? Msk, Ipv4Address? FramedAddress, string? UserName);
