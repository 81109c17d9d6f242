using System.Buffers.Binary;
using OnLan.Wire;

namespace OnLan.Tests.Vpn;

/// <summary>Inner IPv4 packets and LAN frames the tests send through the tunnel, built with the wire reprs.</summary>
public static class InnerPackets
{
    public const int TcpHeaderWithMss = 24;
    private const int TcpChecksumOffset = 16;

    /// <summary>An IPv4/UDP packet of <paramref name="totalLength"/> bytes, its payload a counting pattern.</summary>
    public static byte[] Udp(Ipv4Address source, Ipv4Address destination, int totalLength, byte timeToLive = 64, bool dontFragment = false)
    {
        var packet = new byte[totalLength];
        var udp = packet.AsSpan(Ipv4Repr.HeaderLength);
        int payload = udp.Length - UdpDatagram.HeaderLength;
        for (int i = 0; i < payload; i++) udp[UdpDatagram.HeaderLength + i] = (byte)(i * 13 + 1);
        new UdpRepr(40000, 5001).Emit(udp, payload, source, destination);
        new Ipv4Repr(source, destination, IpProtocol.Udp, udp.Length)
        {
            TimeToLive = timeToLive,
            DontFragment = dontFragment,
            Identification = 0x4242,
        }.Emit(packet);
        return packet;
    }

    /// <summary>A TCP SYN announcing <paramref name="maximumSegmentSize"/> (RFC 793 §3.1, option kind 2), checksummed.</summary>
    public static byte[] TcpSyn(Ipv4Address source, Ipv4Address destination, ushort maximumSegmentSize)
    {
        var packet = new byte[Ipv4Repr.HeaderLength + TcpHeaderWithMss];
        var tcp = packet.AsSpan(Ipv4Repr.HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, 40001);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], 22);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], 0x01020304);
        tcp[12] = TcpHeaderWithMss / 4 << 4;
        tcp[13] = 0x02; // SYN
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 64240);
        tcp[20] = 2;
        tcp[21] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[22..], maximumSegmentSize);
        uint sum = InternetChecksum.PseudoHeaderSum(source, destination, IpProtocol.Tcp, tcp.Length);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[TcpChecksumOffset..], InternetChecksum.Finish(InternetChecksum.Sum(tcp, sum)));
        new Ipv4Repr(source, destination, IpProtocol.Tcp, tcp.Length) { DontFragment = true }.Emit(packet);
        return packet;
    }

    /// <summary>The MSS option of a SYN built by <see cref="TcpSyn"/>.</summary>
    public static ushort MaximumSegmentSize(ReadOnlySpan<byte> packet) =>
        BinaryPrimitives.ReadUInt16BigEndian(packet[(Ipv4Repr.HeaderLength + 22)..]);

    public static bool TcpChecksumIsValid(ReadOnlySpan<byte> packet)
    {
        var tcp = packet[Ipv4Repr.HeaderLength..];
        uint sum = InternetChecksum.PseudoHeaderSum(Ipv4Address.Read(packet[12..]), Ipv4Address.Read(packet[16..]), IpProtocol.Tcp, tcp.Length);
        return InternetChecksum.Finish(InternetChecksum.Sum(tcp, sum)) == 0;
    }

    /// <summary><paramref name="packet"/> in an Ethernet frame from the LAN host to the gateway's LAN MAC (proxy ARP).</summary>
    public static byte[] FromLanHost(byte[] packet)
    {
        var frame = new byte[EthernetFrame.HeaderLength + packet.Length];
        new EthernetRepr(TunnelRig.LanMac, TunnelRig.LanHostMac, EtherType.Ipv4).Emit(frame);
        packet.CopyTo(frame, EthernetFrame.HeaderLength);
        return frame;
    }

    /// <summary>
    /// Asserts that <paramref name="forwarded"/> is <paramref name="original"/> routed once: TTL one lower, header
    /// checksum correct, every other byte unchanged.
    /// </summary>
    public static void AssertRoutedOnce(ReadOnlySpan<byte> original, ReadOnlySpan<byte> forwarded)
    {
        Assert.Equal(original.Length, forwarded.Length);
        Assert.Equal(original[8] - 1, forwarded[8]);
        Assert.Equal(0, InternetChecksum.Compute(forwarded[..Ipv4Repr.HeaderLength]));
        Assert.True(original[..8].SequenceEqual(forwarded[..8]));
        Assert.Equal(original[9], forwarded[9]);
        Assert.True(original[12..].SequenceEqual(forwarded[12..]));
    }
}
