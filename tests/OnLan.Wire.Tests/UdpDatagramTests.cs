using System.Buffers.Binary;
using System.Text;

namespace OnLan.Wire.Tests;

public class UdpDatagramTests
{
    private static readonly Ipv4Address AddressA = Ipv4Address.Parse("198.18.0.1");
    private static readonly Ipv4Address AddressB = Ipv4Address.Parse("198.18.0.2");

    private static byte[] UdpOf(byte[] frame) => frame[CapturedFrames.TransportOffset..];

    [Fact]
    public void Captured_udp_datagram_parses()
    {
        var bytes = UdpOf(CapturedFrames.UdpDatagram);

        Assert.Equal(WireError.None, UdpDatagram.TryParse(bytes, AddressA, AddressB, out var datagram));
        Assert.Equal(38988, datagram.SourcePort);
        Assert.Equal(33434, datagram.DestinationPort);
        Assert.Equal(17, datagram.Length);
        Assert.Equal(17, datagram.Datagram.Length);
        Assert.Equal(0xe909, datagram.Checksum);
        Assert.Equal("hi-onlan\n", Encoding.ASCII.GetString(datagram.Payload));
        Assert.Equal(new UdpRepr(38988, 33434), UdpRepr.Parse(datagram));
    }

    [Fact]
    public void Emitting_the_parsed_datagram_reproduces_the_captured_bytes()
    {
        var bytes = UdpOf(CapturedFrames.UdpDatagram);
        Assert.Equal(WireError.None, UdpDatagram.TryParse(bytes, AddressA, AddressB, out var datagram));

        var emitted = new byte[bytes.Length];
        datagram.Payload.CopyTo(emitted.AsSpan(UdpDatagram.HeaderLength));
        int length = UdpRepr.Parse(datagram).Emit(emitted, datagram.Payload.Length, AddressA, AddressB);

        Assert.Equal(bytes.Length, length);
        Assert.Equal(bytes, emitted);
    }

    [Fact]
    public void Truncated_udp_datagram_is_rejected_at_every_length()
    {
        var bytes = UdpOf(CapturedFrames.UdpDatagram);
        for (int length = 0; length < bytes.Length; length++)
            Assert.Equal(WireError.Truncated, UdpDatagram.TryParse(bytes.AsSpan(0, length), AddressA, AddressB, out _));
    }

    [Fact]
    public void Length_field_below_the_header_is_rejected()
    {
        var bytes = UdpOf(CapturedFrames.UdpDatagram);
        for (int length = 0; length < UdpDatagram.HeaderLength; length++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), (ushort)length);
            Assert.Equal(WireError.BadLength, UdpDatagram.TryParse(bytes, AddressA, AddressB, out _));
        }
    }

    [Fact]
    public void Bytes_after_the_length_field_are_not_payload()
    {
        byte[] padded = [.. UdpOf(CapturedFrames.UdpDatagram), 0xAA, 0xBB];

        Assert.Equal(WireError.None, UdpDatagram.TryParse(padded, AddressA, AddressB, out var datagram));
        Assert.Equal(17, datagram.Datagram.Length);
        Assert.Equal(9, datagram.Payload.Length);
    }

    [Fact]
    public void Flipped_bit_anywhere_in_the_datagram_is_rejected()
    {
        var bytes = UdpOf(CapturedFrames.UdpDatagram);
        for (int offset = 0; offset < bytes.Length; offset++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                bytes[offset] ^= (byte)(1 << bit);
                Assert.NotEqual(WireError.None, UdpDatagram.TryParse(bytes, AddressA, AddressB, out _));
                bytes[offset] ^= (byte)(1 << bit);
            }
        }
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(16)]
    public void Flipped_bit_in_checksum_or_payload_is_a_bad_checksum(int offset)
    {
        var bytes = UdpOf(CapturedFrames.UdpDatagram);
        bytes[offset] ^= 0x10;

        Assert.Equal(WireError.BadChecksum, UdpDatagram.TryParse(bytes, AddressA, AddressB, out _));
    }

    [Fact]
    public void Checksum_covers_the_pseudo_header_addresses()
    {
        var bytes = UdpOf(CapturedFrames.UdpDatagram);

        Assert.Equal(WireError.BadChecksum, UdpDatagram.TryParse(bytes, AddressA, Ipv4Address.Parse("198.18.0.3"), out _));
        Assert.Equal(WireError.BadChecksum, UdpDatagram.TryParse(bytes, Ipv4Address.Parse("198.19.0.1"), AddressB, out _));
    }

    [Fact]
    public void Zero_checksum_means_none_and_is_accepted()
    {
        var bytes = UdpOf(CapturedFrames.UdpDatagram);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6), 0);
        bytes[^1] ^= 0xFF; // nothing checks the payload now

        Assert.Equal(WireError.None, UdpDatagram.TryParse(bytes, AddressA, AddressB, out var datagram));
        Assert.Equal(0, datagram.Checksum);
    }

    [Fact]
    public void Computed_zero_checksum_is_sent_as_all_ones()
    {
        // A two-byte payload chosen so that the one's-complement sum is all ones, i.e. the checksum is zero.
        var bytes = new byte[UdpDatagram.HeaderLength + 2];
        var repr = new UdpRepr(500, 4500);
        repr.Emit(bytes, 2, AddressA, AddressB);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6), 0);
        uint sum = InternetChecksum.Sum(bytes, InternetChecksum.PseudoHeaderSum(AddressA, AddressB, IpProtocol.Udp, bytes.Length));
        ushort folded = (ushort)~InternetChecksum.Finish(sum);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(8), (ushort)(0xFFFF - folded));

        repr.Emit(bytes, 2, AddressA, AddressB);

        Assert.Equal(WireError.None, UdpDatagram.TryParse(bytes, AddressA, AddressB, out var datagram));
        Assert.Equal(0xFFFF, datagram.Checksum);
    }

    [Fact]
    public void Port_setters_then_fill_checksum_give_a_valid_datagram()
    {
        var bytes = UdpOf(CapturedFrames.UdpDatagram);
        Assert.Equal(WireError.None, UdpDatagram.TryParse(bytes, AddressA, AddressB, out var datagram));
        var translated = Ipv4Address.Parse("198.19.0.9");

        datagram.SourcePort = 4500;
        datagram.DestinationPort = 500;
        datagram.FillChecksum(translated, AddressB);

        Assert.Equal(WireError.None, UdpDatagram.TryParse(bytes, translated, AddressB, out var parsed));
        Assert.Equal(new UdpRepr(4500, 500), UdpRepr.Parse(parsed));
    }

    [Fact]
    public void Empty_payload_is_a_valid_datagram()
    {
        var bytes = new byte[UdpDatagram.HeaderLength];

        Assert.Equal(8, new UdpRepr(68, 67).Emit(bytes, 0, AddressA, Ipv4Address.Broadcast));

        Assert.Equal(WireError.None, UdpDatagram.TryParse(bytes, AddressA, Ipv4Address.Broadcast, out var datagram));
        Assert.True(datagram.Payload.IsEmpty);
        Assert.Equal(8, datagram.Length);
    }
}
