using OnLan.Wire;

namespace OnLan.Ike.Tests.Responder;

/// <summary>
/// The address-distribution section's twin: a few addresses, every acquire, renewal and release recorded. With
/// <see cref="Hold"/> set it answers Pending (as while the LAN is being probed) until the test clears it.
/// </summary>
public sealed class RecordingPool(params Ipv4Address[] addresses) : IAddressAllocator
{
    private readonly List<Ipv4Address> _free = [.. addresses];

    public List<(string Identity, Ipv4Address Address)> Acquired { get; } = [];
    public List<Ipv4Address> Released { get; } = [];
    public List<Ipv4Address> Renewed { get; } = [];
    public List<Ipv4Address> Leased { get; } = [];
    public List<ulong> Cancelled { get; } = [];
    public HashSet<ulong> Asked { get; } = [];

    /// <summary>While true, every request stays pending.</summary>
    public bool Hold { get; set; }

    public AddressOutcome Acquire(ulong request, string identity, out Ipv4Address address)
    {
        address = default;
        Asked.Add(request);
        if (Hold) return AddressOutcome.Pending;
        if (_free.Count == 0) return AddressOutcome.Exhausted;
        address = _free[0];
        _free.RemoveAt(0);
        Leased.Add(address);
        Acquired.Add((identity, address));
        return AddressOutcome.Assigned;
    }

    /// <summary>Addresses asked for by name (RADIUS Framed-IP-Address).</summary>
    public List<Ipv4Address> Requested { get; } = [];

    public AddressOutcome AcquireRequested(ulong request, string identity, Ipv4Address wanted, out Ipv4Address address)
    {
        address = default;
        Asked.Add(request);
        Requested.Add(wanted);
        if (Hold) return AddressOutcome.Pending;
        if (!_free.Remove(wanted)) return AddressOutcome.Exhausted;
        address = wanted;
        Leased.Add(address);
        Acquired.Add((identity, address));
        return AddressOutcome.Assigned;
    }

    public void Cancel(ulong request) => Cancelled.Add(request);

    public void Renew(Ipv4Address address)
    {
        Assert.Contains(address, Leased);
        Renewed.Add(address);
    }

    public void Release(Ipv4Address address)
    {
        Assert.True(Leased.Remove(address), $"{address} released but not leased");
        Released.Add(address);
        _free.Add(address);
    }
}
