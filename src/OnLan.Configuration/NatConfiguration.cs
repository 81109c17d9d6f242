using System.Collections.Immutable;
using OnLan.Wire;

namespace OnLan.Configuration;

/// <summary>
/// Address translation between the lan and the wan (<c>set nat …</c>): lan hosts reach the internet behind the
/// gateway's wan address, and chosen wan ports reach chosen lan hosts.
/// </summary>
public sealed record NatConfiguration
{
    public static NatConfiguration Empty { get; } = new();

    /// <summary>
    /// Lan hosts' connections leave from the gateway's wan address (<c>set nat lan enable|disable</c>). Off in code, so
    /// a configuration written before NAT existed keeps its meaning; the shipped factory configuration turns it on.
    /// </summary>
    public bool Enabled { get; init; }

    /// <summary>
    /// Wan ports sent on to a lan host (<c>set nat forward &lt;tcp|udp&gt; &lt;wan-port&gt; &lt;a.b.c.d&gt;:&lt;port&gt;</c>,
    /// repeatable, in the order configured). One forward per protocol and wan port; never UDP 500 or 4500, which the
    /// IKE responder owns. Forwards follow the wan address, static or leased.
    /// </summary>
    public ImmutableList<NatForward> Forwards { get; init; } = [];

    /// <summary>
    /// The connection-tracking table's bound (<c>set nat max-flows &lt;n&gt;</c>, 1024–1048576, default 65536): when it
    /// is full the flow idle longest is evicted (counted). About 72 bytes per flow.
    /// </summary>
    public int MaxFlows { get; init; } = DefaultMaxFlows;

    public const int DefaultMaxFlows = 65_536;

    /// <summary>True when any <c>set nat</c> statement was given.</summary>
    public bool IsConfigured => !Equals(Empty);

    // Value equality over the list too (a record compares ImmutableList by reference), so a configuration read back
    // from its own text equals the original and `commit` can tell what changed.
    public bool Equals(NatConfiguration? other) =>
        other is not null && Enabled == other.Enabled && MaxFlows == other.MaxFlows && Forwards.SequenceEqual(other.Forwards);

    public override int GetHashCode() => HashCode.Combine(Enabled, Forwards.Count);

    /// <summary>True for the UDP ports of IKE (500) and of IKE and ESP in UDP (4500, RFC 3948): never forwarded.</summary>
    public static bool IsReservedForIke(NatProtocol protocol, ushort wanPort) =>
        protocol == NatProtocol.Udp && wanPort is 500 or 4500;
}

/// <summary>One port forward: <paramref name="Protocol"/> traffic to the wan address's <paramref name="WanPort"/> goes to <paramref name="LanAddress"/>:<paramref name="LanPort"/>.</summary>
public readonly record struct NatForward(NatProtocol Protocol, ushort WanPort, Ipv4Address LanAddress, ushort LanPort)
{
    /// <summary>The statement's tail: "tcp 8080 198.18.0.10:80".</summary>
    public override string ToString() => $"{Protocol.Keyword()} {WanPort} {LanAddress}:{LanPort}";
}

/// <summary>The transport protocols a port forward names.</summary>
public enum NatProtocol
{
    Tcp,
    Udp,
}

public static class NatProtocolNames
{
    /// <summary>The word the configuration uses: "tcp" or "udp".</summary>
    public static string Keyword(this NatProtocol protocol) => protocol == NatProtocol.Tcp ? "tcp" : "udp";
}
