using OnLan.Dhcp;
using OnLan.Wire;

namespace OnLan.Addressing;

/// <summary>The LAN DHCP server's lease book: the gateway's one pool, its "lan" scope.</summary>
public sealed class PoolLeaseBook(AddressPool pool) : IDhcpLeaseBook
{
    public bool Covers(Ipv4Address address) => pool.Contains(address, AddressScope.LanName);

    public Ipv4Address? Offer(string client, Ipv4Address? requested, DateTimeOffset now) =>
        pool.ReserveCandidate(client, now, AddressScope.LanName, requested);

    public bool Confirm(string client, Ipv4Address address, TimeSpan lifetime, DateTimeOffset now) =>
        pool.Commit(address, client, lifetime, now, AddressScope.LanName);

    public void Withdraw(string client) => pool.CancelReservations(client);

    public bool Release(string client, Ipv4Address address, DateTimeOffset now) => pool.Release(address, client, now);

    public bool Decline(string client, Ipv4Address address, DateTimeOffset now) => pool.Decline(address, client, now);
}
