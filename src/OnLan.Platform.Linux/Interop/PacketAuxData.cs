using System.Runtime.InteropServices;

namespace OnLan.Platform.Linux.Interop;

/// <summary>
/// <c>struct tpacket_auxdata</c> from &lt;linux/if_packet.h&gt;: what the kernel knows of a received frame beyond its
/// bytes, delivered as a PACKET_AUXDATA control message. We need it for one fact: the kernel strips an 802.1Q
/// tag on receive (into skb metadata), so only this says the frame on the wire was tagged.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PacketAuxData
{
    /// <summary>SOL_PACKET, the control message level.</summary>
    public const int Level = 263;
    /// <summary>PACKET_AUXDATA, the socket option and the control message type.</summary>
    public const int Type = 8;
    /// <summary>TP_STATUS_VLAN_VALID: <see cref="VlanTci"/> holds a tag that was stripped.</summary>
    public const uint StatusVlanValid = 1 << 4;
    /// <summary>TP_STATUS_VLAN_TPID_VALID: <see cref="VlanTpid"/> is set (else the tag was 0x8100).</summary>
    public const uint StatusVlanTpidValid = 1 << 6;

    /// <summary>
    /// TP_STATUS_CSUMNOTREADY: the frame was sent from this host with checksum offload and its transport checksum
    /// holds only the pseudo-header sum (veth, local traffic). A real wire never delivers this.
    /// </summary>
    public const uint StatusChecksumNotReady = 1 << 3;

    public uint Status;
    public uint Length;
    public uint SnapLength;
    public ushort MacOffset;
    public ushort NetworkOffset;
    public ushort VlanTci;
    public ushort VlanTpid;
}
