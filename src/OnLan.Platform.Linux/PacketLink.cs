using System.Diagnostics;
using System.Text;
using OnLan.Platform.Linux.Interop;
using OnLan.Ports;
using OnLan.Wire;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace OnLan.Platform.Linux;

/// <summary>
/// One Ethernet port as an AF_PACKET SOCK_RAW socket bound to one interface: whole frames in, whole frames out,
/// many per system call (recvmmsg / sendmmsg straight into the pinned slots of a <see cref="FrameBatch"/>).
/// </summary>
/// <remarks>
/// The gateway owns the port: <see cref="Open"/> brings the interface administratively up but never gives it an
/// address. Frames this socket sends are not received back on it (PACKET_IGNORE_OUTGOING), and sending bypasses
/// the qdisc (PACKET_QDISC_BYPASS): a full device queue drops the frame, as a wire would, and
/// <see cref="SendDrops"/> counts it. One thread receives and one thread sends at a time; after the first call
/// with the largest batch neither allocates.
/// </remarks>
public sealed unsafe partial class PacketLink : IFrameLink
{
    /// <summary>Socket buffer asked for in each direction: about 2,800 full-size frames of slack.</summary>
    public const int SocketBufferBytes = 4 * 1024 * 1024;

    private static readonly long LinkStateRefreshTicks = Stopwatch.Frequency;

    private readonly InterfaceRequest _nameRequest;
    private readonly MessageVector _receiveVector;
    private readonly MessageVector _sendVector;
    private int _socket;
    /// <summary>eventfd that <see cref="Wake"/> writes to; polled with the socket.</summary>
    private int _wakeup;
    private bool _isUp;
    private long _linkStateReadAt;
    private long _sendDrops;
    private long _receiveTruncated;
    private long _receiveOverruns;
    /// <summary>The PACKET_RX_RING frames arrive in; null when receiving with recvmmsg (asked so, or the kernel refused).</summary>
    private ReceiveRing? _ring;
    /// <summary>Threads inside Receive: the ring is unmapped only when none is (by Dispose, or by the last of them).</summary>
    private int _ringReaders;
    private int _disposed;
    /// <summary>NETLINK_ROUTE socket made in the port's namespace, to take the ingress filter off again; -1 when none.</summary>
    private int _netlink = -1;
    private bool _ownsQdisc;

    private PacketLink(string name, int socket, int interfaceIndex, InterfaceRequest nameRequest, int batchCapacity)
    {
        Name = name;
        _socket = socket;
        InterfaceIndex = interfaceIndex;
        _nameRequest = nameRequest;
        _receiveVector = new MessageVector(batchCapacity);
        _sendVector = new MessageVector(batchCapacity);
        _wakeup = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (_wakeup < 0) throw new PacketLinkException(name, "eventfd", errno);
    }

    public string Name { get; }

    /// <summary>Kernel interface index the socket is bound to.</summary>
    public int InterfaceIndex { get; }

    public MacAddress Address { get; private set; }

    public int Mtu { get; private set; }

    /// <summary>IFF_RUNNING as last read: at open, then at most once a second from <see cref="Receive"/>.</summary>
    public bool IsUp => Volatile.Read(ref _isUp);

    /// <summary>Frames <see cref="Send"/> dropped because the kernel would not take them (queue full, link down, bad size).</summary>
    public long SendDrops => Volatile.Read(ref _sendDrops);

    /// <summary>
    /// Frames the kernel dropped before we could read them because the socket's receive buffer was full (the port
    /// thread fell behind). Reading it folds in the kernel's count since the last read; any thread may read it.
    /// </summary>
    public long ReceiveOverruns
    {
        get
        {
            PacketStatistics statistics = default;
            socklen_t length = (socklen_t)(uint)sizeof(PacketStatistics);
            int socket = Volatile.Read(ref _socket);
            if (socket >= 0 && getsockopt(socket, SOL_PACKET, PacketStatistics.Option, &statistics, &length) == 0)
                return Interlocked.Add(ref _receiveOverruns, statistics.Drops);
            return Volatile.Read(ref _receiveOverruns);
        }
    }

    /// <summary>Frames <see cref="Receive"/> skipped because they were longer than a batch slot.</summary>
    public long ReceiveTruncated => Volatile.Read(ref _receiveTruncated);

    /// <summary>
    /// Opens the interface <paramref name="interfaceName"/> in the calling thread's network namespace.
    /// </summary>
    /// <param name="batchCapacityHint">Batch size to size the system-call vectors for up front.</param>
    /// <param name="receiveRing">Receive through a PACKET_RX_RING (the default; falls back to recvmmsg when the kernel
    /// refuses one). False: recvmmsg only, for comparison.</param>
    /// <param name="kernelStackOff">Keep the kernel's own IP stack off the port (the default): IPv6 disabled on it, so it
    /// has no link-local address, and every inbound frame dropped after our socket has its copy, so the kernel neither
    /// answers on the port nor spends a route lookup per frame. False: leave the kernel as it is, for comparison.</param>
    /// <exception cref="PacketLinkException">No such interface, or the socket could not be made or configured
    /// (the message names the interface, the step and the errno text).</exception>
    public static PacketLink Open(string interfaceName, int batchCapacityHint = 64, bool receiveRing = true, bool kernelStackOff = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchCapacityHint, 1);
        InterfaceRequest nameRequest = NameRequest(interfaceName);

