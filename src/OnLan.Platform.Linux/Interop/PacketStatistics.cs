using System.Runtime.InteropServices;

namespace OnLan.Platform.Linux.Interop;

/// <summary>
/// <c>struct tpacket_stats</c> from &lt;linux/if_packet.h&gt;, read with getsockopt(SOL_PACKET, PACKET_STATISTICS).
/// The kernel resets both counts on every read, so the reader accumulates them.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PacketStatistics
{
    /// <summary>PACKET_STATISTICS, the socket option.</summary>
    public const int Option = 6;

    /// <summary>Frames queued to the socket since the last read (dropped ones included).</summary>
    public uint Packets;
    /// <summary>Frames the kernel dropped since the last read because the socket's receive buffer was full.</summary>
    public uint Drops;
}
