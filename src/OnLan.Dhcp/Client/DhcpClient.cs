using System.Text;
using OnLan.Wire;

namespace OnLan.Dhcp.Client;

/// <summary>
/// The DHCP client of the WAN port (<c>set interfaces wan address dhcp</c>), RFC 2131 §4.4. Sans-IO: the caller
/// hands in each UDP payload received on port 68 and the monotonic time, calls <see cref="Poll"/> when
/// <see cref="NextTimeout"/> comes, sends what <see cref="TryTakeOutgoing(Span{byte}, out DhcpClientDatagram)"/>
/// gives, and re-addresses the WAN port on each <see cref="DhcpLeaseChange"/> it takes.
/// </summary>
/// <remarks>
/// <para>The transitions (RFC 2131 figure 5), one line each; "→ send" names what goes into the outgoing slot:</para>
/// <code>
/// Stopped    Start(remembered)             → Rebooting, send REQUEST (50 = remembered, ciaddr 0), broadcast
/// Stopped    Start(no address)             → Selecting, send DISCOVER, broadcast
/// Init       pause over                    → Selecting, send DISCOVER, broadcast
/// Selecting  OFFER (yiaddr, 54)            → Requesting, send REQUEST (50 = yiaddr, 54), broadcast
/// Selecting  timeout                       → send DISCOVER again after 4, 8, 16, 32, 64, 64 … s ± 1 s
/// Requesting ACK                           → Bound (change Bound)
/// Requesting timeout, 4 sent               → Init, DISCOVER at once
/// Rebooting  ACK                           → Bound (change Bound)
/// Rebooting  timeout, 4 sent               → Init, DISCOVER at once
/// Bound      T1                            → Renewing, send REQUEST (ciaddr), unicast to 54
/// Renewing   ACK                           → Bound (change Renewed; Lost + Bound if the address changed)
/// Renewing   timeout                       → send again after half the time left to T2, at least 60 s
/// Renewing   T2                            → Rebinding, send REQUEST (ciaddr), broadcast
/// Rebinding  ACK                           → Bound (change Rebound; Lost + Bound if the address changed)
/// Rebinding  timeout                       → send again after half the time left to expiry, at least 60 s
/// Rebinding  lease expires                 → Init (change Lost), DISCOVER at once
/// Requesting, Rebooting, Renewing,
/// Rebinding  NAK                           → Init (change Lost if there was a lease); DISCOVER at once, or
///                                            after 2, 4 … 64 s when the NAKs come one after another
/// any lease  AddressInUse()                → Init (change Lost), send DECLINE (50, 54), broadcast; DISCOVER after 10 s
/// any        Stop()                        → Stopped (change Released and send RELEASE, unicast to 54, if a lease)
/// </code>
/// <para>Only a BOOTREPLY carrying the open exchange's xid and our htype/hlen/chaddr is looked at; anything else
/// counts in <see cref="Counters"/> and changes nothing. The first acceptable DHCPOFFER is taken: the WAN has one
/// ISP server, so there is nothing to choose between. Requests ask for broadcast replies (flags bit 15): the WAN
/// stack answers only for its own address, and while selecting there is none yet.</para>
/// <para>Never throws on received bytes. Not thread-safe: the WAN port's worker thread calls it.</para>
/// </remarks>
public sealed partial class DhcpClient
{
    public const ushort ServerPort = 67;
    public const ushort ClientPort = 68;

    /// <summary>Any message the client writes fits a buffer this long (the options are bounded: the host name is at most 63 bytes).</summary>
    public const int RecommendedBufferLength = 576;

    /// <summary>Option 57: the largest DHCP message we take, the whole IP datagram on a 1500-byte Ethernet MTU.</summary>
    public const ushort MaximumMessageSize = 1500;

    /// <summary>The longest host name sent in option 12: one DNS label (RFC 1035 §2.3.4).</summary>
    public const int MaximumHostNameLength = 63;

    /// <summary>REQUESTs sent in REQUESTING or REBOOTING before giving up and starting again from INIT (≈ 60 s with the back-off).</summary>
    public const int RequestAttempts = 4;

    /// <summary>RFC 2131 §3.1.5: wait at least ten seconds after a DHCPDECLINE before discovering again.</summary>
    public static readonly TimeSpan DeclinePause = TimeSpan.FromSeconds(10);

