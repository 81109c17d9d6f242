using System.Buffers.Binary;

namespace OnLan.Wire.Tests;

public class IcmpV4PacketTests
{
    private static byte[] IcmpOf(byte[] frame) => frame[CapturedFrames.TransportOffset..];

    [Fact]
    public void Captured_echo_request_parses()
    {
        var bytes = IcmpOf(CapturedFrames.EchoRequest);

        Assert.Equal(WireError.None, IcmpV4Packet.TryParse(bytes, out var packet));
        Assert.Equal(IcmpV4Type.EchoRequest, packet.Type);
        Assert.Equal(0, packet.Code);
        Assert.Equal(0x6627, packet.Checksum);
        Assert.Equal(4511, packet.EchoIdentifier);
        Assert.Equal(1, packet.EchoSequenceNumber);
        Assert.Equal(32, packet.Message.Length);
        // ping's pattern (-p 4f6e4c616e) fills the data after its 16-byte timestamp.
        Assert.Equal(Convert.FromHexString("6e4c616e4f6e4c61"), packet.Data[^8..].ToArray());
    }

    [Fact]
    public void Captured_echo_reply_parses()
    {
        Assert.Equal(WireError.None, IcmpV4Packet.TryParse(IcmpOf(CapturedFrames.EchoReply), out var packet));

        Assert.Equal(IcmpV4Repr.EchoReply(4511, 1), IcmpV4Repr.Parse(packet));
    }

    [Fact]
    public void Captured_port_unreachable_quotes_the_udp_datagram_that_caused_it()
    {
        Assert.Equal(WireError.None, IcmpV4Packet.TryParse(IcmpOf(CapturedFrames.PortUnreachable), out var packet));
        Assert.Equal(IcmpV4Repr.DestinationUnreachable(IcmpV4UnreachableCode.PortUnreachable), IcmpV4Repr.Parse(packet));

        Assert.Equal(WireError.None, Ipv4Packet.TryParse(packet.Data, out var quoted));
        Assert.Equal(IpProtocol.Udp, quoted.Protocol);
        Assert.Equal(WireError.None, UdpDatagram.TryParse(quoted.Payload, quoted.Source, quoted.Destination, out var datagram));
        Assert.Equal(33434, datagram.DestinationPort);
    }

    [Theory]
    [MemberData(nameof(CapturedFrames.IcmpFrames), MemberType = typeof(CapturedFrames))]
    public void Emitting_the_parsed_message_reproduces_the_captured_bytes(string name)
    {
        var bytes = IcmpOf(CapturedFrames.Get(name));
        Assert.Equal(WireError.None, IcmpV4Packet.TryParse(bytes, out var packet));

        var emitted = new byte[bytes.Length];
        int length = IcmpV4Repr.Parse(packet).Emit(emitted, packet.Data);

        Assert.Equal(bytes.Length, length);
        Assert.Equal(bytes, emitted);
    }

    [Fact]
    public void Echo_reply_built_in_place_over_the_request_matches_the_captured_reply()
    {
        var bytes = IcmpOf(CapturedFrames.EchoRequest);
        Assert.Equal(WireError.None, IcmpV4Packet.TryParse(bytes, out var request));

        int length = IcmpV4Repr.EchoReply(request.EchoIdentifier, request.EchoSequenceNumber).Emit(request.Message, request.Data);

        Assert.Equal(bytes.Length, length);
        Assert.Equal(IcmpOf(CapturedFrames.EchoReply), bytes);
    }

    [Fact]
    public void Fragmentation_needed_built_with_the_repr_parses_back_with_its_next_hop_mtu()
    {
        // RFC 792: the invoking packet's IP header and the first 8 bytes of its data.
        var invoking = CapturedFrames.FirstFragment.AsSpan(CapturedFrames.Ipv4Offset, Ipv4Packet.MinHeaderLength + 8);
        var repr = IcmpV4Repr.DestinationUnreachable(IcmpV4UnreachableCode.FragmentationNeeded, nextHopMtu: 1400);
        var bytes = new byte[IcmpV4Packet.HeaderLength + invoking.Length];

        Assert.Equal(bytes.Length, repr.Emit(bytes, invoking));

        Assert.Equal(WireError.None, IcmpV4Packet.TryParse(bytes, out var packet));
        Assert.Equal(IcmpV4Type.DestinationUnreachable, packet.Type);
        Assert.Equal((byte)IcmpV4UnreachableCode.FragmentationNeeded, packet.Code);
        Assert.Equal(1400, packet.NextHopMtu);
        Assert.Equal(0, packet.EchoIdentifier); // RFC 1191: unused, zero
        Assert.True(packet.Data.SequenceEqual(invoking));
        Assert.Equal(repr, IcmpV4Repr.Parse(packet));
        Assert.Equal(1400, IcmpV4Repr.Parse(packet).NextHopMtu);
    }

    [Theory]
    [MemberData(nameof(CapturedFrames.IcmpFrames), MemberType = typeof(CapturedFrames))]
    public void Truncated_icmp_message_is_rejected_at_every_length(string name)
    {
        var bytes = IcmpOf(CapturedFrames.Get(name));
        for (int length = 0; length < IcmpV4Packet.HeaderLength; length++)
            Assert.Equal(WireError.Truncated, IcmpV4Packet.TryParse(bytes.AsSpan(0, length), out _));
        // ICMP has no length field: only the checksum can tell a cut message.
        for (int length = IcmpV4Packet.HeaderLength; length < bytes.Length; length++)
            Assert.Equal(WireError.BadChecksum, IcmpV4Packet.TryParse(bytes.AsSpan(0, length), out _));
    }

    [Theory]
    [MemberData(nameof(CapturedFrames.IcmpFrames), MemberType = typeof(CapturedFrames))]
    public void Flipped_bit_anywhere_in_the_message_is_rejected(string name)
    {
        var bytes = IcmpOf(CapturedFrames.Get(name));
        for (int offset = 0; offset < bytes.Length; offset++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                bytes[offset] ^= (byte)(1 << bit);
                Assert.Equal(WireError.BadChecksum, IcmpV4Packet.TryParse(bytes, out _));
                bytes[offset] ^= (byte)(1 << bit);
            }
        }
    }

    [Fact]
    public void Setters_then_fill_checksum_give_a_valid_message()
    {
        var bytes = IcmpOf(CapturedFrames.PortUnreachable);
        Assert.Equal(WireError.None, IcmpV4Packet.TryParse(bytes, out var packet));

        packet.Code = (byte)IcmpV4UnreachableCode.FragmentationNeeded;
        packet.NextHopMtu = 1280;
        packet.FillChecksum();

        Assert.Equal(WireError.None, IcmpV4Packet.TryParse(bytes, out var parsed));
        Assert.Equal(1280, parsed.NextHopMtu);
        Assert.Equal(1280, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(6)));
    }

    [Fact]
    public void Unknown_type_is_returned_as_it_is()
    {
        var bytes = new byte[IcmpV4Packet.HeaderLength];
        new IcmpV4Repr((IcmpV4Type)13, 0, 7, 9).Emit(bytes, []);

        Assert.Equal(WireError.None, IcmpV4Packet.TryParse(bytes, out var packet));
        Assert.Equal((IcmpV4Type)13, packet.Type);
        Assert.True(packet.Data.IsEmpty);
    }
}
