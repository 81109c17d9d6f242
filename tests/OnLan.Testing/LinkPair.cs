using OnLan.Wire;

namespace OnLan.Testing;

/// <summary>
/// Two in-memory Ethernet ports joined by a cable: what <see cref="A"/> sends <see cref="B"/> receives and the
/// other way round. The twin of two AF_PACKET links on a veth pair, for tests that need no root.
/// </summary>
/// <remarks>Neither Send nor Receive allocates: frames are copied into rings made at creation.</remarks>
public sealed class LinkPair : IDisposable
{
    public const int DefaultQueueCapacity = 256;

    private LinkPair(PairedLink a, PairedLink b)
    {
        A = a;
        B = b;
    }

    public PairedLink A { get; }

    public PairedLink B { get; }

    /// <param name="queueCapacity">Frames each direction holds before it drops.</param>
    public static LinkPair Create(MacAddress a, MacAddress b, int mtu = 1500, int queueCapacity = DefaultQueueCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, 68);
        PairedLink endA = new("pair-a", a, mtu, queueCapacity);
        PairedLink endB = new("pair-b", b, mtu, queueCapacity);
        endA.Attach(endB);
        endB.Attach(endA);
        return new LinkPair(endA, endB);
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
