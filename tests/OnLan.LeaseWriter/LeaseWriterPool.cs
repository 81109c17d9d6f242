using OnLan.Wire;

namespace OnLan.LeaseWriter;

/// <summary>The pool the writer uses; the crash test checks stored leases against the same ranges.</summary>
public static class LeaseWriterPool
{
    /// <summary>1000 addresses, fewer than <see cref="Identities"/> so the pool also runs out and gives up bindings.</summary>
    public static IReadOnlyList<(Ipv4Address First, Ipv4Address Last)> Ranges { get; } =
        [(new Ipv4Address(10, 20, 0, 10), new Ipv4Address(10, 20, 3, 241))];

    public static IReadOnlyList<(Ipv4Address First, Ipv4Address Last)> Exclusions { get; } =
        [(new Ipv4Address(10, 20, 1, 0), new Ipv4Address(10, 20, 1, 15))];

    public const int Identities = 1200;
}
