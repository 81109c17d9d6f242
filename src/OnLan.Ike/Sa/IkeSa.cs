using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;
using OnLan.Wire;

namespace OnLan.Ike.Sa;

/// <summary>
/// One IKE SA at the responder: keys, the two message-ID windows (the peer's requests and ours), the cached last
/// response, its Child SAs and the lease that lives as long as it does.
/// </summary>
public sealed class IkeSa
{
    public IkeSa(ulong initiatorSpi, ulong responderSpi, IkeEndpoint local, IkeEndpoint remote, TimeSpan created)
    {
        InitiatorSpi = initiatorSpi;
        ResponderSpi = responderSpi;
        Local = local;
        Remote = remote;
        InitRemote = remote;
        Created = created;
        LastHeard = created;
    }

    public ulong InitiatorSpi { get; }
    public ulong ResponderSpi { get; }
    public IkeSaState State { get; set; } = IkeSaState.HalfOpen;
    public IkeEndpoint Local { get; set; }
    public IkeEndpoint Remote { get; set; }
    /// <summary>Where IKE_SA_INIT came from (the half-open table's key; Remote may float to 4500 later).</summary>
    public IkeEndpoint InitRemote { get; }
    public TimeSpan Created { get; }
    /// <summary>When IKE_AUTH (or the rekey that made this SA) completed; meaningful once <see cref="WasEstablished"/>.</summary>
    public TimeSpan EstablishedAt
    {
        get => _establishedAt;
        set
        {
            _establishedAt = value;
            WasEstablished = true;
        }
    }
    private TimeSpan _establishedAt;

    /// <summary>The SA authenticated at some point (a zero <see cref="EstablishedAt"/> is a valid time, not "never").</summary>
    public bool WasEstablished { get; private set; }
    /// <summary>Last authenticated message from the peer (for liveness checks).</summary>
    public TimeSpan LastHeard { get; set; }

    // Keys and the IKE_SA_INIT messages that AUTH signs (RFC 7296 §2.15).
    public IkeSuite Suite { get; set; } = null!;
    public Prf Prf { get; set; } = null!;
    public IkeKeys Keys { get; set; } = null!;
    public SkProtection Inbound { get; set; } = null!;
    public SkProtection Outbound { get; set; } = null!;
    public byte[] NonceI { get; set; } = [];
    public byte[] NonceR { get; set; } = [];
    public byte[] InitRequest { get; set; } = [];
    public byte[] InitResponse { get; set; } = [];

    /// <summary>A NAT is between us (detected or faked by the peer): ESP goes in UDP/4500.</summary>
    public bool NatDetected { get; set; }
    public bool PeerSupportsFragmentation { get; set; }

    /// <summary>Next Message ID the peer's requests must carry.</summary>
    public uint ExpectedRequestId { get; set; }
    /// <summary>The datagrams that answered the peer's last request, resent on a retransmission.</summary>
    public IReadOnlyList<byte[]>? CachedResponse { get; set; }
    /// <summary>SHA-256 of the request <see cref="CachedResponse"/> answered (its first fragment when fragmented).</summary>
    public byte[]? LastRequestDigest { get; set; }
    /// <summary>SHA-256 of fragment 1 of the request being reassembled.</summary>
    public byte[]? FirstFragmentDigest { get; set; }
    /// <summary>Fragments of a request being reassembled (RFC 7383), by fragment number.</summary>
    public FragmentBuffer? IncomingFragments { get; set; }

    // Our own requests (liveness checks, deletes): one outstanding at a time.
    public uint NextOwnRequestId { get; set; }
    public OwnRequest? Outstanding { get; set; }

    public string PeerIdentity { get; set; } = "";
    public Ipv4Address? LeasedAddress { get; set; }

    /// <summary>The EAP rounds of IKE_AUTH in progress (RFC 7296 §2.16), with the first request kept for the end.</summary>
    public EapRounds? Eap { get; set; }

    /// <summary>An EAP round of IKE_AUTH whose answer the EAP method has not given yet (a RADIUS server is asked).</summary>
    public EapWait? AwaitingEap { get; set; }

    /// <summary>The address the authentication assigned (RADIUS Framed-IP-Address): asked for instead of any pool address.</summary>
    public Ipv4Address? AddressFromAuthentication { get; set; }

    /// <summary>IKE_AUTH authenticated, its answer waiting for the address section (null otherwise).</summary>
    public AddressWait? AwaitingAddress { get; set; }
    public List<ChildSa> Children { get; } = [];

    /// <summary>Why the SA is ending, once that is decided (it is removed after the current response).</summary>
    public Responder.IkeSaEndReason? PendingEndReason { get; set; }

    /// <summary>The SA that replaced this one on an IKE rekey (children and lease moved there).</summary>
    public IkeSa? Successor { get; set; }

    public override string ToString() => $"{InitiatorSpi:x16}_i {ResponderSpi:x16}_r {Remote} {State}";
}

/// <summary>A request we sent and retransmit until answered.</summary>
public sealed class OwnRequest(uint messageId, OwnRequestKind kind, IReadOnlyList<byte[]> datagrams, TimeSpan sent, TimeSpan timeout)
{
    public uint MessageId { get; } = messageId;
    public OwnRequestKind Kind { get; } = kind;
    public IReadOnlyList<byte[]> Datagrams { get; } = datagrams;
    public int Tries { get; set; } = 1;
    public TimeSpan NextRetransmit { get; set; } = sent + timeout;
    public TimeSpan Timeout { get; set; } = timeout;
}

public enum OwnRequestKind
{
    LivenessCheck,
    DeleteIkeSa,
    DeleteChildSa,
}

/// <summary>Fragments of one message (RFC 7383 §2.6), bounded in count.</summary>
public sealed class FragmentBuffer(uint messageId, ushort total)
{
    public const int MaxFragments = 64;

    public uint MessageId { get; } = messageId;
    public ushort Total { get; } = total;
    public byte[]?[] Chunks { get; } = new byte[]?[total];
    public PayloadType FirstInner { get; set; }
    public int Received { get; set; }
    public bool Complete => Received == Total;
}

/// <summary>
/// An IKE_AUTH request whose answer waits for an address: the request's header (to answer it), its payloads (to set
/// up the Child SA once the address is known), the answer's payloads so far (IDr, CERT, AUTH) and since when.
/// </summary>
public sealed record AddressWait(Messages.IkeHeader Request, List<Messages.IkePayload> RequestPayloads,
    List<Messages.IkePayload> ResponseSoFar, TimeSpan Since);

/// <summary>An IKE_AUTH request carrying EAP whose answer waits for the EAP method, and since when.</summary>
public sealed record EapWait(Messages.IkeHeader Request, TimeSpan Since);

/// <summary>
/// An EAP authentication running inside IKE_AUTH: the server, the first IKE_AUTH request's payloads (its IDi signs
/// the last AUTH; its CP, SA and TS set up the first Child SA at the end).
/// </summary>
public sealed record EapRounds(IEapServer Server, List<Messages.IkePayload> FirstRequest, Messages.IdentificationPayload InitiatorId);
