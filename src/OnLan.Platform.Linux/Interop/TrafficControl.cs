using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace OnLan.Platform.Linux.Interop;

/// <summary>
/// Just enough rtnetlink traffic control (the messages `tc` sends) to put one filter on a port's ingress: a clsact
/// qdisc and, under it, a cls_bpf filter in direct-action mode whose one classic-BPF instruction is "ret TC_ACT_SHOT".
/// The kernel runs ingress filters after the AF_PACKET taps, so our socket still gets every frame and the kernel's
/// own IP stack gets none.
/// </summary>
/// <remarks>
/// Netlink is in host byte order. Each request asks for an acknowledgement and waits for it (the kernel answers at
/// once; a 1 s receive timeout bounds a kernel that does not). Errors come back as a positive errno. The socket comes
/// from <see cref="OpenSocket"/>, made in the port's network namespace: interface indexes mean something only there,
/// and a later removal from another thread (in another namespace) must still reach the same interface.
/// </remarks>
internal static unsafe class TrafficControl
{
    private const int NetlinkRoute = 0;
    private const ushort NewQdisc = 36, DeleteQdisc = 37, NewFilter = 44, DeleteFilter = 45;
    private const ushort FlagRequest = 0x1, FlagAck = 0x4, FlagExclusive = 0x200, FlagCreate = 0x400;
    private const ushort MessageError = 2;
    private const ushort KindAttribute = 1, OptionsAttribute = 2, Nested = 0x8000;
    private const ushort BpfOpsLength = 4, BpfOps = 5, BpfName = 7, BpfFlags = 8;
    private const uint BpfDirectAction = 1;
    /// <summary>TC_H_CLSACT: the clsact qdisc's parent; its handle is ffff:0.</summary>
    private const uint ClsactParent = 0xFFFF_FFF1, ClsactHandle = 0xFFFF_0000;
    /// <summary>TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS): where ingress filters hang.</summary>
    private const uint IngressParent = 0xFFFF_FFF2;
    private const uint FilterPriority = 1, FilterHandle = 1;
    private const ushort EthernetAllProtocols = 0x0003;
    private const int HeaderSize = 16, TcMessageSize = 20;

