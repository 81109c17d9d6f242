using OnLan.Testing;

namespace OnLan.Platform.Linux.Tests;

/// <summary>
/// A fresh namespace with one veth cable and a <see cref="PacketLink"/> on each end:
/// <code>
///   netns onlan-link-PID-N
///   [ PacketLink Left ] ol0 ====veth==== ol1 [ PacketLink Right ]
/// </code>
/// With <c>twoNamespaces</c> the ends live in two namespaces (ol0 in the first, ol1 in the second).
/// </summary>
internal sealed class VethLinks : IDisposable
{
    public const string LeftName = "ol0";
    public const string RightName = "ol1";

    private VethLinks(NetworkNamespace left, NetworkNamespace right)
    {
        LeftNamespace = left;
        RightNamespace = right;
    }

    public NetworkNamespace LeftNamespace { get; }

    public NetworkNamespace RightNamespace { get; }

    public PacketLink Left { get; private set; } = null!;

    public PacketLink Right { get; private set; } = null!;

    /// <param name="receiveRing">Open the links with a PACKET_RX_RING (the default) or with recvmmsg only.</param>
    /// <param name="kernelStackOff">Keep the kernel's IP stack off both ends (the default), or leave it on.</param>
    public static VethLinks Create(int mtu = 1500, bool twoNamespaces = false, bool open = true, bool receiveRing = true, bool kernelStackOff = true)
    {
        NetworkNamespace left = NetworkNamespace.Create("link");
        NetworkNamespace right = left;
        VethLinks links = new(left, right);
        try
        {
            if (twoNamespaces) links = new VethLinks(left, right = NetworkNamespace.Create("peer"));
            Veth.Connect(left, LeftName, right, RightName, mtu);
            if (open) links.Open(receiveRing, kernelStackOff);
            return links;
        }
        catch
        {
            links.Dispose();
            throw;
        }
    }

    public void Open(bool receiveRing = true, bool kernelStackOff = true)
    {
        using (LeftNamespace.Enter()) Left = PacketLink.Open(LeftName, receiveRing: receiveRing, kernelStackOff: kernelStackOff);
        using (RightNamespace.Enter()) Right = PacketLink.Open(RightName, receiveRing: receiveRing, kernelStackOff: kernelStackOff);
    }

    public void Dispose()
    {
        Left?.Dispose();
        Right?.Dispose();
        LeftNamespace.Dispose();
        if (!ReferenceEquals(LeftNamespace, RightNamespace)) RightNamespace.Dispose();
    }
}
