using System.Security.Cryptography.X509Certificates;
using OnLan.Wire;

namespace OnLan.Ike;

/// <summary>The responder's policy: who may connect, what they get, and its limits and timers.</summary>
public sealed record IkeResponderOptions
{
    /// <summary>The gateway's identity (IDr): an address, user@domain or an FQDN.</summary>
    public required string LocalId { get; init; }

    /// <summary>Pre-shared keys by peer identity (IDi as text).</summary>
    public IReadOnlyDictionary<string, string> PreSharedKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The gateway's certificate, with its private key (RSA, or ECDSA P-256/P-384/P-521): sent in every IKE_AUTH
    /// response to a peer that authenticates with a certificate, and the key that signs our AUTH.
    /// </summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>The CA that issues client certificates; null: no certificate authentication (and no CERTREQ).</summary>
    public X509Certificate2? ClientCertificateAuthority { get; init; }

    /// <summary>
    /// Wall-clock time, read only to check certificate validity periods (everything else runs on the monotonic
    /// <c>now</c> handed to each call); tests pass a fake.
    /// </summary>
    public TimeProvider WallClock { get; init; } = TimeProvider.System;

    /// <summary>The LAN segment: the mask handed out and the first traffic selector offered (TSr).</summary>
    public required Ipv4Prefix LanSegment { get; init; }

    public IReadOnlyList<Ipv4Address> DnsServers { get; init; } = [];
    public IReadOnlyList<Ipv4Address> NetbiosServers { get; init; } = [];
    public string? DomainName { get; init; }

    /// <summary>More networks behind the gateway (INTERNAL_IP4_SUBNET, and TSr).</summary>
    public IReadOnlyList<Ipv4Prefix> SplitNetworks { get; init; } = [];

    /// <summary>
    /// The gateway routes remote PCs to the internet too (NAT is on): a client asking for 0.0.0.0/0 in TSr gets it
    /// (full tunnel); one asking for less gets the LAN segment and split networks as before.
    /// </summary>
    public bool FullTunnel { get; init; }

    /// <summary>
    /// Starts an EAP authentication for a peer that leaves AUTH out of IKE_AUTH (RFC 7296 §2.16): user name and
    /// password clients (Windows, macOS/iOS, Android). Null: EAP is refused (AUTHENTICATION_FAILED). The gateway
    /// authenticates itself with its certificate.
    /// </summary>
    public Func<IEapServer>? EapServers { get; init; }

    /// <summary>INTERNAL_IP4_NETMASK; the LAN segment's mask when null (<c>set vpn dhcp-option subnet-mask</c> overrides it).</summary>
    public Ipv4Address? Netmask { get; init; }

    /// <summary>
    /// Attributes every CFG_REPLY carries after the standard ones: the whole DHCP option set, RFC 2132-encoded, in a
    /// private-use attribute (the DHCP section builds it; the engine only carries it).
    /// </summary>
    public IReadOnlyList<Messages.ConfigurationAttribute> ExtraReplyAttributes { get; init; } = [];

    /// <summary>MODP-1024 accepted (Windows' default); off unless configured.</summary>
    public bool LegacyModp1024 { get; init; }

    /// <summary>Hard lifetime of an IKE SA and of the lease that goes with it; the client rekeys before it.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(4);

    /// <summary>
    /// Hard lifetime of a Child SA: one the client has not rekeyed by then is deleted (RFC 7296 §2.8). Clients
    /// rekey their Child SAs themselves (Windows refuses a server's rekey behind NAT), so there is no soft timer.
    /// </summary>
    public TimeSpan ChildLifetime { get; init; } = TimeSpan.FromHours(4);

    /// <summary>
    /// How long IKE_AUTH may wait for the address section (ARP probe, a DHCP server behind a relay) before it is
    /// answered with INTERNAL_ADDRESS_FAILURE. Clients retransmit meanwhile (strongSwan after 4 s, then 7 s …);
    /// their retransmissions are absorbed, and the answer goes out as soon as the address is known.
    /// </summary>
    public TimeSpan AddressWaitLimit { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long IKE_AUTH may wait for an EAP method's answer (a RADIUS server asked, with its retransmissions and
    /// failover) before the login fails with AUTHENTICATION_FAILED.
    /// </summary>
    public TimeSpan EapWaitLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An IKE SA that has not authenticated by then is forgotten.</summary>
    public TimeSpan HalfOpenTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Silence from the peer before a liveness check; zero turns checks off.</summary>
    public TimeSpan DpdInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Half-open SAs above which IKE_SA_INIT must carry a valid cookie (RFC 7296 §2.6).</summary>
    public int CookieThreshold { get; init; } = 64;

    /// <summary>Half-open SAs per source address above which that source must return a cookie.</summary>
    public int CookieThresholdPerAddress { get; init; } = 16;

    /// <summary>Largest IKE message sent whole when the peer supports fragmentation (RFC 7383).</summary>
    public int FragmentSize { get; init; } = 1280;

    /// <summary>First retransmission of our own requests (doubling after each).</summary>
    public TimeSpan RetransmitTimeout { get; init; } = TimeSpan.FromSeconds(2);
    public int RetransmitTries { get; init; } = 5;

    /// <summary>IKE SAs kept at most (half-open and established).</summary>
    public int MaxIkeSas { get; init; } = 4096;
}
