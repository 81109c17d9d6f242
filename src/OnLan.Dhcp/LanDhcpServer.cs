using System.Text;
using OnLan.Wire;

namespace OnLan.Dhcp;

/// <summary>
/// The DHCP server for the LAN's own hosts (<c>set service dhcp-server …</c>), when the gateway is the LAN's router.
/// Sans-IO: the caller hands in each UDP payload received on the LAN port for port 67 and the wall-clock time, and
/// sends what comes back; the leases live in an <see cref="IDhcpLeaseBook"/> (the gateway's pool, "lan" scope).
/// </summary>
/// <remarks>
/// <para>What it answers (RFC 2131 §4.3); "ours" is <see cref="ServerAddress"/>, "covered" is
/// <see cref="IDhcpLeaseBook.Covers"/>, "theirs" is <see cref="IDhcpLeaseBook.Confirm"/> succeeding:</para>
/// <code>
/// DHCPDISCOVER                                      → DHCPOFFER yiaddr = book's offer (reserved, not leased);
///                                                     nothing when the book has no address
/// DHCPREQUEST server id = ours (SELECTING)          → option 50 theirs: DHCPACK (now leased); else DHCPNAK
/// DHCPREQUEST server id = another (SELECTING)       → nothing; the book withdraws our offer
/// DHCPREQUEST no server id, ciaddr 0, option 50     → (INIT-REBOOT) theirs: DHCPACK; covered but not theirs: DHCPNAK;
///                                                     not covered: nothing (another server's client, §4.3.2)
/// DHCPREQUEST no server id, ciaddr set              → (RENEWING, REBINDING) theirs: DHCPACK, lease extended; else DHCPNAK
/// DHCPDECLINE (option 50)                           → nothing; the book marks the address in conflict if it was theirs
/// DHCPRELEASE (ciaddr)                              → nothing; the book frees the address if it was theirs
/// DHCPINFORM                                        → DHCPACK with the options, no lease time, yiaddr 0 (§4.3.5)
/// DECLINE/RELEASE naming another server, replies,
/// relayed (giaddr set), malformed, BOOTP            → nothing, counted
/// </code>
/// <para>OFFER and ACK carry the lease time (the option set's, else <see cref="DefaultLeaseTimeSeconds"/>), T1 = 50 %,
/// T2 = 87.5 % (RFC 2131 §4.4.5), the server identifier, and the options 1, 3, 6, 15, 44, 119, 121 and 249 the set
/// holds: those the client lists in option 55 first, in its order, then the rest. A requested lease time (option
/// 51 in a request) is not honoured: every lease has the configured length.</para>
/// <para>Where the reply goes (RFC 2131 §4.1): a DHCPNAK, and any reply to a client without an address yet, is
/// broadcast to 255.255.255.255:68 whatever the broadcast flag says, because unicasting to yiaddr would need an ARP
/// entry for an address the client does not answer for yet; a reply to a client that has its address (ciaddr set:
/// RENEWING, REBINDING, INFORM) is unicast to ciaddr:68. Relayed requests (giaddr set) are not served at all: the
/// LAN is the only segment the gateway serves and it has no router besides the gateway, so a relayed request
/// comes from a network whose addresses the book does not hold.</para>
/// <para>Authoritative for the addresses it covers, like ISC dhcpd's <c>authoritative</c>: a host asking for one
/// that is not its own is told DHCPNAK at once rather than left to time out. Conflicts are found by the clients
/// (RFC 2131 §4.4.1: a client probes its new address with ARP and sends DHCPDECLINE); the server does not probe
/// before offering, which would mean holding the DHCPOFFER back across I/O.</para>
/// <para>Never throws for any input: a request that cannot be answered counts in <see cref="Counters"/> and yields
/// <see cref="LanDhcpReply.None"/>. Not thread-safe: one thread (the LAN port's UDP receiver) calls it.</para>
/// </remarks>
public sealed partial class LanDhcpServer
{
    public const ushort ServerPort = 67;
    public const ushort ClientPort = 68;

    /// <summary>Lease time when the option set has none: a day, the usual default of home routers.</summary>
    public const uint DefaultLeaseTimeSeconds = 24 * 3600;

    /// <summary>A reply buffer of this size holds any answer to a request with a sensible option set.</summary>
    public const int RecommendedReplyBufferLength = 1024;

    private const uint InfiniteLease = 0xFFFF_FFFF;

    private readonly IDhcpLeaseBook _book;
    private readonly uint _leaseTimeSeconds;
    private LanDhcpCounters _counters;

