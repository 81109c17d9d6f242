using System.Security.Cryptography;
using Org.BouncyCastle.Tls;

namespace OnLan.Ike.Eap;

/// <summary>
/// The authenticator side of ONE EAP-TLS authentication (RFC 5216), sans-IO: EAP packets in, EAP packets out. The
/// TLS 1.2 handshake is BouncyCastle's, driven without a stream (OfferInput / ReadOutput); this class does the EAP-TLS
/// framing around it. IKE_AUTH carries the bytes and owns retransmission; no socket, no clock (the time certificates
/// are checked at is a parameter).
/// <code>
///   server                                                  peer
///   (Identity exchange: EapAuthenticator)
///   Begin()  Request/EAP-TLS (S)                             -->
///            &lt;--  Response/EAP-TLS (ClientHello)
///            Request/EAP-TLS (L, M: ServerHello, Certificate,   -->
///              ServerKeyExchange, CertificateRequest, ServerHelloDone, first fragment)
///            &lt;--  Response/EAP-TLS (empty: fragment ACK)        (as many rounds as fragments)
///            Request/EAP-TLS (last fragment)                 -->
///            &lt;--  Response/EAP-TLS (L, M: Certificate, ClientKeyExchange, CertificateVerify,
///                                       ChangeCipherSpec, Finished, first fragment)
///            Request/EAP-TLS (empty: fragment ACK)           -->   (as many rounds as fragments)
///            &lt;--  Response/EAP-TLS (last fragment)
///            Request/EAP-TLS (ChangeCipherSpec, Finished)    -->
///            &lt;--  Response/EAP-TLS (empty)
///            EAP-Success                                     -->   State = Succeeded, Msk set
/// </code>
/// Bad input never throws: a stale Identifier is a retransmission (ignored, the IKE layer resends its cached
/// message); anything else unexpected, malformed, oversized (a peer message over <see cref="MaxPeerMessageLength"/>)
/// or refused by TLS (a client certificate not from a configured CA, expired, for another name, or none) ends the
/// authentication with EAP-Failure at once, without a TLS alert round first: the IKE SA is over either way.
/// </summary>
public sealed class EapTlsServer : IEapMethod
{
    /// <summary>The largest EAP packet we send: IKE fragments anyway, but a modest size keeps every round small.</summary>
    public const int MaxEapPacketLength = 1000;

    /// <summary>TLS data per request: what is left of <see cref="MaxEapPacketLength"/> after Code…Type, Flags and the TLS Message Length.</summary>
    public const int MaxFragmentDataLength = MaxEapPacketLength - EapPacket.HeaderLength - 1 - EapTlsMessage.LongHeaderLength;

    /// <summary>
    /// The most a peer may send as one TLS message (one flight). A client flight is a certificate chain plus a few
    /// hundred octets; 64 KiB is far beyond any real one and bounds what an unauthenticated peer makes us hold.
    /// </summary>
    public const int MaxPeerMessageLength = 64 * 1024;

    private readonly EapTlsCredentials _credentials;
    private readonly DateTimeOffset _now;
    private readonly EapTlsReassembly _incoming = new(MaxPeerMessageLength);

    private Step _step = Step.NotStarted;
    /// <summary>The Identifier of the request outstanding; a response must carry it.</summary>
    private byte _identifier;
    private string _identity = "";
    private TlsServerProtocol? _tls;
    private EapTlsHandshake? _handshake;
    /// <summary>Our TLS flight being sent in fragments, and how much of it the peer has acknowledged.</summary>
    private byte[] _outgoing = [];
    private int _outgoingSent;

    /// <param name="credentials">The gateway's certificate and key, and the CAs client certificates must chain to.</param>
    /// <param name="now">The wall-clock time the client certificate must be valid at.</param>
    public EapTlsServer(EapTlsCredentials credentials, DateTimeOffset now)
    {
        _credentials = credentials;
        _now = now;
    }

    private enum Step { NotStarted, Running, Done }

    public EapType Type => EapType.Tls;

    public EapMethodState State { get; private set; } = EapMethodState.Running;

    /// <summary>The EAP identity, once the client certificate proved it (see <see cref="EapTlsClientCertificate"/>).</summary>
    public string? AuthenticatedIdentity { get; private set; }

    public byte[]? Msk { get; private set; }

    /// <summary>Why the authentication failed, for the log; null while running or after success.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>The Start request (RFC 5216 §2.1.1: S flag, no data). Call once.</summary>
    public byte[] Begin(byte identifier, string identity)
    {
        if (_step != Step.NotStarted)
            throw new InvalidOperationException("Begin is called once per authentication.");
        _identifier = identifier;
        _identity = identity;
        _handshake = new EapTlsHandshake(new LeanTlsCrypto(), _credentials, identity, _now);
        _tls = new TlsServerProtocol();
        // Non-blocking mode: Accept only prepares the server; it waits for the ClientHello we offer it later.
        _tls.Accept(_handshake);
        _step = Step.Running;
        return EapTlsMessage.Write(EapCode.Request, _identifier, EapTlsFlags.Start, messageLength: null, []);
    }

