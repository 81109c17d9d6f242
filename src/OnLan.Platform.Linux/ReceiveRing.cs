using System.Numerics;
using OnLan.Platform.Linux.Interop;
using static Tmds.Linux.LibC;

namespace OnLan.Platform.Linux;

/// <summary>
/// A PACKET_RX_RING (TPACKET_V2) on an AF_PACKET socket: the kernel writes each received frame straight into a slot
/// of memory shared with us, so receiving costs no system call while frames are waiting and the kernel never queues
/// a socket buffer for us to dequeue. Slots are read in order, from <see cref="Head"/>.
/// </summary>
/// <remarks>
/// Why V2 and not V3: V3 hands over whole blocks, a partly filled one only when its retire timer fires (a
/// millisecond or more), which would add that to the latency of a lone ping; V2 hands over every frame at once.
/// The mapping is released by <see cref="Release"/>, once, when nobody is reading it (see PacketLink.Dispose).
/// </remarks>
internal sealed unsafe class ReceiveRing
{
    /// <summary>
    /// Kernel memory for the ring: 4,096 slots of 2 KB. A slot holds one frame whatever its size, so a burst of small
    /// frames fills the ring sooner than it filled the 4 MiB socket buffer it replaces (about 5,000 small frames).
    /// </summary>
    public const int RingBytes = 8 * 1024 * 1024;
    private const int MinimumBlockSize = 64 * 1024;

    /// <summary>Where a V2 slot's frame starts: TPACKET_ALIGN(TPACKET2_HDRLEN 52 + 16) - 14; the kernel says so in each slot.</summary>
    public const int FrameOffset = 66;

    private nint _memory;
    private readonly nuint _mappedBytes;

    private ReceiveRing(byte* memory, nuint mappedBytes, int frameSize, int frameCount)
    {
        _memory = (nint)memory;
        _mappedBytes = mappedBytes;
        FrameSize = frameSize;
        FrameCount = frameCount;
    }

    /// <summary>Bytes per slot, header included: a power of two that holds an MTU-sized frame (2,048 for 1,500).</summary>
    public int FrameSize { get; }

    public int FrameCount { get; }

    /// <summary>The next slot to read.</summary>
    public int Head { get; private set; }

    /// <summary>
    /// Sets the ring up on <paramref name="socket"/> (before bind, so no frame is queued the old way) and maps it.
    /// Null when the kernel refuses (an old kernel, no memory): the caller then receives with recvmmsg.
    /// </summary>
    public static ReceiveRing? TryCreate(int socket, int mtu)
    {
        // Ethernet header, an 802.1Q tag kept in the frame by a stacked device, and the slot header before the frame.
        int frameSize = (int)BitOperations.RoundUpToPowerOf2((uint)(FrameOffset + 18 + Math.Max(mtu, 1500)));
        int blockSize = Math.Max(MinimumBlockSize, frameSize);
        int blockCount = Math.Max(1, RingBytes / blockSize);
        int version = PacketRingRequest.Version2;
        if (setsockopt(socket, SOL_PACKET, PacketRingRequest.VersionOption, &version, sizeof(int)) != 0) return null;
        PacketRingRequest request = new()
        {
            BlockSize = (uint)blockSize,
            BlockCount = (uint)blockCount,
            FrameSize = (uint)frameSize,
            FrameCount = (uint)(blockCount * (blockSize / frameSize)),
        };
        if (setsockopt(socket, SOL_PACKET, PacketRingRequest.RxRingOption, &request, (uint)sizeof(PacketRingRequest)) != 0) return null;
        nuint bytes = (nuint)blockSize * (nuint)blockCount;
        void* memory = Libc.mmap(null, bytes, Libc.ProtectRead | Libc.ProtectWrite, Libc.MapShared, socket, 0);
        if (memory == (void*)-1) return null;
        // Blocks are a whole number of power-of-two slots, so slot i is simply i slots from the start.
        return new ReceiveRing((byte*)memory, bytes, frameSize, (int)request.FrameCount);
    }

    /// <summary>The slot at <see cref="Head"/>, when the kernel has filled it; null when it is still the kernel's.</summary>
    public PacketRingHeader* Filled()
    {
        var header = (PacketRingHeader*)((byte*)_memory + (nint)Head * FrameSize);
        // Acquire: the frame's bytes are read only after the status that says they are complete.
        return (Volatile.Read(ref header->Status) & PacketRingHeader.StatusUser) != 0 ? header : null;
    }

    /// <summary>Gives the slot at <see cref="Head"/> back to the kernel (after its frame was copied) and moves on.</summary>
    public void Return(PacketRingHeader* header)
    {
        // Release: our reads of the frame are done before the kernel may write the slot again.
        Volatile.Write(ref header->Status, PacketRingHeader.StatusKernel);
        Head = Head + 1 == FrameCount ? 0 : Head + 1;
    }

    /// <summary>Unmaps the ring. Only when no thread is inside Receive; a second call does nothing.</summary>
    public void Release()
    {
        nint memory = Interlocked.Exchange(ref _memory, 0);
        if (memory != 0) Libc.munmap((void*)memory, _mappedBytes);
    }
}
