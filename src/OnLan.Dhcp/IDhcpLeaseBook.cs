using OnLan.Wire;

namespace OnLan.Dhcp;

/// <summary>
/// Where <see cref="LanDhcpServer"/> keeps its leases: the only state of the LAN's DHCP server. The gateway implements
/// it with the "lan" scope of its address pool, so LAN hosts and remote PCs share one lease table and one lease
/// file, and an address is never handed to both; tests use an in-memory book. Implementations never throw for
/// anything a client can send (every argument comes from an untrusted message).
/// </summary>
/// <remarks>
/// <para>A <c>client</c> is the text key <see cref="LanDhcpServer.ClientKey"/> derives from the request: every call
/// about one host uses the same key, and it is what an address stays bound to between leases (a host gets its
/// previous address again while nobody else has it).</para>
/// <para>The book is consulted, never told what to decide: "is it this client's" is the book's answer, so the
/// sticky and conflict rules live in one place (the pool) for both kinds of client.</para>
/// </remarks>
public interface IDhcpLeaseBook
{
    /// <summary>Whether <paramref name="address"/> is one this book hands out (its ranges minus exclusions).</summary>
    bool Covers(Ipv4Address address);

    /// <summary>
    /// DHCPDISCOVER: chooses and reserves an address for <paramref name="client"/>, not yet leased. In order: the
    /// address the client has now (reserved by an earlier DHCPDISCOVER, or leased), its previous address if nobody
    /// else has it, <paramref name="requested"/> (option 50) if covered and free, else a free address. Null when none
    /// is left. A reservation nobody confirms lapses by itself after a few seconds.
    /// </summary>
    Ipv4Address? Offer(string client, Ipv4Address? requested, DateTimeOffset now);

    /// <summary>
    /// DHCPREQUEST (SELECTING, INIT-REBOOT, RENEWING, REBINDING): leases <paramref name="address"/> to
    /// <paramref name="client"/> until <paramref name="now"/> + <paramref name="lifetime"/>, durably before it
    /// returns. True when the address is covered and the client's to take: reserved, leased or held for it, or free
    /// and not another client's previous address (so a host keeps its address when the lease store was lost). An
    /// existing lease of the client is extended; any other reservation or lease it has ends (a host has one address
    /// on the segment). False, and nothing changes, otherwise.
    /// </summary>
    bool Confirm(string client, Ipv4Address address, TimeSpan lifetime, DateTimeOffset now);

    /// <summary>DHCPREQUEST naming another server: the client took another offer, so any reservation made for it ends.</summary>
    void Withdraw(string client);

    /// <summary>DHCPRELEASE: the lease ends and the address is free at once (the client's binding stays). False when
    /// <paramref name="address"/> is not leased to <paramref name="client"/>.</summary>
    bool Release(string client, Ipv4Address address, DateTimeOffset now);

    /// <summary>DHCPDECLINE: the client found <paramref name="address"/> in use by another host (RFC 2131 §4.4.1).
    /// Its reservation or lease ends and the address stays out of use for a while. False when the address is not
    /// reserved, leased or held for <paramref name="client"/>.</summary>
    bool Decline(string client, Ipv4Address address, DateTimeOffset now);
}