    /// <param name="serverAddress">The gateway's LAN address: the server identifier (option 54) and the replies' IP source.</param>
    /// <param name="options">The configuration handed out: mask, routers, DNS, domain … and the lease time (option 51).</param>
    /// <param name="book">Where the leases are kept.</param>
    public LanDhcpServer(Ipv4Address serverAddress, DhcpOptionSet options, IDhcpLeaseBook book)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(book);
        ServerAddress = serverAddress;
        Options = options;
        _book = book;
        _leaseTimeSeconds = options.LeaseTimeSeconds ?? DefaultLeaseTimeSeconds;
    }

    public Ipv4Address ServerAddress { get; }

    public DhcpOptionSet Options { get; }

    public LanDhcpCounters Counters => _counters;

    private TimeSpan LeaseLifetime =>
        _leaseTimeSeconds == InfiniteLease ? TimeSpan.MaxValue : TimeSpan.FromSeconds(_leaseTimeSeconds);

    /// <summary>
    /// Answers one request received on the LAN for port 67 at <paramref name="now"/> (wall clock: leases are
    /// persisted). Writes the reply, if any, at the start of <paramref name="reply"/> (size it with
    /// <see cref="RecommendedReplyBufferLength"/>) and says how long it is and where it goes; the book is updated
    /// before this returns whether or not a reply fits. Never throws on any <paramref name="requestUdpPayload"/>.
    /// </summary>
    public LanDhcpReply Answer(ReadOnlySpan<byte> requestUdpPayload, DateTimeOffset now, Span<byte> reply)
    {
        if (DhcpMessage.TryParse(requestUdpPayload, out var request) != DhcpError.None ||
            request.Operation != DhcpOperation.BootRequest ||
            ClientKey(request) is not { } client)
        {
            _counters = _counters with { Malformed = _counters.Malformed + 1 };
            return LanDhcpReply.None;
        }
        if (!request.RelayAgentAddress.IsAny)
        {
            _counters = _counters with { Relayed = _counters.Relayed + 1 };
            return LanDhcpReply.None;
        }

        var answer = request.MessageType switch
        {
            DhcpMessageType.Discover => Discover(request, client, now, reply),
            DhcpMessageType.Request => Request(request, client, now, reply),
            DhcpMessageType.Decline => Decline(request, client, now),
            DhcpMessageType.Release => Release(request, client, now),
            DhcpMessageType.Inform => Inform(request, reply),
            _ => Unanswered(),
        };
        switch (answer.Type)
        {
            case DhcpMessageType.Offer: _counters = _counters with { Offers = _counters.Offers + 1 }; break;
            case DhcpMessageType.Ack: _counters = _counters with { Acks = _counters.Acks + 1 }; break;
            case DhcpMessageType.Nak: _counters = _counters with { Naks = _counters.Naks + 1 }; break;
        }
        return answer;
    }

    /// <summary>
    /// The key a client's leases are kept under: <c>dhcp:</c> and the bytes, as lower-case hex pairs joined by
    /// <c>:</c>, of its client identifier (option 61, type octet first) when it sends one of at least two octets
    /// (RFC 2132 §9.14), else of its htype and chaddr (hlen octets). RFC 2132 recommends type 1 + the MAC for option 61,
    /// so an Ethernet host keys the same, "dhcp:01:aa:bb:cc:dd:ee:ff", whether or not it sends the option. Null when
    /// neither names anything (no option 61 and hlen 0).
    /// </summary>
    public static string? ClientKey(in DhcpMessage request)
    {
        var identifier = request.ClientIdentifier;
        if (identifier.Length >= 2)
            return Key(null, identifier);
        var hardware = request.ClientHardwareAddress;
        return hardware.Length == 0 ? null : Key(request.HardwareType, hardware);
    }

    private static string Key(byte? first, ReadOnlySpan<byte> rest)
    {
        var text = new StringBuilder("dhcp", 4 + 3 * (rest.Length + 1));
        if (first is { } value) AppendOctet(text, value);
        foreach (byte octet in rest) AppendOctet(text, octet);
        return text.ToString();

        static void AppendOctet(StringBuilder text, byte octet) =>
            text.Append(':').Append("0123456789abcdef"[octet >> 4]).Append("0123456789abcdef"[octet & 0xF]);
    }

    private LanDhcpReply Unanswered()
    {
        _counters = _counters with { Unanswered = _counters.Unanswered + 1 };
        return LanDhcpReply.None;
    }
}