    /// <summary>RFC 2131 §4.4.5: renewal and rebinding retransmissions come no closer together than this.</summary>
    public static readonly TimeSpan MinimumRenewalRetransmission = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan FirstRetransmission = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan LastRetransmission = TimeSpan.FromSeconds(64);
    private static readonly TimeSpan LongestNakPause = TimeSpan.FromSeconds(64);
    private const int JitterMilliseconds = 1000;

    private readonly MacAddress _mac;
    private readonly byte[] _macBytes = new byte[MacAddress.Length];
    private readonly byte[] _hostName;
    private readonly Func<uint> _random;
    private readonly Queue<DhcpLeaseChange> _changes = new();

    private DhcpClientState _state;
    private DhcpLease? _lease;
    private uint _transactionId;
    // When the open exchange's first message went out: the secs field counts from it, a lease is measured from it.
    private TimeSpan _exchangeStartedAt;
    // When the first DHCPREQUEST of the open exchange went out: the lease an ACK grants counts from it (§4.4.1).
    private TimeSpan _requestFirstSentAt;
    private int _sentInExchange;
    private TimeSpan _nextTimeout = TimeSpan.MaxValue;
    // The offer being requested (REQUESTING) or the address remembered across a restart (REBOOTING).
    private Ipv4Address _requestedAddress;
    private Ipv4Address _offeringServer;
    private int _naksInARow;
    private Transmission? _outgoing;
    private DhcpClientCounters _counters;

