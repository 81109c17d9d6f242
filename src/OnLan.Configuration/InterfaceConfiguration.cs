using OnLan.Wire;

namespace OnLan.Configuration;

/// <summary>One port's settings: the Linux interface it owns and the gateway's own address on it.</summary>
/// <param name="Port">Interface name (<c>set interfaces wan port eth0</c>), null when unset.</param>
/// <param name="Address">The gateway's address and prefix on the segment, null when unset.</param>
/// <param name="Gateway">Next hop for destinations off the segment (<c>set interfaces wan gateway …</c>).</param>
public sealed record InterfaceConfiguration(string? Port, Ipv4Prefix? Address, Ipv4Address? Gateway)
{
    public static InterfaceConfiguration Unset { get; } = new(null, null, null);
}
