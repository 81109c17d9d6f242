using OnLan.Testing;

namespace OnLan.Benchmarks;

/// <summary>
/// The bench's wiring, made fresh per run and deleted after:
/// <code>
///   netns onlan-bench-PID-1
///   [ sender ] bench0 ====veth (MTU 1500)==== bench1 [ receiver ]
/// </code>
/// Scenarios open their sockets through <see cref="InNamespace{T}"/>; the sockets stay in the namespace.
/// </summary>
public sealed class BenchTopology : IDisposable
{
    public const string SenderInterface = "bench0";
    public const string ReceiverInterface = "bench1";

    private BenchTopology(NetworkNamespace space) => Namespace = space;

    public NetworkNamespace Namespace { get; }

    public static BenchTopology Create()
    {
        NetworkNamespace space = NetworkNamespace.Create("bench");
        try
        {
            Veth.Connect(space, SenderInterface, space, ReceiverInterface);
            return new BenchTopology(space);
        }
        catch
        {
            space.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="open"/> with the calling thread inside the bench namespace.</summary>
    public T InNamespace<T>(Func<T> open)
    {
        using (Namespace.Enter()) return open();
    }

    public void Dispose() => Namespace.Dispose();
}
