using System.Buffers.Binary;

namespace OnLan.Wire.Tests;

public class Ipv4PacketTests
{
    private static readonly Ipv4Address AddressA = Ipv4Address.Parse("198.18.0.1");
    private static readonly Ipv4Address AddressB = Ipv4Address.Parse("198.18.0.2");

    private static byte[] Ipv4Of(byte[] frame) => frame[CapturedFrames.Ipv4Offset..];

    [Fact]
    public void Captured_echo_request_packet_parses()
    {
        var bytes = Ipv4Of(CapturedFrames.EchoRequest);

        Assert.Equal(WireError.None, Ipv4Packet.TryParse(bytes, out var packet));
        Assert.Equal(20, packet.HeaderLength);
        Assert.Equal(52, packet.TotalLength);
        Assert.Equal(52, packet.Packet.Length);
        Assert.Equal(20, packet.Header.Length);
        Assert.Equal(32, packet.Payload.Length);
        Assert.True(packet.Options.IsEmpty);
        Assert.Equal(0, packet.TypeOfService);
        Assert.Equal(49442, packet.Identification);
        Assert.True(packet.DontFragment);
        Assert.False(packet.MoreFragments);
        Assert.Equal(0, packet.FragmentOffset);
        Assert.False(packet.IsFragment);
        Assert.Equal(64, packet.TimeToLive);
        Assert.Equal(IpProtocol.Icmp, packet.Protocol);
        Assert.Equal(0xed7e, packet.HeaderChecksum);
        Assert.Equal(AddressA, packet.Source);
        Assert.Equal(AddressB, packet.Destination);
    }

    [Fact]
    public void Captured_port_unreachable_packet_keeps_its_type_of_service()
    {
        Assert.Equal(WireError.None, Ipv4Packet.TryParse(Ipv4Of(CapturedFrames.PortUnreachable), out var packet));

        Assert.Equal(0xc0, packet.TypeOfService);
        Assert.False(packet.DontFragment);
        Assert.Equal(AddressB, packet.Source);
        Assert.Equal(AddressA, packet.Destination);
    }

    [Theory]
    [MemberData(nameof(CapturedFrames.WholeIpv4Frames), MemberType = typeof(CapturedFrames))]
    public void Emitting_the_parsed_header_reproduces_the_captured_bytes(string name)
    {
        var bytes = Ipv4Of(CapturedFrames.Get(name));
        Assert.Equal(WireError.None, Ipv4Packet.TryParse(bytes, out var packet));
        var repr = Ipv4Repr.Parse(packet);

        var emitted = new byte[Ipv4Repr.HeaderLength];
        repr.Emit(emitted);

        Assert.Equal(bytes[..Ipv4Repr.HeaderLength], emitted);
        Assert.Equal(bytes.Length, repr.TotalLength);
    }

    [Fact]
    public void First_fragment_has_more_fragments_set_at_offset_zero()
    {
        Assert.Equal(WireError.None, Ipv4Packet.TryParse(Ipv4Of(CapturedFrames.FirstFragment), out var packet));

        Assert.True(packet.MoreFragments);
        Assert.False(packet.DontFragment);
        Assert.Equal(0, packet.FragmentOffset);
        Assert.True(packet.IsFragment);
        Assert.Equal(1500, packet.TotalLength);
    }

    [Fact]
    public void Last_fragment_has_an_offset_and_no_more_fragments()
    {
        Assert.Equal(WireError.None, Ipv4Packet.TryParse(Ipv4Of(CapturedFrames.LastFragment), out var packet));

        Assert.False(packet.MoreFragments);
        Assert.Equal(2960, packet.FragmentOffset);
        Assert.True(packet.IsFragment);
        Assert.Equal(68, packet.TotalLength);
    }

    [Theory]
    [MemberData(nameof(CapturedFrames.WholeIpv4Frames), MemberType = typeof(CapturedFrames))]
    [InlineData(nameof(CapturedFrames.FirstFragment))]
    public void Truncated_ipv4_packet_is_rejected_at_every_length(string name)
    {
        var bytes = Ipv4Of(CapturedFrames.Get(name));
        for (int length = 0; length < bytes.Length; length++)
            Assert.Equal(WireError.Truncated, Ipv4Packet.TryParse(bytes.AsSpan(0, length), out _));
    }

