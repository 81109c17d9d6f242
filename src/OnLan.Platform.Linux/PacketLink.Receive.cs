using System.Diagnostics;
using System.Runtime.InteropServices;
using OnLan.Platform.Linux.Interop;
using OnLan.Ports;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace OnLan.Platform.Linux;

public sealed unsafe partial class PacketLink
{
    /// <summary>
    /// Fills <paramref name="batch"/> with the frames waiting on the socket, waiting at most
    /// <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>: no limit) for the first.
    /// </summary>
    /// <remarks>
    /// Inbound flow with a receive ring: see <see cref="ReceiveFromRing"/>. Without one: try recvmmsg(MSG_DONTWAIT) first (under load one system call per batch, no poll); only when
    /// nothing is waiting, poll() for the rest of the timeout and try again. The kernel writes each frame into
    /// its slot; frames longer than a slot (MSG_TRUNC) are skipped and counted, later frames moved down over
    /// them so the batch stays dense. EINTR retries within the same deadline. A socket error other than
    /// EAGAIN reads as "nothing received" (the next call sees the state again) rather than an exception.
    /// </remarks>
    public int Receive(FrameBatch batch, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Clear();
        RefreshLinkStateIfDue();
        int socket = _socket;
        if (socket < 0) return 0;
        if (_ring is { } ring) return ReceiveFromRing(ring, batch, socket, timeout);

        int capacity = batch.Capacity;
        _receiveVector.BindSlots(batch, capacity);
        long deadline = Deadline(timeout);
        while (true)
        {
            _receiveVector.ResetControl(capacity);
            int received = Libc.recvmmsg(socket, _receiveVector.Messages, (uint)capacity, MSG_DONTWAIT, null);
            if (received > 0)
            {
                int kept = KeepWholeFrames(batch, received);
                if (kept > 0) return kept;
                continue; // every frame was cut: look again, the deadline still bounds us
            }
            int error = Marshal.GetLastPInvokeError();
            if (received < 0 && error == EINTR) continue;
            if (!WaitForFrames(socket, deadline)) return 0;
        }
    }

    /// <summary>
    /// The ring's inbound flow: copy the filled slots from the ring's head into the batch, handing each back to the
    /// kernel at once; no system call at all while frames are waiting. Only an empty ring polls, as recvmmsg does.
    /// </summary>
    private int ReceiveFromRing(ReceiveRing ring, FrameBatch batch, int socket, TimeSpan timeout)
    {
        Interlocked.Increment(ref _ringReaders);
        try
        {
            if (Volatile.Read(ref _disposed) != 0) return 0;
            long deadline = Deadline(timeout);
            while (true)
            {
                int kept = TakeFromRing(ring, batch);
                if (kept > 0) return kept;
                if (!WaitForFrames(socket, deadline)) return 0;
            }
        }
        finally
        {
            if (Interlocked.Decrement(ref _ringReaders) == 0 && Volatile.Read(ref _disposed) != 0) ring.Release();
        }
    }

    private int TakeFromRing(ReceiveRing ring, FrameBatch batch)
    {
        int kept = 0, capacity = batch.Capacity, slotSize = batch.SlotSize;
        PacketRingHeader* header;
        while (kept < capacity && (header = ring.Filled()) != null)
        {
            int length = (int)header->SnapLength;
            if (header->SnapLength != header->Length || length > slotSize)
            {
                _receiveTruncated++; // longer than a ring slot or a batch slot
            }
            else
            {
                byte* frame = batch.SlotPointer(kept);
                Buffer.MemoryCopy((byte*)header + header->MacOffset, frame, slotSize, length);
                length = FinishFrame(frame, length, slotSize, header->Status, header->VlanTci, header->VlanTpid);
                if (length < 0) _receiveTruncated++;
                else batch.SetLength(kept++, length);
            }
            ring.Return(header);
        }
        batch.SetCount(kept);
        return kept;
    }

