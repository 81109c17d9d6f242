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
    /// Inbound flow: try recvmmsg(MSG_DONTWAIT) first (under load one system call per batch, no poll); only when
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

        int capacity = batch.Capacity;
        _receiveVector.BindSlots(batch, capacity);
        long deadline = Deadline(timeout);
        pollfd* polls = stackalloc pollfd[2];
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

            int waitMilliseconds = RemainingMilliseconds(deadline);
            if (waitMilliseconds == 0) return 0;
            // Wait for a frame or a Wake() from another thread, whichever comes first.
            polls[0] = default;
            polls[0].fd = socket;
            polls[0].events = POLLIN;
            polls[1] = default;
            polls[1].fd = _wakeup;
            polls[1].events = POLLIN;
            int ready = LibC.poll(polls, 2, waitMilliseconds);
            if (ready == 0) return 0;
            if (ready < 0 && errno != EINTR) return 0;
            if ((polls[1].revents & POLLIN) != 0)
            {
                ulong count;
                _ = read(_wakeup, &count, sizeof(ulong));
                if ((polls[0].revents & POLLIN) == 0) return 0;
            }
        }
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
                // Deliver the frame as it would have been on a wire: checksums complete, 802.1Q tag in place.
                if ((auxdata.Status & PacketAuxData.StatusChecksumNotReady) != 0)
                    ChecksumCompletion.Complete(new Span<byte>(batch.SlotPointer(kept), length));
                if ((auxdata.Status & PacketAuxData.StatusVlanValid) != 0)
                {
                    if (length + VlanTagLength > batch.SlotSize || length < EthernetAddressesLength)
                    {
                        _receiveTruncated++;
                        continue;
                    }
                    ushort tpid = (auxdata.Status & PacketAuxData.StatusVlanTpidValid) != 0 ? auxdata.VlanTpid : (ushort)0x8100;
                    byte* frame = batch.SlotPointer(kept);
                    Buffer.MemoryCopy(frame + EthernetAddressesLength, frame + EthernetAddressesLength + VlanTagLength,
                        batch.SlotSize - EthernetAddressesLength - VlanTagLength, length - EthernetAddressesLength);
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(frame + EthernetAddressesLength, 2), tpid);
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(frame + EthernetAddressesLength + 2, 2), auxdata.VlanTci);
                    length += VlanTagLength;
                }
            }
            batch.SetLength(kept, length);
            kept++;
        }
        batch.SetCount(kept);
        return kept;
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
