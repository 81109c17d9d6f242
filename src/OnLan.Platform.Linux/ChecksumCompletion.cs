using System.Buffers.Binary;
using OnLan.Wire;

namespace OnLan.Platform.Linux;

/// <summary>
/// Finishes the TCP or UDP checksum of a frame the kernel hands over with checksum offload pending
/// (TP_STATUS_CSUMNOTREADY: sent by a local stack over veth). The host stack then checks every checksum as if the
/// frame had come over a wire, and a frame with a wrong checksum is still refused.
/// </summary>
internal static class ChecksumCompletion
{
    public static void Complete(Span<byte> frame)
    {
        if (frame.Length < EthernetFrame.HeaderLength + Ipv4Repr.HeaderLength) return;
        if (BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != (ushort)EtherType.Ipv4) return;
        var ip = frame[EthernetFrame.HeaderLength..];
        int headerLength = (ip[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if ((ip[0] >> 4) != 4 || headerLength < Ipv4Repr.HeaderLength || totalLength < headerLength || totalLength > ip.Length) return;
        if ((BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x3FFF) != 0) return; // a fragment: offload does not apply
        var protocol = (IpProtocol)ip[9];
        int checksumOffset = protocol switch
        {
            IpProtocol.Udp => 6,
            IpProtocol.Tcp => 16,
            _ => -1,
        };
        var segment = ip[headerLength..totalLength];
        if (checksumOffset < 0 || segment.Length < checksumOffset + 2) return;
        segment[checksumOffset] = 0;
        segment[checksumOffset + 1] = 0;
        uint sum = InternetChecksum.PseudoHeaderSum(Ipv4Address.Read(ip[12..]), Ipv4Address.Read(ip[16..]), protocol, segment.Length);
        ushort checksum = InternetChecksum.Finish(InternetChecksum.Sum(segment, sum));
        if (checksum == 0 && protocol == IpProtocol.Udp) checksum = 0xFFFF; // RFC 768: 0 means "no checksum"
        BinaryPrimitives.WriteUInt16BigEndian(segment[checksumOffset..], checksum);
    }
}
