using System.Runtime.InteropServices;

namespace OnLan.Platform.Linux.Interop;

/// <summary>
/// <c>struct tpacket_req</c> from &lt;linux/if_packet.h&gt;: the shape of a PACKET_RX_RING. Blocks are
/// <see cref="BlockSize"/> bytes of kernel memory mapped into ours; each holds BlockSize / FrameSize frame slots.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PacketRingRequest
{
    /// <summary>PACKET_RX_RING, the socket option.</summary>
    public const int RxRingOption = 5;
    /// <summary>PACKET_VERSION, the socket option that picks the slot header layout (before the ring is made).</summary>
    public const int VersionOption = 10;
    /// <summary>TPACKET_V2: one frame per slot, status per slot (V3's per-block hand-over would delay a lone frame).</summary>
    public const int Version2 = 1;

    public uint BlockSize;
    public uint BlockCount;
    public uint FrameSize;
    public uint FrameCount;
}

/// <summary>
/// <c>struct tpacket2_hdr</c>: the head of every slot of a TPACKET_V2 ring. The kernel fills a slot and sets
/// <see cref="Status"/> to <see cref="StatusUser"/>; we read the frame and hand the slot back with
/// <see cref="StatusKernel"/>. The frame's bytes start <see cref="MacOffset"/> bytes from the head.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PacketRingHeader
{
    /// <summary>TP_STATUS_KERNEL: the slot is the kernel's to fill.</summary>
    public const uint StatusKernel = 0;
    /// <summary>TP_STATUS_USER: the slot holds a frame for us.</summary>
    public const uint StatusUser = 1;

    public uint Status;
    /// <summary>The frame's length on the wire (without a stripped 802.1Q tag).</summary>
    public uint Length;
    /// <summary>How much of it is in the slot: less than <see cref="Length"/> when the slot was too small.</summary>
    public uint SnapLength;
    public ushort MacOffset;
    public ushort NetworkOffset;
    public uint Seconds;
    public uint Nanoseconds;
    /// <summary>The 802.1Q tag the kernel stripped, when TP_STATUS_VLAN_VALID is set (the same bits as auxdata's).</summary>
    public ushort VlanTci;
    public ushort VlanTpid;
    private uint _padding;
}

internal static unsafe partial class Libc
{
    public const int ProtectRead = 1, ProtectWrite = 2, MapShared = 1;

    /// <summary>mmap(2); returns (void*)-1 with errno on failure.</summary>
    [LibraryImport(Library, SetLastError = true)]
    internal static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int munmap(void* address, nuint length);
}
