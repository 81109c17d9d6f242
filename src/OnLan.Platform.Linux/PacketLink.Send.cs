using System.Runtime.InteropServices;
using OnLan.Platform.Linux.Interop;
using OnLan.Ports;
using static Tmds.Linux.LibC;

namespace OnLan.Platform.Linux;

public sealed unsafe partial class PacketLink
{
    /// <summary>
    /// Sends every frame of <paramref name="batch"/> in order with sendmmsg and returns how many the kernel took.
    /// </summary>
    /// <remarks>
    /// Outbound flow: one iovec per frame, pointing at its slot; sendmmsg(MSG_DONTWAIT) from the first frame not
    /// yet sent, until all are sent. A frame the kernel refuses on its own (EMSGSIZE, EINVAL) is dropped and the
    /// rest go on; a full buffer or a dead link (EAGAIN, ENOBUFS, ENETDOWN, ...) drops the rest of the batch.
    /// Every drop is counted in <see cref="SendDrops"/>; nothing blocks and nothing throws.
    /// </remarks>
    public int Send(FrameBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int count = batch.Count;
        int socket = _socket;
        if (count == 0) return 0;
        if (socket < 0)
        {
            _sendDrops += count;
            return 0;
        }

        _sendVector.BindFrames(batch);
        int next = 0, accepted = 0;
        int interruptsLeft = 16;
        while (next < count)
        {
            int sent = Libc.sendmmsg(socket, _sendVector.Messages + next, (uint)(count - next), MSG_DONTWAIT);
            if (sent > 0)
            {
                next += sent;
                accepted += sent;
                continue;
            }
            int error = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (error == EINTR && interruptsLeft-- > 0) continue;
            if (error == EMSGSIZE || error == EINVAL)
            {
                next++;
                _sendDrops++;
                continue;
            }
            _sendDrops += count - next;
            break;
        }
        return accepted;
    }
}