    public byte[]? Receive(ReadOnlySpan<byte> response)
    {
        if (_step != Step.Running)
            return null;
        if (EapPacket.TryParse(response, out var packet) != EapParseError.None || packet.Code != EapCode.Response)
            return Fail("not an EAP response");
        if (packet.Identifier != _identifier)
            return null;
        // A Nak is only for the method's first request, and EapAuthenticator takes those; here it ends the method.
        if (packet.Type != EapType.Tls)
            return Fail($"an EAP {packet.Type} response in EAP-TLS");
        if (EapTlsMessage.TryParse(packet.TypeData, out var message) != EapParseError.None)
            return Fail("a malformed EAP-TLS header");
        if (message.IsStart)
            return Fail("the S flag from the peer");

        if (_outgoingSent < _outgoing.Length)
        {
            // RFC 5216 §3.2: while we send fragments, each response is an acknowledgement: no data, no L or M (the
            // reserved bits are ignored, as everywhere).
            if (!message.Data.IsEmpty || message.HasMessageLength || message.HasMoreFragments)
                return Fail("data while our fragments were being acknowledged");
            return NextFragment();
        }

        switch (_incoming.Add(message))
        {
            case EapTlsReassemblyResult.Refused:
                return Fail("a peer message over the size limit, or with inconsistent lengths");
            case EapTlsReassemblyResult.NeedMore:
                return Request(EapTlsFlags.None, messageLength: null, []); // the acknowledgement of a fragment
        }

        byte[] flight = _incoming.TakeMessage();
        if (flight.Length == 0)
        {
            // The empty response after our ChangeCipherSpec and Finished (RFC 5216 §2.1.1) ends the method.
            return _handshake!.Msk is { } msk ? Succeed(msk) : Fail("an empty EAP-TLS response before the handshake completed");
        }
        if (_handshake!.Msk is not null)
            return Fail("TLS data after the handshake completed");
        if (!TryRunTls(flight, out byte[] output, out string? tlsError))
            return Fail(_handshake.Refusal ?? $"the TLS handshake failed: {tlsError}");
        if (output.Length == 0)
            return Fail("a TLS message that asks for no answer"); // the peer would wait for us, and we for it
        _outgoing = output;
        _outgoingSent = 0;
        return NextFragment();
    }

    // BouncyCastle reports every protocol failure (a bad record, an alert from the peer, our own refusal of the
    // certificate) by throwing; this is the one place that catches, and any throw ends the authentication.
    private bool TryRunTls(byte[] input, out byte[] output, out string? error)
    {
        output = [];
        error = null;
        try
        {
            _tls!.OfferInput(input);
            int available = _tls.GetAvailableOutputBytes();
            output = new byte[available];
            if (available > 0)
                _tls.ReadOutput(output, 0, available);
            if (_tls.IsClosed) error = "the connection closed";
            return !_tls.IsClosed;
        }
        catch (Exception exception)
        {
            error = exception.Message;
            return false;
        }
    }

    // RFC 5216 §3.1: L (with the whole length) on the first fragment of a message that needs several, M on all but the last.
    private byte[] NextFragment()
    {
        bool first = _outgoingSent == 0;
        int length = Math.Min(MaxFragmentDataLength, _outgoing.Length - _outgoingSent);
        bool more = _outgoingSent + length < _outgoing.Length;
        uint? messageLength = first && more ? (uint)_outgoing.Length : null;
        var data = _outgoing.AsSpan(_outgoingSent, length);
        _outgoingSent += length;
        return Request(more ? EapTlsFlags.MoreFragments : EapTlsFlags.None, messageLength, data);
    }

    private byte[] Request(EapTlsFlags flags, uint? messageLength, ReadOnlySpan<byte> data)
    {
        _identifier++;
        return EapTlsMessage.Write(EapCode.Request, _identifier, flags, messageLength, data);
    }

    private byte[] Succeed(byte[] msk)
    {
        _step = Step.Done;
        State = EapMethodState.Succeeded;
        Msk = msk;
        AuthenticatedIdentity = _identity;
        return EapPacket.WriteSuccess(_identifier);
    }

    private byte[] Fail(string reason)
    {
        _step = Step.Done;
        State = EapMethodState.Failed;
        FailureReason = reason;
        if (_handshake?.Msk is { } msk)
            CryptographicOperations.ZeroMemory(msk);
        return EapPacket.WriteFailure(_identifier);
    }
}
