using System.Security.Cryptography;
using System.Text;

namespace OnLan.Ike.Eap;

/// <summary>
/// The authenticator side of ONE EAP-MSCHAPv2 authentication (RFC 3748, draft-kamath-pppext-eap-mschapv2-02,
/// RFC 2759), sans-IO: EAP packets in, EAP packets out. IKE_AUTH carries the bytes (RFC 7296 §2.16) and owns
/// retransmission; this class never sees a socket or a clock.
/// <code>
///   server                                        peer
///   Start()  Request/Identity            (id n)   -->
///            &lt;--  Response/Identity                 (id n)
///            Request/MSCHAPv2 Challenge  (id n+1) -->
///            &lt;--  Response/MSCHAPv2 Response        (id n+1)
///   good:    Request/MSCHAPv2 Success    (id n+2) -->
///            &lt;--  Response/MSCHAPv2 Success         (id n+2)
///            EAP-Success                 (id n+2) -->   State = Succeeded, Msk set
///   bad:     EAP-Failure                 (id n+1) -->   State = Failed
/// </code>
/// Bad input never throws: a response with a stale identifier is a retransmission and is ignored (RFC 3748 §4.1,
/// the IKE layer resends its cached message); anything else unexpected, malformed or unsupported (a Nak included)
/// ends the authentication with EAP-Failure. A wrong password and an unknown user fail at the same step, with the
/// same packet and the same work, so neither the reply nor its timing says which names exist. Like strongSwan after
/// its last retry, a failed check gets EAP-Failure directly, not an MSCHAPv2 Failure request: Windows peers handle
/// the former better, and this server offers no retry or password change.
/// </summary>
public sealed class EapMsChapV2Server : IEapMethod
{
    /// <summary>The Name in our Challenge (RFC 2759 §3): informational only, peers ignore it.</summary>
    public const string ServerName = "OnLan";
    private const string SuccessMessage = "Welcome";

    private readonly Func<string, byte[]?> _lookUpNtHash;
    private readonly Func<byte[]> _newAuthenticatorChallenge;

    private Step _step = Step.NotStarted;
    /// <summary>The Identifier of the request outstanding; a response must carry it.</summary>
    private byte _identifier;
    private byte[] _authenticatorChallenge = [];
    private byte[]? _pendingMsk;

    /// <param name="lookUpNtHash">
    /// The 16-octet NT hash (MD4 of the UTF-16LE password) of a user name, already stripped of any "DOMAIN\"; null
    /// for an unknown user. Called once, after the peer's MSCHAPv2 Response.
    /// </param>
    /// <param name="newAuthenticatorChallenge">16 fresh random octets (RandomNumberGenerator in production, fixed in tests).</param>
    /// <param name="firstIdentifier">The Identifier of the first request; the IKE layer may pick one at random.</param>
    public EapMsChapV2Server(Func<string, byte[]?> lookUpNtHash, Func<byte[]> newAuthenticatorChallenge, byte firstIdentifier = 0)
    {
        _lookUpNtHash = lookUpNtHash;
        _newAuthenticatorChallenge = newAuthenticatorChallenge;
        _identifier = firstIdentifier;
    }

    private enum Step { NotStarted, AwaitingIdentity, AwaitingResponse, AwaitingSuccessAcknowledgement, Done }

    public EapMsChapV2State State { get; private set; } = EapMsChapV2State.Running;

    /// <summary>What the peer said in Response/Identity (RFC 3748 §5.1); unauthenticated, for logs and policy hints.</summary>
    public string? Identity { get; private set; }

    /// <summary>The user name the MS-CHAPv2 Response proved, without "DOMAIN\"; set when <see cref="State"/> is Succeeded.</summary>
    public string? UserName { get; private set; }

    /// <summary>The 64-octet MSK (<see cref="MsChapV2.GenerateMsk"/>) once <see cref="State"/> is Succeeded; otherwise null.</summary>
    public byte[]? Msk { get; private set; }

    /// <summary>The first request, EAP-Request/Identity. Call once.</summary>
    public byte[] Start()
    {
        if (_step != Step.NotStarted)
            throw new InvalidOperationException("Start is called once per authentication.");
        _step = Step.AwaitingIdentity;
        return EapPacket.WriteIdentityRequest(_identifier);
    }

    /// <summary>
    /// Processes one packet from the peer. Returns the packet to send (the next request, EAP-Success or EAP-Failure),
    /// or null when the packet is ignored: a retransmission, or anything after the authentication ended.
    /// </summary>
    public byte[]? Receive(ReadOnlySpan<byte> eapResponse)
    {
        if (_step is Step.NotStarted or Step.Done)
            return null;
        if (EapPacket.TryParse(eapResponse, out var packet) != EapParseError.None || packet.Code != EapCode.Response)
            return Fail(_identifier);
        if (packet.Identifier != _identifier)
            return null;
        return (_step, packet.Type) switch
        {
            (Step.AwaitingIdentity, EapType.Identity) => ReceiveIdentity(packet),
            (Step.AwaitingResponse, EapType.MsChapV2) => ReceiveMsChapV2Response(packet),
            (Step.AwaitingSuccessAcknowledgement, EapType.MsChapV2) => ReceiveSuccessAcknowledgement(packet),
            // A Nak (or any other type) asks for a method we do not offer: nothing left to try.
            _ => Fail(packet.Identifier),
        };
    }