    /// <summary>
    /// Adds the clsact qdisc (unless one is there) and the drop-all ingress filter to interface <paramref name="interfaceIndex"/>.
    /// Returns 0 or the errno of the step that failed; <paramref name="createdQdisc"/> says whether the qdisc is ours to remove.
    /// </summary>
    /// <summary>A NETLINK_ROUTE socket in the calling thread's network namespace, or -errno.</summary>
    public static int OpenSocket()
    {
        int socket = LibC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NetlinkRoute);
        if (socket < 0) return -errno;
        long* timeout = stackalloc long[2] { 1, 0 }; // struct timeval { long tv_sec, tv_usec; } on 64-bit targets
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, timeout, 2 * sizeof(long));
        return socket;
    }

    public static int DropIngress(int netlink, int interfaceIndex, out bool createdQdisc)
    {
        createdQdisc = false;
        Span<byte> message = stackalloc byte[256];
        int length = Begin(message, NewQdisc, FlagCreate | FlagExclusive, interfaceIndex, ClsactHandle, ClsactParent, 0);
        length = AddString(message, length, KindAttribute, "clsact");
        int error = Request(netlink, message, length);
        if (error != 0 && error != EEXIST) return error;
        createdQdisc = error == 0;

        uint info = (FilterPriority << 16) | BinaryPrimitives.ReverseEndianness(EthernetAllProtocols); // protocol in network order
        length = Begin(message, NewFilter, FlagCreate, interfaceIndex, FilterHandle, IngressParent, info);
        length = AddString(message, length, KindAttribute, "bpf");
        int options = length;
        length = AddAttribute(message, length, (ushort)(OptionsAttribute | Nested), []);
        Span<byte> one = stackalloc byte[8];
        MemoryMarshal.Write(one, (ushort)1);
        length = AddAttribute(message, length, BpfOpsLength, one[..2]);
        // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }: BPF_RET | BPF_K (0x06), k = TC_ACT_SHOT (2).
        MemoryMarshal.Write(one, (ushort)0x06);
        one[2] = 0;
        one[3] = 0;
        MemoryMarshal.Write(one[4..], 2u);
        length = AddAttribute(message, length, BpfOps, one);
        length = AddString(message, length, BpfName, "onlan-kernel-stack-off");
        MemoryMarshal.Write(one, BpfDirectAction);
        length = AddAttribute(message, length, BpfFlags, one[..4]);
        MemoryMarshal.Write(message[options..], (ushort)(length - options)); // the nest's length covers its children
        MemoryMarshal.Write(message, (uint)length);
        error = Request(netlink, message, length);
        if (error != 0 && createdQdisc) RemoveQdisc(netlink, interfaceIndex);
        return error;
    }

    /// <summary>Removes the clsact qdisc, and with it every filter under it. Returns 0 or an errno.</summary>
    public static int RemoveQdisc(int netlink, int interfaceIndex)
    {
        Span<byte> message = stackalloc byte[64];
        int length = Begin(message, DeleteQdisc, 0, interfaceIndex, ClsactHandle, ClsactParent, 0);
        length = AddString(message, length, KindAttribute, "clsact");
        return Request(netlink, message, length);
    }

    /// <summary>
    /// Removes only our filter (priority 1, handle 1 on ingress), for a clsact qdisc that was there before us: another
    /// gateway run that ended without closing its ports, or someone's own filters. Returns 0 or an errno.
    /// </summary>
    public static int RemoveFilter(int netlink, int interfaceIndex)
    {
        Span<byte> message = stackalloc byte[64];
        uint info = (FilterPriority << 16) | BinaryPrimitives.ReverseEndianness(EthernetAllProtocols);
        int length = Begin(message, DeleteFilter, 0, interfaceIndex, FilterHandle, IngressParent, info);
        length = AddString(message, length, KindAttribute, "bpf");
        return Request(netlink, message, length);
    }

    private static int Begin(Span<byte> message, ushort type, ushort flags, int interfaceIndex, uint handle, uint parent, uint info)
    {
        message[..(HeaderSize + TcMessageSize)].Clear();
        MemoryMarshal.Write(message[4..], type);
        MemoryMarshal.Write(message[6..], (ushort)(FlagRequest | FlagAck | flags));
        MemoryMarshal.Write(message[8..], 1u); // sequence number: one request per socket
        // struct tcmsg { u8 family, pad1; u16 pad2; int ifindex; u32 handle, parent, info; }
        MemoryMarshal.Write(message[(HeaderSize + 4)..], interfaceIndex);
        MemoryMarshal.Write(message[(HeaderSize + 8)..], handle);
        MemoryMarshal.Write(message[(HeaderSize + 12)..], parent);
        MemoryMarshal.Write(message[(HeaderSize + 16)..], info);
        int length = HeaderSize + TcMessageSize;
        MemoryMarshal.Write(message, (uint)length);
        return length;
    }

    private static int AddString(Span<byte> message, int offset, ushort type, string value)
    {
        Span<byte> text = stackalloc byte[32];
        int count = Encoding.ASCII.GetBytes(value, text);
        text[count] = 0;
        return AddAttribute(message, offset, type, text[..(count + 1)]);
    }

    /// <summary>Appends an rtattr (length, type, value, padded to 4) and updates the message length.</summary>
    private static int AddAttribute(Span<byte> message, int offset, ushort type, ReadOnlySpan<byte> value)
    {
        int attributeLength = 4 + value.Length;
        MemoryMarshal.Write(message[offset..], (ushort)attributeLength);
        MemoryMarshal.Write(message[(offset + 2)..], type);
        value.CopyTo(message[(offset + 4)..]);
        int end = offset + ((attributeLength + 3) & ~3);
        message[(offset + attributeLength)..end].Clear();
        MemoryMarshal.Write(message, (uint)end);
        return end;
    }

    /// <summary>Sends one request and reads its acknowledgement: 0 or a positive errno.</summary>
    private static int Request(int socket, ReadOnlySpan<byte> message, int length)
    {
        fixed (byte* request = message)
        {
            if (send(socket, request, length, 0) != length) return errno;
        }
        byte* answer = stackalloc byte[512];
        for (int attempts = 0; attempts < 4; attempts++)
        {
            long received = recv(socket, answer, 512, 0);
            if (received < 0) return errno;
            if (received < HeaderSize + 4 || *(ushort*)(answer + 4) != MessageError) continue;
            return -*(int*)(answer + HeaderSize); // struct nlmsgerr { int error; ... }: 0 is the acknowledgement
        }
        return EPROTO;
    }
}
