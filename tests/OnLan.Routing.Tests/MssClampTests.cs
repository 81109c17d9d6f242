using System.Buffers.Binary;
using OnLan.Routing;
using OnLan.Wire;

namespace OnLan.Routing.Tests;

public class MssClampTests
{
    private static readonly Ipv4Address Source = Ipv4Address.Parse("198.18.0.10");
    private static readonly Ipv4Address Destination = Ipv4Address.Parse("198.18.0.200");

    // IPv4 + TCP with options: MSS, NOP, window scale, SACK permitted, timestamps (a Linux SYN).
    private static byte[] Segment(byte flags, ushort mss)
    {
        byte[] options = [2, 4, (byte)(mss >> 8), (byte)mss, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0];
        var packet = new byte[Ipv4Repr.HeaderLength + 20 + options.Length];
        var tcp = packet.AsSpan(Ipv4Repr.HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], 5001);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], 123456);
        tcp[12] = (byte)((20 + options.Length) / 4 << 4);
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 64240);
        options.CopyTo(tcp[20..]);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], TcpChecksum(tcp));
        new Ipv4Repr(Source, Destination, IpProtocol.Tcp, tcp.Length).Emit(packet);
        return packet;
    }

    private static ushort TcpChecksum(ReadOnlySpan<byte> tcp)
    {
        var copy = tcp.ToArray();
        copy[16] = copy[17] = 0;
        return InternetChecksum.Finish(InternetChecksum.Sum(copy, InternetChecksum.PseudoHeaderSum(Source, Destination, IpProtocol.Tcp, copy.Length)));
    }

    [Theory]
    [InlineData(1460, 1380)]
    [InlineData(65495, 1360)]
    [InlineData(1381, 1380)]
    public void Syn_announcing_a_larger_mss_is_clamped_and_its_checksum_stays_right(ushort announced, ushort limit)
    {
        var packet = Segment(0x02, announced);

        Assert.True(MssClamp.Apply(packet, limit));

        var tcp = packet.AsSpan(Ipv4Repr.HeaderLength);
        Assert.Equal(limit, BinaryPrimitives.ReadUInt16BigEndian(tcp[22..]));
        Assert.Equal(TcpChecksum(tcp), BinaryPrimitives.ReadUInt16BigEndian(tcp[16..]));
    }

    [Fact]
    public void Syn_ack_is_clamped_too()
    {
        var packet = Segment(0x12, 1460);

        Assert.True(MssClamp.Apply(packet, 1380));
    }

    [Theory]
    [InlineData(0x02, 1300)] // already small enough
    [InlineData(0x10, 1460)] // not a SYN
    public void Other_segments_are_left_alone(byte flags, ushort mss)
    {
        var packet = Segment(flags, mss);
        var before = packet.ToArray();

        Assert.False(MssClamp.Apply(packet, 1380));
        Assert.Equal(before, packet);
    }

    [Fact]
    public void Malformed_options_are_left_alone_without_an_exception()
    {
        var packet = Segment(0x02, 1460);
        packet[Ipv4Repr.HeaderLength + 21] = 0; // MSS option length 0
        var before = packet.ToArray();

        Assert.False(MssClamp.Apply(packet, 1380));
        Assert.Equal(before, packet);
        for (int length = 0; length < packet.Length; length++) MssClamp.Apply(packet.AsSpan(0, length), 1380);
    }
}
