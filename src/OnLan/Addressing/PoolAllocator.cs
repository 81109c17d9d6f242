using OnLan.Ike;
using OnLan.Wire;

namespace OnLan.Addressing;

/// <summary>
/// The IKE engine's address port served straight from the pool, without asking the LAN first: for rigs with no LAN
/// port (in-process tests, benchmarks). The gateway itself uses <see cref="ProbingAllocator"/>.
/// </summary>
public sealed class PoolAllocator(AddressPool pool) : IAddressAllocator
{
    public AddressOutcome Acquire(ulong request, string identity, out Ipv4Address address)
    {
        var acquired = pool.Acquire(identity);
        address = acquired ?? default;
        return acquired is null ? AddressOutcome.Exhausted : AddressOutcome.Assigned;
    }

    public void Release(Ipv4Address address) => pool.Release(address);
}
