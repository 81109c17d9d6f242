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
    /// <summary>Room for one control message: CMSG_SPACE(sizeof(tpacket_auxdata)) is 40; keep it aligned and roomy.</summary>
    public const int ControlSize = 64;

    private mmsghdr[] _messages = [];
    private iovec[] _vectors = [];
    private byte[] _control = [];
    private FrameBatch? _boundBatch;

    public MessageVector(int capacity) => Grow(capacity);

    public int Capacity => _messages.Length;

    /// <summary>First message header; valid until the next <see cref="Bind"/> that grows the vector.</summary>
    public mmsghdr* Messages { get; private set; }

    private iovec* Vectors { get; set; }

    private byte* Control { get; set; }

    // msg_hdr is the first member of struct mmsghdr.
    private msghdr* Header(int index) => (msghdr*)(Messages + index);

    /// <summary>
    /// Gives every message of the next recvmmsg its control buffer back at full size (the kernel shrinks
    /// msg_controllen to what it wrote).
    /// </summary>
    public void ResetControl(int count)
    {
        for (int i = 0; i < count; i++)
        {
            msghdr* header = Header(i);
            header->msg_control = Control + i * ControlSize;
            header->msg_controllen = ControlSize;
        }
    }

    /// <summary>
    /// The PACKET_AUXDATA of received message <paramref name="index"/>: its TP_STATUS_* bits and, when
    /// TP_STATUS_VLAN_VALID is set, the 802.1Q tag the kernel stripped. False when the message carried none.
    /// </summary>
    public bool TryGetAuxData(int index, out Interop.PacketAuxData auxdata)
    {
        auxdata = default;
        msghdr* header = Header(index);
        byte* control = (byte*)header->msg_control;
        long length = (long)(ulong)header->msg_controllen;
        int headerSize = sizeof(cmsghdr);
        int offset = 0;
        while (control is not null && offset + headerSize <= length)
        {
            cmsghdr* message = (cmsghdr*)(control + offset);
            long messageLength = (long)(ulong)message->cmsg_len;
            if (messageLength < headerSize || offset + messageLength > length) return false;
            if (message->cmsg_level == Interop.PacketAuxData.Level && message->cmsg_type == Interop.PacketAuxData.Type &&
                messageLength >= headerSize + sizeof(Interop.PacketAuxData))
            {
                auxdata = *(Interop.PacketAuxData*)(control + offset + headerSize);
                return true;
            }
            offset += (int)((messageLength + 7) & ~7L); // CMSG_ALIGN on 64-bit
        }
        return false;
    }

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
        _control = GC.AllocateArray<byte>(capacity * ControlSize, pinned: true);
        Control = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_control));
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
