using OnLan.Wire;

namespace OnLan.Ike;

/// <summary>
/// Where the engine gets the remote PC's LAN-segment address (the address-distribution section). The lease is
/// held for the life of the IKE SA: the engine releases it when the SA ends and moves it when the SA is rekeyed.
/// </summary>
public interface IAddressAllocator
{
    /// <summary>An address for <paramref name="identity"/>, or null when none is free.</summary>
    Ipv4Address? Acquire(string identity);

    void Release(Ipv4Address address);
}
