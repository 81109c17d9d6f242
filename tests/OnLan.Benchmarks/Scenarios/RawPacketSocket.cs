using OnLan.Wire;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace OnLan.Benchmarks.Scenarios;

/// <summary>
/// The reference: a plain AF_PACKET SOCK_RAW socket with the same options as <see cref="Platform.Linux.PacketLink"/>
/// (qdisc bypass, ignore outgoing, 4 MB buffers) but one send() or recv() per frame.
/// </summary>
internal sealed unsafe class RawPacketSocket : IDisposable
{
    private readonly int _socket;

    private RawPacketSocket(int socket, int index)
    {
        _socket = socket;
        InterfaceIndex = index;
    }

    public int InterfaceIndex { get; }

    /// <summary>Opens a socket bound to <paramref name="interfaceName"/> (in the calling thread's namespace).</summary>
    public static RawPacketSocket Open(string interfaceName)
    {
        // PacketLink resolves the index (if_nametoindex, in this thread's namespace): borrow it.
        using Platform.Linux.PacketLink probe = Platform.Linux.PacketLink.Open(interfaceName);
        int index = probe.InterfaceIndex;
        int socket = LibC.socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
        if (socket < 0) throw new IOException($"socket: errno {errno}");
        int one = 1, buffer = 4 * 1024 * 1024;
        setsockopt(socket, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(int));
        setsockopt(socket, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(int));
        setsockopt(socket, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof(int));
        setsockopt(socket, SOL_SOCKET, SO_SNDBUFFORCE, &buffer, sizeof(int));
        // SO_RCVTIMEO bounds each blocking recv(), so the receive loop notices the end of a run.
        Timeval timeout = new(0, 100_000);
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, (socklen_t)(uint)sizeof(Timeval));
        sockaddr_ll address = default;
        address.sll_family = (ushort)AF_PACKET;
        address.sll_protocol = htons(0x0003);
        address.sll_ifindex = index;
        if (bind(socket, (sockaddr*)&address, (socklen_t)(uint)sizeof(sockaddr_ll)) != 0)
        {
            int error = errno;
            close(socket);
            throw new IOException($"bind: errno {error}");
        }
        return new RawPacketSocket(socket, index);
    }

    /// <summary>One send(): true when the kernel took the frame.</summary>
    public bool Send(byte* frame, int length) => send(_socket, frame, (size_t)length, MSG_DONTWAIT) == length;

    /// <summary>One blocking recv() (at most 100 ms): the length, or -1.</summary>
    public int Receive(byte* buffer, int capacity) => (int)recv(_socket, buffer, (size_t)capacity, 0);

    public void Dispose() => close(_socket);

    /// <summary><c>struct timeval</c> on 64-bit Linux (Tmds.LibC 0.5.0 has none).</summary>
    private readonly record struct Timeval(long Seconds, long Microseconds);
}
