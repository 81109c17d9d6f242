using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OnLan.Ports;
using Tmds.Linux;

namespace OnLan.Platform.Linux;

/// <summary>
/// The <c>mmsghdr</c> and <c>iovec</c> arrays one direction of a link hands to recvmmsg/sendmmsg: one iovec per
/// message, pointing straight into a <see cref="FrameBatch"/> slot, so frames are never copied in user space.
/// </summary>
/// <remarks>
/// Allocated pinned, once, and grown only when a batch with more slots than ever before comes along: after the
/// first call with the largest batch, nothing here allocates. One thread uses a vector at a time.
/// </remarks>
internal sealed unsafe class MessageVector
{
    private mmsghdr[] _messages = [];
    private iovec[] _vectors = [];
    private FrameBatch? _boundBatch;

    public MessageVector(int capacity) => Grow(capacity);

    public int Capacity => _messages.Length;

    /// <summary>First message header; valid until the next <see cref="Bind"/> that grows the vector.</summary>
    public mmsghdr* Messages { get; private set; }

    private iovec* Vectors { get; set; }

    /// <summary>
    /// Points messages 0..<paramref name="count"/>-1 at the slots of <paramref name="batch"/>, each with
    /// <paramref name="batch"/>.SlotSize bytes of room (the receive case).
    /// </summary>
    public void BindSlots(FrameBatch batch, int count)
    {
        if (count > Capacity) Grow(count);
        // The slot addresses of a batch never change (pinned), so re-pointing is needed only for a new batch.
        if (ReferenceEquals(_boundBatch, batch)) return;
        for (int i = 0; i < count; i++)
        {
            Vectors[i].iov_base = batch.SlotPointer(i);
            Vectors[i].iov_len = (size_t)batch.SlotSize;
        }
        // Only the batch's own capacity is bound; a later, larger request re-binds.
        _boundBatch = count == batch.Capacity ? batch : null;
    }

    /// <summary>Points messages 0..Count-1 at the frames of <paramref name="batch"/> with their lengths (the send case).</summary>
    public void BindFrames(FrameBatch batch)
    {
        int count = batch.Count;
        if (count > Capacity) Grow(count);
        _boundBatch = null;
        for (int i = 0; i < count; i++)
        {
            Vectors[i].iov_base = batch.SlotPointer(i);
            Vectors[i].iov_len = (size_t)batch.Length(i);
        }
    }

    /// <summary>Length the kernel reported for message <paramref name="index"/>.</summary>
    public int ReceivedLength(int index) => (int)Messages[index].msg_len;

    /// <summary>MSG_* flags the kernel set on message <paramref name="index"/>.</summary>
    public int ReceivedFlags(int index) => Messages[index].msg_hdr.msg_flags;

    private void Grow(int capacity)
    {
        _messages = GC.AllocateArray<mmsghdr>(capacity, pinned: true);
        _vectors = GC.AllocateArray<iovec>(capacity, pinned: true);
        Messages = (mmsghdr*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_messages));
        Vectors = (iovec*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_vectors));
        _boundBatch = null;
        for (int i = 0; i < capacity; i++)
        {
            msghdr header = default;
            header.msg_iov = Vectors + i;
            header.msg_iovlen = 1;
            Messages[i].msg_hdr = header;
        }
    }
}
