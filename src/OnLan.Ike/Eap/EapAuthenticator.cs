using System.Text;

namespace OnLan.Ike.Eap;

/// <summary>
/// One EAP authentication on the authenticator side (RFC 3748), sans-IO: the Identity exchange, then the gateway's
/// preferred method, and a switch when the peer Naks it (RFC 3748 §5.3.1).
/// <code>
///   Start()  Request/Identity                     (id n)   -->
///            &lt;--  Response/Identity                           (id n)
///            Request/&lt;first offered method&gt;      (id n+1) -->
///   either   &lt;--  Response/&lt;that method&gt; … the method runs to EAP-Success or EAP-Failure
///   or       &lt;--  Response/Nak [types the peer wants]      (id n+1)
///            Request/&lt;the first of those we offer&gt; (id n+2) -->   … that method runs
///            (none of them offered: EAP-Failure)
/// </code>
/// A Nak is honoured once, and only in answer to a method's first request, as RFC 3748 allows; a peer that Naks
/// again, or later, gets EAP-Failure. Methods are offered in the order given (the gateway's preference).
/// </summary>
public sealed class EapAuthenticator
{
    private readonly IReadOnlyList<EapMethodOffer> _offers;

    private Step _step = Step.NotStarted;
    /// <summary>The Identifier of the Identity request, then of the first request of the method on offer.</summary>
    private byte _identifier;
    private string _claimedIdentity = "";
    private bool _switched;

    /// <param name="offers">The methods, most preferred first; at least one.</param>
    /// <param name="firstIdentifier">The Identifier of the Identity request.</param>
    public EapAuthenticator(IReadOnlyList<EapMethodOffer> offers, byte firstIdentifier = 0)
    {
        if (offers.Count == 0)
            throw new ArgumentException("at least one EAP method must be offered", nameof(offers));
        _offers = offers;
        _identifier = firstIdentifier;
    }

    private enum Step { NotStarted, AwaitingIdentity, Offered, MethodRunning, Done }

    public EapMethodState State { get; private set; } = EapMethodState.Running;

    /// <summary>The method running or run; null before the Identity response.</summary>
    public IEapMethod? Method { get; private set; }

    /// <summary>The identity the method proved once Succeeded; before that, what the peer claimed in Response/Identity.</summary>
    public string? Identity => Method?.AuthenticatedIdentity ?? (_step == Step.AwaitingIdentity || _step == Step.NotStarted ? null : _claimedIdentity);

    public byte[]? Msk => State == EapMethodState.Succeeded ? Method?.Msk : null;

    /// <summary>The first request, EAP-Request/Identity. Call once.</summary>
    public byte[] Start()
    {
        if (_step != Step.NotStarted)
            throw new InvalidOperationException("Start is called once per authentication.");
        _step = Step.AwaitingIdentity;
        return EapPacket.WriteIdentityRequest(_identifier);
    }

    /// <summary>The packet to send for the peer's <paramref name="response"/>, or null when it is ignored (a retransmission, or after the end).</summary>
    public byte[]? Receive(ReadOnlySpan<byte> response)
    {
        switch (_step)
        {
            case Step.MethodRunning:
                return FollowMethod(Method!.Receive(response));
            case Step.AwaitingIdentity or Step.Offered:
                break;
            default:
                return null;
        }
        if (EapPacket.TryParse(response, out var packet) != EapParseError.None || packet.Code != EapCode.Response)
            return Fail(_identifier);
        if (packet.Identifier != _identifier)
            return null;
        return (_step, packet.Type) switch
        {
            (Step.AwaitingIdentity, EapType.Identity) => ReceiveIdentity(packet),
            (Step.Offered, EapType.Nak) => ReceiveNak(packet),
            // The peer took the method: from here on it is the method's conversation.
            (Step.Offered, _) when packet.Type == Method!.Type => TakeMethod(response),
            _ => Fail(packet.Identifier),
        };
    }

    // Response/Identity --> the first request of our preferred method.
    private byte[] ReceiveIdentity(EapPacket packet)
    {
        _claimedIdentity = Encoding.UTF8.GetString(packet.TypeData);
        return Offer(_offers[0]);
    }

    // Response/Nak (RFC 3748 §5.3.1): its type data lists the methods the peer wants, most wanted first; 0 means none.
    private byte[] ReceiveNak(EapPacket packet)
    {
        if (_switched)
            return Fail(packet.Identifier);
        foreach (byte wanted in packet.TypeData)
        {
            var offer = _offers.FirstOrDefault(o => (byte)o.Type == wanted && o.Type != Method!.Type);
            if (offer is not null)
            {
                _switched = true;
                return Offer(offer);
            }
        }
        return Fail(packet.Identifier);
    }

    private byte[] Offer(EapMethodOffer offer)
    {
        _identifier++;
        Method = offer.Create();
        _step = Step.Offered;
        return Method.Begin(_identifier, _claimedIdentity);
    }

    private byte[]? TakeMethod(ReadOnlySpan<byte> response)
    {
        _step = Step.MethodRunning;
        return FollowMethod(Method!.Receive(response));
    }

    private byte[]? FollowMethod(byte[]? next)
    {
        if (Method!.State != EapMethodState.Running)
        {
            _step = Step.Done;
            State = Method.State;
        }
        return next;
    }

    private byte[] Fail(byte identifier)
    {
        _step = Step.Done;
        State = EapMethodState.Failed;
        return EapPacket.WriteFailure(identifier);
    }
}