    /// <summary>
    /// The Challenge request with <paramref name="identifier"/>, when an <see cref="EapAuthenticator"/> ran the
    /// Identity exchange already. Call instead of <see cref="Start"/>, once.
    /// </summary>
    public byte[] Begin(byte identifier, string identity)
    {
        if (_step != Step.NotStarted)
            throw new InvalidOperationException("Begin is called once per authentication, instead of Start.");
        Identity = identity;
        _identifier = identifier;
        return IssueChallenge();
    }

    EapType IEapMethod.Type => EapType.MsChapV2;

    EapMethodState IEapMethod.State => State switch
    {
        EapMsChapV2State.Succeeded => EapMethodState.Succeeded,
        EapMsChapV2State.Failed => EapMethodState.Failed,
        _ => EapMethodState.Running,
    };

    string? IEapMethod.AuthenticatedIdentity => State == EapMsChapV2State.Succeeded ? UserName : null;

    // Response/Identity --> Request/MSCHAPv2 Challenge.
    private byte[] ReceiveIdentity(EapPacket packet)
    {
        Identity = Encoding.UTF8.GetString(packet.TypeData);
        _identifier++;
        return IssueChallenge();
    }

    private byte[] IssueChallenge()
    {
        byte[] challenge = _newAuthenticatorChallenge();
        if (challenge.Length != MsChapV2.ChallengeLength)
            throw new InvalidOperationException("The authenticator challenge source must return 16 octets.");
        _authenticatorChallenge = challenge;
        _step = Step.AwaitingResponse;
        // draft-kamath §2: MS-CHAPv2-ID repeats the EAP Identifier.
        return EapPacket.WriteMsChapV2Challenge(_identifier, _identifier, _authenticatorChallenge, ServerName);
    }

    // Response/MSCHAPv2 Response --> Request/MSCHAPv2 Success, or EAP-Failure.
    private byte[] ReceiveMsChapV2Response(EapPacket packet)
    {
        if (MsChapV2Response.TryParse(packet.TypeData, out var response) != EapParseError.None
            || response.MsChapV2Id != _identifier)
            return Fail(packet.Identifier);

        ReadOnlySpan<byte> userName = MsChapV2.StripDomain(response.Name);
        string userNameText = Encoding.UTF8.GetString(userName);
        byte[]? ntHash = _lookUpNtHash(userNameText);
        bool knownUser = ntHash is { Length: MsChapV2.PasswordHashLength };
        // An unknown user is checked against a random hash, so the work and the reply match a wrong password.
        byte[] passwordHash = knownUser ? ntHash! : RandomNumberGenerator.GetBytes(MsChapV2.PasswordHashLength);

        byte[] expected = MsChapV2.GenerateNtResponse(_authenticatorChallenge, response.PeerChallenge, userName, passwordHash);
        bool verified = CryptographicOperations.FixedTimeEquals(expected, response.NtResponse) && knownUser;
        if (!verified)
            return Fail(packet.Identifier);

        string authenticatorResponse = MsChapV2.GenerateAuthenticatorResponse(
            passwordHash, response.NtResponse, response.PeerChallenge, _authenticatorChallenge, userName);
        _pendingMsk = MsChapV2.GenerateMsk(passwordHash, response.NtResponse);
        UserName = userNameText;
        byte msChapV2Id = _identifier;
        _identifier++;
        _step = Step.AwaitingSuccessAcknowledgement;
        // draft-kamath §2.3: the Success request keeps the MS-CHAPv2-ID of the Challenge it concludes.
        return EapPacket.WriteMsChapV2Success(_identifier, msChapV2Id, authenticatorResponse, SuccessMessage);
    }

    // Response/MSCHAPv2 Success (the OpCode alone, draft-kamath §2.3) --> EAP-Success.
    private byte[] ReceiveSuccessAcknowledgement(EapPacket packet)
    {
        if (packet.TypeData is not [(byte)MsChapV2OpCode.Success])
            return Fail(packet.Identifier);
        _step = Step.Done;
        State = EapMsChapV2State.Succeeded;
        Msk = _pendingMsk;
        return EapPacket.WriteSuccess(packet.Identifier);
    }

    private byte[] Fail(byte identifier)
    {
        _step = Step.Done;
        State = EapMsChapV2State.Failed;
        UserName = null;
        if (_pendingMsk is not null)
            CryptographicOperations.ZeroMemory(_pendingMsk);
        _pendingMsk = null;
        return EapPacket.WriteFailure(identifier);
    }
}