    /// <param name="mac">The WAN port's MAC: chaddr, and the client identifier (option 61 = 1 + MAC).</param>
    /// <param name="hostName">Option 12, printable ASCII, at most 63 bytes; empty: not sent.</param>
    /// <param name="random">Uniform 32-bit values: transaction ids and the ± 1 s randomisation of retransmissions.</param>
    public DhcpClient(MacAddress mac, string hostName, Func<uint> random)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        ArgumentNullException.ThrowIfNull(random);
        // A bad host name is a bug in the caller (the configuration checks it first), not bad input: refuse it here.
        if (hostName.Length > MaximumHostNameLength || !hostName.All(c => c is > ' ' and <= '~'))
            throw new ArgumentException($"a DHCP host name is 0 to {MaximumHostNameLength} printable ASCII characters without spaces", nameof(hostName));
        _mac = mac;
        mac.WriteTo(_macBytes);
        _hostName = Encoding.ASCII.GetBytes(hostName);
        _random = random;
    }

    public MacAddress Mac => _mac;

    public DhcpClientState State => _state;

    /// <summary>The lease in use; null while the client has no address (and from the moment it is lost or released).</summary>
    public DhcpLease? Lease => _lease;

    /// <summary>The xid of the open exchange (0 before the first).</summary>
    public uint TransactionId => _transactionId;

    public DhcpClientCounters Counters => _counters;

    /// <summary>When <see cref="Poll"/> next has something to do; <see cref="TimeSpan.MaxValue"/> when nothing is armed.</summary>
    public TimeSpan NextTimeout => _nextTimeout;

    /// <summary>True while a message waits to be taken.</summary>
    public bool HasOutgoing => _outgoing is not null;

    /// <summary>
    /// Starts from INIT-REBOOT when <paramref name="remembered"/> (the address of the last lease, kept across a reboot)
    /// is given, else from INIT; the first message is ready at once. Ignored unless <see cref="State"/> is
    /// <see cref="DhcpClientState.Stopped"/>.
    /// </summary>
    public void Start(TimeSpan now, Ipv4Address? remembered)
    {
        if (_state != DhcpClientState.Stopped) return;
        _naksInARow = 0;
        if (remembered is { } address && IsHostAddress(address))
        {
            BeginExchange(DhcpClientState.Rebooting, now);
            _requestedAddress = address;
            Send(RebootRequest(now));
            _nextTimeout = now + BackOff(0);
            return;
        }
        _state = DhcpClientState.Init;
        _nextTimeout = now;
        Poll(now);
    }

    /// <summary>
    /// Gives the lease back: a DHCPRELEASE (unicast to the server, from the leased address) replaces whatever waited
    /// in the outgoing slot and <see cref="DhcpLeaseChange.Released"/> is reported. Without a lease only a pending
    /// DHCPDECLINE is kept. Then nothing more happens until <see cref="Start"/>.
    /// </summary>
    public void Stop()
    {
        if (_lease is { } lease)
        {
            _outgoing = new Transmission(DhcpMessageType.Release, NewTransactionId(), 0, lease.Address.Address,
                Requested: null, Server: lease.ServerIdentifier, Source: lease.Address.Address,
                Destination: lease.ServerIdentifier, Broadcast: false);
            _counters = _counters with { Releases = _counters.Releases + 1, Sent = _counters.Sent + 1 };
            _lease = null;
            _changes.Enqueue(DhcpLeaseChange.Released);
        }
        else if (_outgoing is not { Type: DhcpMessageType.Decline })
        {
            _outgoing = null;
        }
        _state = DhcpClientState.Stopped;
        _nextTimeout = TimeSpan.MaxValue;
    }

    /// <summary>
    /// The caller found the leased address in use by another host (its ARP probe after <see cref="DhcpLeaseChange.Bound"/>
    /// was answered, RFC 2131 §4.4.1): sends DHCPDECLINE, reports <see cref="DhcpLeaseChange.Lost"/>, and discovers
    /// again after <see cref="DeclinePause"/>. Returns false, doing nothing, when there is no lease.
    /// </summary>
    public bool AddressInUse(TimeSpan now)
    {
        if (_lease is not { } lease) return false;
        _outgoing = new Transmission(DhcpMessageType.Decline, _transactionId, 0, Ipv4Address.Any,
            Requested: lease.Address.Address, Server: lease.ServerIdentifier, Source: Ipv4Address.Any,
            Destination: Ipv4Address.Broadcast, Broadcast: true);
        _counters = _counters with { Declines = _counters.Declines + 1, Sent = _counters.Sent + 1 };
        LoseLease();
        _state = DhcpClientState.Init;
        _nextTimeout = now + DeclinePause;
        return true;
    }

    /// <summary>Runs the timers due at <paramref name="now"/>: retransmissions, T1, T2, expiry. Cheap when nothing is due.</summary>
    public void Poll(TimeSpan now)
    {
        // A loop, so a caller that slept past several deadlines (T1, T2 and expiry at once) lands in the right state.
        while (_state != DhcpClientState.Stopped && now >= _nextTimeout)
        {
            switch (_state)
            {
                case DhcpClientState.Init:
                    BeginExchange(DhcpClientState.Selecting, now);
                    Send(Discover(now));
                    _nextTimeout = now + BackOff(0);
                    break;
                case DhcpClientState.Selecting:
                    Resend(Discover(now));
                    _nextTimeout = now + BackOff(_sentInExchange - 1);
                    break;
                case DhcpClientState.Requesting or DhcpClientState.Rebooting when _sentInExchange >= RequestAttempts:
                    Restart(now, pause: TimeSpan.Zero);
                    break;
                case DhcpClientState.Requesting:
                    Resend(SelectingRequest(now));
                    _nextTimeout = now + BackOff(_sentInExchange - 1);
                    break;
                case DhcpClientState.Rebooting:
                    Resend(RebootRequest(now));
                    _nextTimeout = now + BackOff(_sentInExchange - 1);
                    break;
                case DhcpClientState.Bound or DhcpClientState.Renewing or DhcpClientState.Rebinding when now >= _lease!.ExpiresAt:
                    LoseLease();
                    Restart(now, pause: TimeSpan.Zero);
                    break;
                case DhcpClientState.Bound:
                    BeginExchange(now >= _lease!.RebindAt ? DhcpClientState.Rebinding : DhcpClientState.Renewing, now);
                    RenewOrRebind(now, first: true);
                    break;
                case DhcpClientState.Renewing when now >= _lease!.RebindAt:
                    BeginExchange(DhcpClientState.Rebinding, now);
                    RenewOrRebind(now, first: true);
                    break;
                case DhcpClientState.Renewing or DhcpClientState.Rebinding:
                    RenewOrRebind(now, first: false);
                    break;
            }
        }
    }

    /// <summary>The next change of the WAN address, oldest first; false when none is waiting.</summary>
    public bool TryTakeLeaseChange(out DhcpLeaseChange change) => _changes.TryDequeue(out change);

    /// <summary>
    /// Writes the waiting message, if any, at the start of <paramref name="buffer"/> (size it with
    /// <see cref="RecommendedBufferLength"/>) and empties the slot. False when nothing waits, or when the buffer is too
    /// small (then the message stays waiting). The slot holds one message: a newer one replaces an untaken older one,
    /// which is what a retransmission wants.
    /// </summary>
    public bool TryTakeOutgoing(Span<byte> buffer, out DhcpClientDatagram datagram)
    {
        datagram = default;
        if (_outgoing is not { } message || !TryWrite(message, buffer, out int length)) return false;
        _outgoing = null;
        datagram = new DhcpClientDatagram(length, message.Type, message.Source, message.Destination, message.Broadcast);
        return true;
    }

    /// <summary>
    /// As <see cref="TryTakeOutgoing(Span{byte}, out DhcpClientDatagram)"/>, in out parameters; the address to send
    /// from (0.0.0.0 or the leased one) is then in <see cref="LastOutgoingSource"/> until the next take.
    /// </summary>
    public bool TryTakeOutgoing(Span<byte> buffer, out int length, out Ipv4Address destination, out bool broadcast)
    {
        bool taken = TryTakeOutgoing(buffer, out DhcpClientDatagram datagram);
        length = datagram.Length;
        destination = datagram.Destination;
        broadcast = datagram.IsBroadcast;
        LastOutgoingSource = datagram.Source;
        return taken;
    }

    /// <summary>The source address (0.0.0.0 or the leased one) of the message the four-out <c>TryTakeOutgoing</c> last returned.</summary>
    public Ipv4Address LastOutgoingSource { get; private set; }

    private void BeginExchange(DhcpClientState state, TimeSpan now)
    {
        _state = state;
        _transactionId = NewTransactionId();
        _exchangeStartedAt = now;
        _requestFirstSentAt = now;
        _sentInExchange = 0;
    }

    // Back to INIT: discover again after the pause (0: at the next Poll, which the caller's loop runs at once).
    private void Restart(TimeSpan now, TimeSpan pause)
    {
        _state = DhcpClientState.Init;
        _nextTimeout = now + pause;
    }

    private void LoseLease()
    {
        if (_lease is null) return;
        _lease = null;
        _changes.Enqueue(DhcpLeaseChange.Lost);
    }

    // RENEWING: unicast to the granting server; REBINDING: broadcast to any. Both retransmit after half the time left
    // to the next deadline (T2, expiry), never sooner than 60 s, never past the deadline (RFC 2131 §4.4.5).
    private void RenewOrRebind(TimeSpan now, bool first)
    {
        var lease = _lease!;
        bool renewing = _state == DhcpClientState.Renewing;
        var message = new Transmission(DhcpMessageType.Request, _transactionId, Seconds(now), lease.Address.Address,
            Requested: null, Server: null, Source: lease.Address.Address,
            Destination: renewing ? lease.ServerIdentifier : Ipv4Address.Broadcast, Broadcast: !renewing);
        if (first) Send(message);
        else Resend(message);
        var deadline = renewing ? lease.RebindAt : lease.ExpiresAt;
        var wait = (deadline - now) / 2;
        if (wait < MinimumRenewalRetransmission) wait = MinimumRenewalRetransmission;
        _nextTimeout = deadline - now <= wait ? deadline : now + wait;
    }

    private void Send(Transmission message)
    {
        _outgoing = message;
        _sentInExchange++;
        _counters = _counters with { Sent = _counters.Sent + 1 };
    }

    private void Resend(Transmission message)
    {
        Send(message);
        _counters = _counters with { Retransmissions = _counters.Retransmissions + 1 };
    }

    // RFC 2131 §4.1: 4 s before the first retransmission, doubling to 64 s, each randomised by ± 1 s so that many
    // clients that lost power together do not stay in step.
    private TimeSpan BackOff(int retransmission)
    {
        var wait = FirstRetransmission * Math.Pow(2, Math.Min(retransmission, 4));
        if (wait > LastRetransmission) wait = LastRetransmission;
        int jitter = (int)(_random() % (2 * JitterMilliseconds + 1)) - JitterMilliseconds;
        return wait + TimeSpan.FromMilliseconds(jitter);
    }

    private uint NewTransactionId()
    {
        uint id = _random();
        // 0 is what a zeroed buffer holds; never use it, so a reply can never match an exchange that was not opened.
        return id == 0 ? 1 : id;
    }

    // secs (RFC 2131 Table 5): seconds since the client began the exchange, saturating.
    private ushort Seconds(TimeSpan now)
    {
        double seconds = (now - _exchangeStartedAt).TotalSeconds;
        return seconds <= 0 ? (ushort)0 : seconds >= ushort.MaxValue ? ushort.MaxValue : (ushort)seconds;
    }

    private static bool IsHostAddress(Ipv4Address address) =>
        !address.IsAny && !address.IsBroadcast && !address.IsMulticast && !address.IsLoopback && !address.IsReserved &&
        (address.Value >> 24) != 0;
}
