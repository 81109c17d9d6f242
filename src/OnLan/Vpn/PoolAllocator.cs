using OnLan.Addressing;
using OnLan.Ike;
using OnLan.Wire;

namespace OnLan.Vpn;

/// <summary>The IKE engine's address port, served by the address pool.</summary>
public sealed class PoolAllocator(AddressPool pool) : IAddressAllocator
{
    public Ipv4Address? Acquire(string identity) => pool.Acquire(identity);

    public void Release(Ipv4Address address) => pool.Release(address);
}