    /// <summary>
    /// Waits until the socket has frames, a Wake() comes or <paramref name="deadline"/> passes. True only when the
    /// socket has frames to read.
    /// </summary>
    private bool WaitForFrames(int socket, long deadline)
    {
        int waitMilliseconds = RemainingMilliseconds(deadline);
        if (waitMilliseconds == 0) return false;
        pollfd* polls = stackalloc pollfd[2];
        polls[0] = default;
        polls[0].fd = socket;
        polls[0].events = POLLIN;
        polls[1] = default;
        polls[1].fd = _wakeup;
        polls[1].events = POLLIN;
        int ready = LibC.poll(polls, 2, waitMilliseconds);
        if (ready == 0) return false;
        if (ready < 0) return errno == EINTR; // interrupted: look again, within the same deadline
        if ((polls[1].revents & POLLIN) != 0)
        {
            ulong count;
            _ = read(_wakeup, &count, sizeof(ulong));
            if ((polls[0].revents & POLLIN) == 0) return false;
        }
        return true;
    }

    private int KeepWholeFrames(FrameBatch batch, int received)
    {
        int kept = 0;
        for (int i = 0; i < received; i++)
        {
            if ((_receiveVector.ReceivedFlags(i) & MSG_TRUNC) != 0)
            {
                _receiveTruncated++;
                continue;
            }
            int length = _receiveVector.ReceivedLength(i);
            if (kept != i) Buffer.MemoryCopy(batch.SlotPointer(i), batch.SlotPointer(kept), batch.SlotSize, length);
            if (_receiveVector.TryGetAuxData(i, out var auxdata))
            {
                length = FinishFrame(batch.SlotPointer(kept), length, batch.SlotSize, auxdata.Status, auxdata.VlanTci, auxdata.VlanTpid);
                if (length < 0)
                {
                    _receiveTruncated++;
                    continue;
                }
            }
            batch.SetLength(kept, length);
            kept++;
        }
        batch.SetCount(kept);
        return kept;
    }

    /// <summary>
    /// Makes a received frame what it was on the wire, from the kernel's TP_STATUS_* bits (auxdata or ring slot):
    /// the transport checksum completed, and the 802.1Q tag the kernel stripped put back after the MAC addresses.
    /// Returns the frame's length, or -1 when the tag does not fit in the slot.
    /// </summary>
    private static int FinishFrame(byte* frame, int length, int slotSize, uint status, ushort vlanTci, ushort vlanTpid)
    {
        if ((status & PacketAuxData.StatusChecksumNotReady) != 0)
            ChecksumCompletion.Complete(new Span<byte>(frame, length));
        if ((status & PacketAuxData.StatusVlanValid) == 0) return length;
        if (length + VlanTagLength > slotSize || length < EthernetAddressesLength) return -1;
        ushort tpid = (status & PacketAuxData.StatusVlanTpidValid) != 0 ? vlanTpid : (ushort)0x8100;
        Buffer.MemoryCopy(frame + EthernetAddressesLength, frame + EthernetAddressesLength + VlanTagLength,
            slotSize - EthernetAddressesLength - VlanTagLength, length - EthernetAddressesLength);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(frame + EthernetAddressesLength, 2), tpid);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(frame + EthernetAddressesLength + 2, 2), vlanTci);
        return length + VlanTagLength;
    }

    /// <summary>
    /// Interrupts a waiting <see cref="Receive"/> (or the next one): an eventfd in the same poll() as the socket.
    /// Any thread may call it; one 8-byte write.
    /// </summary>
    public void Wake()
    {
        ulong one = 1;
        _ = write(_wakeup, &one, sizeof(ulong));
    }

    /// <summary>Destination and source MAC: the tag goes right after them.</summary>
    private const int EthernetAddressesLength = 12;
    private const int VlanTagLength = 4;

    private static long Deadline(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan) return long.MaxValue;
        if (timeout <= TimeSpan.Zero) return 0;
        long ticks = (long)Math.Min(timeout.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 2);
        return Stopwatch.GetTimestamp() + ticks;
    }

    /// <summary>Milliseconds left until <paramref name="deadline"/>, rounded up; -1 for no deadline; 0 when passed.</summary>
    private static int RemainingMilliseconds(long deadline)
    {
        if (deadline == long.MaxValue) return -1;
        long left = deadline - Stopwatch.GetTimestamp();
        if (left <= 0) return 0;
        long milliseconds = (left * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
        return (int)Math.Min(milliseconds, int.MaxValue);
    }
}