    [Fact]
    public void Ethernet_padding_after_the_total_length_is_outside_the_view()
    {
        byte[] padded = [.. Ipv4Of(CapturedFrames.UdpDatagram), .. new byte[9]];

        Assert.Equal(WireError.None, Ipv4Packet.TryParse(padded, out var packet));
        Assert.Equal(37, packet.Packet.Length);
        Assert.Equal(17, packet.Payload.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(15)]
    public void Version_other_than_four_is_rejected(int version)
    {
        var bytes = Ipv4Of(CapturedFrames.EchoRequest);
        bytes[0] = (byte)(version << 4 | 5);

        Assert.Equal(WireError.BadVersion, Ipv4Packet.TryParse(bytes, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Header_length_below_five_words_is_rejected(int ihl)
    {
        var bytes = Ipv4Of(CapturedFrames.EchoRequest);
        bytes[0] = (byte)(0x40 | ihl);

        Assert.Equal(WireError.BadHeaderLength, Ipv4Packet.TryParse(bytes, out _));
    }

    [Fact]
    public void Header_length_beyond_the_buffer_is_truncated()
    {
        var bytes = Ipv4Of(CapturedFrames.EchoRequest)[..40];
        bytes[0] = 0x4F; // 60-byte header

        Assert.Equal(WireError.Truncated, Ipv4Packet.TryParse(bytes, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(19)]
    public void Total_length_shorter_than_the_header_is_rejected(int totalLength)
    {
        var bytes = Ipv4Of(CapturedFrames.EchoRequest);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)totalLength);

        Assert.Equal(WireError.BadTotalLength, Ipv4Packet.TryParse(bytes, out _));
    }

    [Fact]
    public void Total_length_of_just_the_header_is_an_empty_payload()
    {
        var bytes = Ipv4Of(CapturedFrames.EchoRequest);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), 20);
        Assert.Equal(WireError.BadChecksum, Ipv4Packet.TryParse(bytes, out _));
        RefillChecksum(bytes);

        Assert.Equal(WireError.None, Ipv4Packet.TryParse(bytes, out var packet));
        Assert.True(packet.Payload.IsEmpty);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    public void Flipped_bit_in_the_checksum_field_is_rejected(int offset)
    {
        var bytes = Ipv4Of(CapturedFrames.EchoRequest);
        for (int bit = 0; bit < 8; bit++)
        {
            bytes[offset] ^= (byte)(1 << bit);
            Assert.Equal(WireError.BadChecksum, Ipv4Packet.TryParse(bytes, out _));
            bytes[offset] ^= (byte)(1 << bit);
        }
    }

    [Fact]
    public void Flipped_bit_anywhere_in_the_header_is_rejected()
    {
        var bytes = Ipv4Of(CapturedFrames.EchoRequest);
        for (int offset = 0; offset < Ipv4Packet.MinHeaderLength; offset++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                bytes[offset] ^= (byte)(1 << bit);
                Assert.NotEqual(WireError.None, Ipv4Packet.TryParse(bytes, out _));
                bytes[offset] ^= (byte)(1 << bit);
            }
        }
        // The fields that no structural check looks at are caught by the checksum alone.
        foreach (int offset in new[] { 1, 4, 5, 8, 9, 12, 13, 14, 15, 16, 17, 18, 19 })
        {
            bytes[offset] ^= 0x01;
            Assert.Equal(WireError.BadChecksum, Ipv4Packet.TryParse(bytes, out _));
            bytes[offset] ^= 0x01;
        }
    }

    [Fact]
    public void Payload_is_not_covered_by_the_header_checksum()
    {
        var bytes = Ipv4Of(CapturedFrames.EchoRequest);
        bytes[^1] ^= 0xFF;

        Assert.Equal(WireError.None, Ipv4Packet.TryParse(bytes, out _));
    }

    [Fact]
    public void Options_are_part_of_the_header_and_not_kept_by_the_repr()
    {
        var original = Ipv4Of(CapturedFrames.UdpDatagram);
        // Insert four No-Operation options (RFC 791 type 1) between header and payload.
        byte[] bytes = [.. original[..20], 1, 1, 1, 1, .. original[20..]];
        bytes[0] = 0x46;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)bytes.Length);
        RefillChecksum(bytes);

        Assert.Equal(WireError.None, Ipv4Packet.TryParse(bytes, out var packet));
        Assert.Equal(24, packet.HeaderLength);
        Assert.Equal([1, 1, 1, 1], packet.Options.ToArray());
        Assert.Equal(original[20..], packet.Payload.ToArray());
        Assert.Equal(original.Length - 20, Ipv4Repr.Parse(packet).PayloadLength);
    }

    [Fact]
    public void Forwarding_decrements_ttl_and_refills_the_checksum()
    {
        var bytes = Ipv4Of(CapturedFrames.EchoRequest);
        Assert.Equal(WireError.None, Ipv4Packet.TryParse(bytes, out var packet));

        packet.TimeToLive--;
        Assert.Equal(WireError.BadChecksum, Ipv4Packet.TryParse(bytes, out _));
        packet.FillChecksum();

        Assert.Equal(WireError.None, Ipv4Packet.TryParse(bytes, out var forwarded));
        Assert.Equal(63, forwarded.TimeToLive);
    }

    [Fact]
    public void Address_setters_write_into_the_header()
    {
        var bytes = Ipv4Of(CapturedFrames.EchoRequest);
        Assert.Equal(WireError.None, Ipv4Packet.TryParse(bytes, out var packet));
        var translated = Ipv4Address.Parse("198.19.0.7");

        packet.Source = translated;
        packet.Destination = AddressA;
        packet.FillChecksum();

        Assert.Equal(WireError.None, Ipv4Packet.TryParse(bytes, out var parsed));
        Assert.Equal(translated, parsed.Source);
        Assert.Equal(AddressA, parsed.Destination);
    }

    [Fact]
    public void Repr_emits_a_packet_that_parses_back_to_itself()
    {
        var repr = new Ipv4Repr(AddressB, AddressA, IpProtocol.Esp, 100)
        {
            Identification = 0xBEEF,
            DontFragment = true,
            TypeOfService = 0xB8,
            TimeToLive = 1,
        };
        var bytes = new byte[repr.TotalLength];

        repr.Emit(bytes);

        Assert.Equal(WireError.None, Ipv4Packet.TryParse(bytes, out var packet));
        Assert.Equal(repr, Ipv4Repr.Parse(packet));
        Assert.False(packet.IsFragment);
    }

    [Fact]
    public void Repr_time_to_live_defaults_to_64()
    {
        Assert.Equal(64, new Ipv4Repr(AddressA, AddressB, IpProtocol.Udp, 0).TimeToLive);
    }

    private static void RefillChecksum(byte[] packet)
    {
        int headerLength = (packet[0] & 0x0F) * 4;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), 0);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), InternetChecksum.Compute(packet.AsSpan(0, headerLength)));
    }
}
