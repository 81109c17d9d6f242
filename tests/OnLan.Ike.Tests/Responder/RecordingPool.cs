using OnLan.Wire;

namespace OnLan.Ike.Tests.Responder;

/// <summary>The address-distribution section's twin: a few addresses, every acquire and release recorded.</summary>
public sealed class RecordingPool(params Ipv4Address[] addresses) : IAddressAllocator
{
    private readonly List<Ipv4Address> _free = [.. addresses];

    public List<(string Identity, Ipv4Address Address)> Acquired { get; } = [];
    public List<Ipv4Address> Released { get; } = [];
    public List<Ipv4Address> Leased { get; } = [];

    public Ipv4Address? Acquire(string identity)
    {
        if (_free.Count == 0) return null;
        var address = _free[0];
        _free.RemoveAt(0);
        Leased.Add(address);
        Acquired.Add((identity, address));
        return address;
    }

    public void Release(Ipv4Address address)
    {
        Assert.True(Leased.Remove(address), $"{address} released but not leased");
        Released.Add(address);
        _free.Add(address);
    }
}