        int index = (int)Libc.if_nametoindex(nameRequest.Name);
        if (index == 0) throw new PacketLinkException(interfaceName, "if_nametoindex (no such interface?)", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());

        // Protocol 0 at creation: the socket receives nothing until bind() names the interface and ETH_P_ALL,
        // so no frame of another interface can slip in between.
        int socket = LibC.socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
        if (socket < 0) throw new PacketLinkException(interfaceName, "socket(AF_PACKET, SOCK_RAW)", errno);

        PacketLink link = new(interfaceName, socket, index, nameRequest, batchCapacityHint);
        try
        {
            link.Configure(receiveRing, kernelStackOff);
            return link;
        }
        catch
        {
            link.Dispose();
            throw;
        }
    }

    private void Configure(bool receiveRing, bool kernelStackOff)
    {
        // Performance only: without it frames go through the (noqueue / pfifo) qdisc, which still works.
        TrySetOption(SOL_PACKET, PACKET_QDISC_BYPASS, 1);
        // Required (Linux 4.20+): the receive path must never see our own frames as if they came from the wire.
        SetOption(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1, "setsockopt(PACKET_IGNORE_OUTGOING)");
        // Required: the kernel strips 802.1Q tags on receive; auxdata is how we learn a frame was tagged.
        SetOption(SOL_PACKET, PACKET_AUXDATA, 1, "setsockopt(PACKET_AUXDATA)");
        // The *FORCE variants pass net.core.rmem_max / wmem_max when we have CAP_NET_ADMIN.
        if (!TrySetOption(SOL_SOCKET, SO_RCVBUFFORCE, SocketBufferBytes)) TrySetOption(SOL_SOCKET, SO_RCVBUF, SocketBufferBytes);
        if (!TrySetOption(SOL_SOCKET, SO_SNDBUFFORCE, SocketBufferBytes)) TrySetOption(SOL_SOCKET, SO_SNDBUF, SocketBufferBytes);

        InterfaceRequest request = _nameRequest;
        Control(SIOCGIFMTU, ref request, "ioctl(SIOCGIFMTU)");
        Mtu = request.Mtu;
        // Before bind: from the first frame on, frames go to the ring and none waits in the socket queue.
        if (receiveRing) _ring = ReceiveRing.TryCreate(_socket, Mtu);

        sockaddr_ll address = default;
        address.sll_family = (ushort)AF_PACKET;
        address.sll_protocol = htons(EtherProtocols.All);
        address.sll_ifindex = InterfaceIndex;
        if (bind(_socket, (sockaddr*)&address, (socklen_t)(uint)sizeof(sockaddr_ll)) != 0) Fail("bind(sockaddr_ll)");

        if (kernelStackOff) KeepKernelStackOff();

        request = _nameRequest;
        Control(SIOCGIFFLAGS, ref request, "ioctl(SIOCGIFFLAGS)");
        if ((request.Flags & InterfaceFlags.Up) == 0)
        {
            request.Flags |= InterfaceFlags.Up;
            Control(SIOCSIFFLAGS, ref request, "ioctl(SIOCSIFFLAGS, IFF_UP)");
        }
        RefreshLinkState(Stopwatch.GetTimestamp());

        request = _nameRequest;
        Control(SIOCGIFHWADDR, ref request, "ioctl(SIOCGIFHWADDR)");
        if (request.HardwareFamily != ArpHardware.Ether) throw new PacketLinkException(Name, $"not an Ethernet interface (ARPHRD {request.HardwareFamily})", 0);
        Address = MacAddress.Read(new ReadOnlySpan<byte>(request.HardwareAddress, MacAddress.Length));
    }

    /// <summary>
    /// True when the kernel's own IP stack is kept off the port: IPv6 off (or not built in) and the ingress filter in
    /// place. False when not asked for, or when the kernel refused (see <see cref="KernelStackNote"/>).
    /// </summary>
    public bool KernelStackOff { get; private set; }

    /// <summary>Why <see cref="KernelStackOff"/> is false although it was asked for; empty otherwise.</summary>
    public string KernelStackNote { get; private set; } = "";

    // Before the interface comes up, so the kernel never gives it an IPv6 link-local address or sends from it.
    private void KeepKernelStackOff()
    {
        string ipv6 = $"/proc/sys/net/ipv6/conf/{Name}/disable_ipv6"; // per namespace: this thread's, as the socket's
        bool ipv6Off = true;
        try
        {
            if (File.Exists(ipv6)) File.WriteAllText(ipv6, "1");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ipv6Off = false;
            KernelStackNote = $"IPv6 left on ({e.Message})";
        }
        int netlink = TrafficControl.OpenSocket();
        int error = netlink < 0 ? -netlink : TrafficControl.DropIngress(netlink, InterfaceIndex, out _ownsQdisc);
        if (error == 0) _netlink = netlink;
        else
        {
            if (netlink >= 0) close(netlink);
            string why = $"ingress filter refused: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error)}";
            KernelStackNote = KernelStackNote.Length == 0 ? why : $"{KernelStackNote}; {why}";
        }
        KernelStackOff = ipv6Off && error == 0;
    }

    /// <summary>Re-reads IFF_RUNNING when the last reading is older than a second. Allocation-free.</summary>
    private void RefreshLinkStateIfDue()
    {
        long now = Stopwatch.GetTimestamp();
        if (now - _linkStateReadAt >= LinkStateRefreshTicks) RefreshLinkState(now);
    }

    private void RefreshLinkState(long now)
    {
        _linkStateReadAt = now;
        InterfaceRequest request = _nameRequest;
        // A failed read (interface gone) reads as down.
        bool up = ioctl(_socket, SIOCGIFFLAGS, &request) == 0 && (request.Flags & InterfaceFlags.Running) != 0;
        Volatile.Write(ref _isUp, up);
    }

    private static InterfaceRequest NameRequest(string interfaceName)
    {
        InterfaceRequest request = default;
        Span<byte> name = new(request.Name, InterfaceRequest.NameSize);
        if (Encoding.UTF8.GetByteCount(interfaceName) >= InterfaceRequest.NameSize || interfaceName.Contains('\0'))
        {
            throw new PacketLinkException(interfaceName, "name check (longer than 15 bytes)", 22 /* EINVAL */);
        }
        Encoding.UTF8.GetBytes(interfaceName, name);
        return request;
    }

    private void Control(int command, ref InterfaceRequest request, string operation)
    {
        fixed (InterfaceRequest* pointer = &request)
        {
            if (ioctl(_socket, command, pointer) != 0) Fail(operation);
        }
    }

    private bool TrySetOption(int level, int name, int value) =>
        setsockopt(_socket, level, name, &value, (socklen_t)(uint)sizeof(int)) == 0;

    private void SetOption(int level, int name, int value, string operation)
    {
        if (!TrySetOption(level, name, value)) Fail(operation);
    }

    private void Fail(string operation) => throw new PacketLinkException(Name, operation, errno);

    /// <summary>
    /// Attaches a classic-BPF receive filter (SO_ATTACH_FILTER): frames the program rejects are dropped before the kernel
    /// copies them to us or wakes a waiting <see cref="Receive"/>. Frames already received are not filtered again.
    /// </summary>
    /// <exception cref="PacketLinkException">The kernel refused the program (the message has the errno text).</exception>
    public void SetReceiveFilter(ReadOnlySpan<SocketFilterInstruction> program)
    {
        if (program.IsEmpty || program.Length > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(program));
        fixed (SocketFilterInstruction* instructions = program)
        {
            // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
            SocketFilterProgram filter = new() { Length = (ushort)program.Length, Instructions = instructions };
            if (setsockopt(_socket, SOL_SOCKET, SO_ATTACH_FILTER, &filter, (socklen_t)(uint)sizeof(SocketFilterProgram)) != 0)
                Fail("setsockopt(SO_ATTACH_FILTER)");
        }
    }

    private struct SocketFilterProgram
    {
        public ushort Length;
        public SocketFilterInstruction* Instructions;
    }

    /// <summary>True when frames arrive through a PACKET_RX_RING, false when through recvmmsg.</summary>
    public bool ReceivesThroughRing => _ring is not null;

    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        int socket = Interlocked.Exchange(ref _socket, -1);
        if (socket >= 0) close(socket);
        int wakeup = Interlocked.Exchange(ref _wakeup, -1);
        if (wakeup >= 0) close(wakeup);
        int netlink = Interlocked.Exchange(ref _netlink, -1);
        if (netlink >= 0)
        {
            // The filter goes with the gateway: a port given back to the kernel works as before (IPv6 stays off).
            if (_ownsQdisc) TrafficControl.RemoveQdisc(netlink, InterfaceIndex);
            else TrafficControl.RemoveFilter(netlink, InterfaceIndex);
            close(netlink);
        }
        // The mapping keeps the socket alive in the kernel until it is unmapped; a thread still in Receive unmaps it
        // as it leaves (both sides use full fences, so one of them sees the other).
        if (Volatile.Read(ref _ringReaders) == 0) _ring?.Release();
    }

    public override string ToString() =>
        $"{Name} (AF_PACKET, ifindex {InterfaceIndex}, {Address}, MTU {Mtu}, " +
        (_ring is { } ring ? $"receive ring {ring.FrameCount} x {ring.FrameSize} B" : "recvmmsg") +
        (KernelStackOff ? ", kernel stack off)" : KernelStackNote.Length > 0 ? $", kernel stack on: {KernelStackNote})" : ")");
}
