using OnLan.Wire;

namespace OnLan.Configuration;

/// <summary>One port's settings: the Linux interface it owns and the gateway's own address on it.</summary>
/// <param name="Port">Interface name (<c>set interfaces wan port eth0</c>), null when unset.</param>
/// <param name="Address">The gateway's address and prefix on the segment; null when unset or when
/// <see cref="AddressFromDhcp"/> (then only the lease says it, at run time).</param>
/// <param name="Gateway">Next hop for destinations off the segment (<c>set interfaces wan gateway …</c>). With
/// <see cref="AddressFromDhcp"/> it is optional: the lease's router (option 3) is used unless it is given.</param>
public sealed record InterfaceConfiguration(string? Port, Ipv4Prefix? Address, Ipv4Address? Gateway)
{
    public static InterfaceConfiguration Unset { get; } = new(null, null, null);

    /// <summary>
    /// The address comes from a DHCP server on the segment (<c>set interfaces wan address dhcp</c>, wan only).
    /// <c>address dhcp</c> and <c>address a.b.c.d/len</c> replace each other, like any later <c>set</c> of one leaf:
    /// at most one of this and <see cref="Address"/> is set.
    /// </summary>
    public bool AddressFromDhcp { get; init; }

    /// <summary>True when the port has an address, static or from DHCP.</summary>
    public bool HasAddress => Address is not null || AddressFromDhcp;
}
