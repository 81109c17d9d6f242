namespace OnLan.Ike.Responder;

/// <summary>
/// What the responder did and refused, for the console and the tests. Written on the engine's thread only;
/// readers on other threads see values at most one message old.
/// </summary>
public sealed class IkeCounters
{
    private readonly long[] _drops = new long[(int)IkeDrop.Count];

    public long MessagesReceived;
    public long InitRequests;
    public long SasEstablished;
    public long SasDeleted;
    public long ChildSasInstalled;
    public long ChildSasRemoved;
    public long RetransmissionsAnswered;
    public long CookiesSent;
    public long InvalidKeSent;
    public long NoProposalChosen;
    public long AuthenticationFailures;
    public long AddressFailures;
    /// <summary>IKE_AUTH exchanges that began EAP (RFC 7296 §2.16).</summary>
    public long EapStarted;
    /// <summary>IKE_AUTH answers that had to wait for the address section (probe, DHCP relay).</summary>
    public long AddressWaits;
    /// <summary>EAP rounds whose answer had to wait for the EAP method (a RADIUS server).</summary>
    public long EapWaits;
    /// <summary>EAP rounds given up after EapWaitLimit without an answer (AUTHENTICATION_FAILED).</summary>
    public long EapTimeouts;
    /// <summary>Retransmitted IKE_AUTH requests absorbed while their answer waited for an address or an EAP answer.</summary>
    public long RetransmissionsWhileWaiting;
    public long LivenessChecksSent;
    public long OwnRetransmissions;
    public long DeadPeers;
    public long RekeysIke;
    public long RekeysChild;
    public long FragmentsSent;
    public long FragmentsReceived;

    public long this[IkeDrop reason] => Volatile.Read(ref _drops[(int)reason]);

    public long TotalDropped
    {
        get
        {
            long total = 0;
            foreach (long value in _drops) total += value;
            return total;
        }
    }

    internal void Drop(IkeDrop reason) => _drops[(int)reason]++;
}

/// <summary>Every reason an IKE message is dropped without an answer.</summary>
public enum IkeDrop
{
    Truncated,
    UnsupportedVersion,
    BadLength,
    InvalidSyntax,
    UnsupportedCriticalPayload,
    IntegrityCheckFailed,
    BadPadding,
    UnknownSpi,
    WrongInitiatorSpi,
    UnexpectedFlags,
    InvalidMessageId,
    UnexpectedResponse,
    NotEncrypted,
    BadKeyExchange,
    HalfOpenLimit,
    FragmentError,
    BadCookie,
    UnknownExchange,
    Count,
}
