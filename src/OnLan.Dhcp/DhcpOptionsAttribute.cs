namespace OnLan.Dhcp;

/// <summary>
/// The private IKEv2 Configuration Payload attribute that carries the DHCP options of a remote PC.
/// </summary>
/// <remarks>
/// <para><b>Type</b>: <see cref="PrivateCpAttributeType"/> = 24576 (0x6000), in the private-use range 16384–32767
/// of RFC 7296 §3.15.1 (the R bit is 0), clear of the private values clients already give a meaning: IKEv1
/// XAUTH 16520–16529, strongSwan's 23456–23457 and Cisco Unity's 28672–28683 (strongSwan shows 28672 as UNITY_BANNER). <b>Sent</b> by the gateway in the CFG_REPLY of IKE_AUTH (and to an
/// INFORMATIONAL CFG_REQUEST) that assigns the client's INTERNAL_IP4_ADDRESS; a client that does not know the type
/// ignores it, as RFC 7296 requires of unknown attributes. A client may ask for it with an empty attribute of this
/// type in its CFG_REQUEST.</para>
/// <para><b>Value</b>: the whole option set in RFC 2132 encoding, exactly the bytes of
/// <see cref="DhcpOptionSet.ToRaw"/>: a sequence of <c>code, length, value</c> options, no BOOTP header, no magic
/// cookie, ending with END (255). Options appear in this order, each only when configured:</para>
/// <list type="bullet">
/// <item>1 subnet mask (4 octets, contiguous);</item>
/// <item>3 routers, 6 DNS servers, 44 NetBIOS name servers (4 octets each, in order of preference);</item>
/// <item>15 domain name (ASCII, no trailing NUL);</item>
/// <item>51 lease time (seconds, 32-bit big-endian; the tunnel's lease = the IKE SA lifetime unless configured);</item>
/// <item>119 domain search list (RFC 3397: RFC 1035 labels, suffixes compressed with pointers relative to the start
/// of the joined option value);</item>
/// <item>121 classless static routes (RFC 3442: per route a width octet, the ceil(width/8) significant octets of the
/// destination, the 4-octet router), then the same value again as 249 for Windows.</item>
/// </list>
/// <para>A value longer than 255 octets is split into consecutive options of the same code (RFC 3396); a reader joins
/// them in order before decoding. Readers should skip PAD (0) and ignore codes they do not know.
/// <see cref="DhcpOptionSet.TryDecodeRaw"/> is the reference reader. The IKE attribute length field (16 bits) bounds
/// the whole value at 65535 octets.</para>
/// </remarks>
public static class DhcpOptionsAttribute
{
    /// <summary>IKEv2 CP attribute type for "the whole option set in RFC 2132 encoding".</summary>
    public const ushort PrivateCpAttributeType = 24576;
}
