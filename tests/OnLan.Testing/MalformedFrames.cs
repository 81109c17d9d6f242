using OnLan.Ports;
using OnLan.Wire;

namespace OnLan.Testing;

/// <summary>One bad frame and the drop reason a port must count it under (null: any reason, e.g. random bytes).</summary>
public sealed record MalformedFrame(string Kind, byte[] Bytes, DropReason? Expected);

/// <summary>
/// Frames a port must refuse: truncated, bad checksums, runts, wrong lengths, bad fields, random bytes. Each
/// kind is built from a valid frame from <c>host</c> to the gateway and broken in one way, so exactly one check
/// fires. Deterministic for a seed.
/// </summary>
public sealed class MalformedFrames(MacAddress gatewayMac, Ipv4Address gatewayIp, MacAddress hostMac, Ipv4Address hostIp, int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>The kinds, cycled through by <see cref="Generate"/>.</summary>
    public const int KindCount = 26;

    public IEnumerable<MalformedFrame> Generate(int count)
    {
        for (int i = 0; i < count; i++) yield return Make(i % KindCount);
    }

    public MalformedFrame Make(int kind)
    {
        switch (kind)
        {
            case 0:
                return new("runt", RandomBytes(_random.Next(0, EthernetFrame.HeaderLength)), DropReason.FrameTooShort);
            case 1:
            {
                // A real 802.1Q tag (TPID 0x8100, a random VLAN) between the source MAC and the EtherType.
                var untagged = Echo();
                var frame = new byte[untagged.Length + 4];
                untagged.AsSpan(0, 12).CopyTo(frame);
                Write16(frame, 12, 0x8100);
                Write16(frame, 14, (ushort)_random.Next(1, 4095));
                untagged.AsSpan(12).CopyTo(frame.AsSpan(16));
                return new("vlan-tagged", frame, DropReason.VlanTagged);
            }
            case 2:
            {
                var frame = Echo();
                var other = MacAddress.FromUInt64(0x0200_0000_0000UL | (ulong)_random.NextInt64(1, 0xFFFF_FFFF));
                other.WriteTo(frame);
                return new("not-for-us", frame, DropReason.NotAddressedToUs);
            }
            case 3:
            {
                var frame = Echo();
                Write16(frame, 12, (ushort)EtherType.Ipv6);
                return new("ipv6", frame, DropReason.UnsupportedEtherType);
            }
            case 4:
            {
                var frame = Frames.ArpRequest(hostMac, hostIp, gatewayIp, gatewayMac);
                return new("arp-truncated", frame[..(EthernetFrame.HeaderLength + _random.Next(0, ArpPacket.Length))], DropReason.ArpTruncated);
            }
            case 5:
            {
                var frame = Frames.ArpRequest(hostMac, hostIp, gatewayIp, gatewayMac);
                Write16(frame, 14, 6); // hardware type IEEE 802 instead of Ethernet
                return new("arp-bad-format", frame, DropReason.ArpBadFormat);
            }
            case 6:
            {
                var frame = Frames.ArpRequest(hostMac, hostIp, gatewayIp, gatewayMac);
                Write16(frame, 20, (ushort)_random.Next(3, 65536));
                return new("arp-bad-operation", frame, DropReason.ArpBadOperation);
            }
            case 7:
                return new("ipv4-truncated", Echo()[..(EthernetFrame.HeaderLength + _random.Next(0, Ipv4Repr.HeaderLength))], DropReason.Ipv4Truncated);
            case 8:
            {
                var frame = Echo();
                frame[14] = (byte)((_random.Next(0, 16) is var v && v == 4 ? 6 : v) << 4 | 5);
                return new("ipv4-bad-version", frame, DropReason.Ipv4BadVersion);
            }
            case 9:
            {
                var frame = Echo();
                frame[14] = (byte)(0x40 | _random.Next(0, 5));
                return new("ipv4-bad-header-length", frame, DropReason.Ipv4BadHeaderLength);
            }
            case 10:
            {
                var frame = Echo();
                Write16(frame, 16, (ushort)_random.Next(0, Ipv4Repr.HeaderLength));
                FixIpChecksum(frame);
                return new("ipv4-total-length-below-header", frame, DropReason.Ipv4BadTotalLength);
            }
            case 11:
            {
                var frame = Echo();
                Write16(frame, 16, (ushort)(frame.Length - EthernetFrame.HeaderLength + _random.Next(1, 1000)));
                FixIpChecksum(frame);
                return new("ipv4-total-length-beyond-frame", frame, DropReason.Ipv4Truncated);
            }
            case 12:
            {
                var frame = Echo();
                frame[24] ^= (byte)_random.Next(1, 256);
                return new("ipv4-bad-checksum", frame, DropReason.Ipv4BadChecksum);
            }
            case 13:
            {
                var frame = Echo();
                new Ipv4Address((uint)_random.Next(0x0E00_0000, 0x0F00_0000) << 4 | 1).WriteTo(frame.AsSpan(26)); // 224.0.0.0/4 source
                FixIpChecksum(frame);
                return new("ipv4-multicast-source", frame, DropReason.Ipv4BadSource);
            }
            case 14:
            {
                var frame = Echo();
                new Ipv4Address(gatewayIp.Value ^ (uint)_random.Next(1, 255) << 8).WriteTo(frame.AsSpan(30));
                FixIpChecksum(frame);
                return new("ipv4-not-for-us", frame, DropReason.Ipv4NotForUs);
            }
            case 15:
            {
                var frame = Echo();
                Write16(frame, 20, (ushort)(_random.Next(0, 2) == 0 ? 0x2000 : _random.Next(1, 0x1FFF))); // MF, or an offset
                FixIpChecksum(frame);
                return new("ipv4-fragment", frame, DropReason.Ipv4Fragment);
            }
            case 16:
            {
                var body = RandomBytes(_random.Next(20, 60));
                return new("ipv4-tcp", Frames.Ipv4(hostMac, gatewayMac, hostIp, gatewayIp, IpProtocol.Tcp, body), DropReason.Ipv4UnsupportedProtocol);
            }
            case 17:
                return new("icmp-truncated", Frames.Ipv4(hostMac, gatewayMac, hostIp, gatewayIp, IpProtocol.Icmp, RandomBytes(_random.Next(0, 8))), DropReason.IcmpTruncated);
            case 18:
            {
                var frame = Echo();
                frame[36] ^= (byte)_random.Next(1, 256);
                return new("icmp-bad-checksum", frame, DropReason.IcmpBadChecksum);
            }
            case 19:
            {
                var frame = Frames.EchoRequest(hostMac, gatewayMac, hostIp, gatewayIp, 1, 1, 16);
                // Retype the echo request as something the host stack does not answer, with a correct checksum.
                frame[34] = (byte)IcmpV4Type.TimeExceeded;
                FixIcmpChecksum(frame);
                return new("icmp-unanswered-type", frame, DropReason.IcmpIgnoredType);
            }
            case 20:
                return new("udp-truncated", Frames.Ipv4(hostMac, gatewayMac, hostIp, gatewayIp, IpProtocol.Udp, RandomBytes(_random.Next(0, 8))), DropReason.UdpTruncated);
            case 21:
            {
                var frame = Udp();
                Write16(frame, 38, (ushort)_random.Next(0, 8));
                return new("udp-length-below-header", frame, DropReason.UdpBadLength);
            }
            case 22:
            {
                var frame = Udp();
                frame[frame.Length - 1] ^= (byte)_random.Next(1, 256);
                return new("udp-bad-checksum", frame, DropReason.UdpBadChecksum);
            }
            case 23:
            {
                var frame = Udp();
                Write16(frame, 38, (ushort)(frame.Length - 34 + _random.Next(1, 100)));
                return new("udp-length-beyond-packet", frame, DropReason.UdpTruncated);
            }
            case 24:
            {
                // Random bytes behind a valid Ethernet header to us: some IPv4 check must refuse them.
                var body = RandomBytes(_random.Next(0, 200));
                var frame = new byte[EthernetFrame.HeaderLength + body.Length];
                new EthernetRepr(gatewayMac, hostMac, EtherType.Ipv4).Emit(frame);
                body.CopyTo(frame, EthernetFrame.HeaderLength);
                return new("random-ipv4", frame, null);
            }
            default:
                return new("random-bytes", RandomBytes(_random.Next(0, 1514)), null);
        }
    }

    private byte[] Echo() => Frames.EchoRequest(hostMac, gatewayMac, hostIp, gatewayIp, 0x4242, (ushort)_random.Next(), _random.Next(0, 64));

    private byte[] Udp() => Frames.Udp(hostMac, gatewayMac, hostIp, gatewayIp, 40000, 9, RandomBytes(_random.Next(1, 64)));

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static void Write16(byte[] frame, int offset, ushort value)
    {
        frame[offset] = (byte)(value >> 8);
        frame[offset + 1] = (byte)value;
    }

    private static void FixIpChecksum(byte[] frame)
    {
        frame[24] = frame[25] = 0;
        int headerLength = (frame[14] & 0xF) * 4;
        Write16(frame, 24, InternetChecksum.Compute(frame.AsSpan(14, headerLength)));
    }

    private static void FixIcmpChecksum(byte[] frame)
    {
        frame[36] = frame[37] = 0;
        Write16(frame, 36, InternetChecksum.Compute(frame.AsSpan(34)));
    }
}
