using OnLan.Wire;

namespace OnLan.Ike;

/// <summary>
/// Where the engine gets the remote PC's LAN-segment address (the address-distribution section). Finding one may
/// take time (an ARP probe on the LAN, a DHCP server asked through a relay), so it is a request the engine polls:
/// <see cref="Acquire"/> starts it and is called again on each poll until it is no longer
/// <see cref="AddressOutcome.Pending"/>. The lease is held for the life of the IKE SA: the engine renews it when the SA
/// is rekeyed and releases it when the SA ends.
/// </summary>
public interface IAddressAllocator
{
    /// <summary>
    /// Starts, or asks again about, the address request <paramref name="request"/> (the IKE SA's responder SPI) for
    /// <paramref name="identity"/>. On <see cref="AddressOutcome.Assigned"/> the lease is the caller's and the request
    /// is over; on <see cref="AddressOutcome.Exhausted"/> it is over without an address.
    /// </summary>
    AddressOutcome Acquire(ulong request, string identity, out Ipv4Address address);

    /// <summary>
    /// As <see cref="Acquire"/>, for exactly <paramref name="wanted"/>: the address the authentication server assigned
    /// the user (RADIUS Framed-IP-Address). <see cref="AddressOutcome.Exhausted"/> when it cannot be had: outside the
    /// pool, in use by someone else, or an allocator that does not hand out chosen addresses (the default).
    /// </summary>
    AddressOutcome AcquireRequested(ulong request, string identity, Ipv4Address wanted, out Ipv4Address address)
    {
        address = default;
        return AddressOutcome.Exhausted;
    }

    /// <summary>The IKE SA ended or gave up while its request was pending: drop it (and whatever it reserved).</summary>
    void Cancel(ulong request) { }

    /// <summary>The IKE SA holding <paramref name="address"/> was rekeyed: the lease lives on for another SA lifetime.</summary>
    void Renew(Ipv4Address address) { }

    /// <summary>The IKE SA holding <paramref name="address"/> ended.</summary>
    void Release(Ipv4Address address);
}

public enum AddressOutcome
{
    Pending,
    Assigned,
    Exhausted,
}
