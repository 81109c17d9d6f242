namespace OnLan.Wire.Tests;

public class ArpPacketTests
{
    private static readonly MacAddress HostA = MacAddress.Parse("02:00:5e:12:00:01");
    private static readonly MacAddress HostB = MacAddress.Parse("02:00:5e:12:00:02");
    private static readonly Ipv4Address AddressA = Ipv4Address.Parse("198.18.0.1");
    private static readonly Ipv4Address AddressB = Ipv4Address.Parse("198.18.0.2");

    private static Span<byte> ArpOf(byte[] frame) => frame.AsSpan(EthernetFrame.HeaderLength);

    [Fact]
    public void Captured_arp_request_parses()
    {
        Assert.Equal(WireError.None, ArpPacket.TryParse(ArpOf(CapturedFrames.ArpRequest), out var packet));

        Assert.Equal(
            new ArpRepr(ArpOperation.Request, HostA, AddressA, MacAddress.Zero, AddressB),
            ArpRepr.Parse(packet));
    }

    [Fact]
    public void Captured_arp_reply_parses()
    {
        Assert.Equal(WireError.None, ArpPacket.TryParse(ArpOf(CapturedFrames.ArpReply), out var packet));

        Assert.Equal(ArpOperation.Reply, packet.Operation);
        Assert.Equal(HostB, packet.SenderHardwareAddress);
        Assert.Equal(AddressB, packet.SenderProtocolAddress);
        Assert.Equal(HostA, packet.TargetHardwareAddress);
        Assert.Equal(AddressA, packet.TargetProtocolAddress);
    }

    [Theory]
    [InlineData(nameof(CapturedFrames.ArpRequest))]
    [InlineData(nameof(CapturedFrames.ArpReply))]
    public void Emitting_the_parsed_packet_reproduces_the_captured_bytes(string name)
    {
        var bytes = ArpOf(CapturedFrames.Get(name)).ToArray();
        Assert.Equal(WireError.None, ArpPacket.TryParse(bytes, out var packet));

        var emitted = new byte[ArpPacket.Length];
        ArpRepr.Parse(packet).Emit(emitted);

        Assert.Equal(bytes, emitted);
    }

    [Fact]
    public void Truncated_arp_packet_is_rejected_at_every_length()
    {
        var bytes = ArpOf(CapturedFrames.ArpRequest);
        for (int length = 0; length < ArpPacket.Length; length++)
            Assert.Equal(WireError.Truncated, ArpPacket.TryParse(bytes[..length], out _));
    }

    [Fact]
    public void Ethernet_padding_after_the_packet_is_allowed_and_left_out_of_the_view()
    {
        byte[] padded = [.. ArpOf(CapturedFrames.ArpRequest), .. new byte[18]];

        Assert.Equal(WireError.None, ArpPacket.TryParse(padded, out var packet));
        Assert.Equal(ArpPacket.Length, packet.Packet.Length);
    }

    [Theory]
    [InlineData(1, 0x06)] // hardware type 6 (IEEE 802), low byte
    [InlineData(0, 0x01)] // hardware type 0x0101
    [InlineData(2, 0x86)] // protocol type 0x86DD
    [InlineData(4, 8)]    // hlen 8 (EUI-64)
    [InlineData(5, 16)]   // plen 16 (IPv6)
    [InlineData(5, 0)]
    public void Arp_for_anything_but_ethernet_and_ipv4_is_a_bad_format(int offset, byte value)
    {
        var bytes = ArpOf(CapturedFrames.ArpRequest);
        bytes[offset] = value;

        Assert.Equal(WireError.BadArpFormat, ArpPacket.TryParse(bytes, out _));
    }

    [Fact]
    public void Unknown_operation_is_returned_as_it_is()
    {
        var bytes = ArpOf(CapturedFrames.ArpRequest);
        bytes[7] = 9;

        Assert.Equal(WireError.None, ArpPacket.TryParse(bytes, out var packet));
        Assert.Equal((ArpOperation)9, packet.Operation);
    }

    [Fact]
    public void Request_turned_into_a_reply_in_place_matches_the_captured_reply()
    {
        var frameBytes = CapturedFrames.ArpRequest;
        Assert.Equal(WireError.None, EthernetFrame.TryParse(frameBytes, out var frame));
        Assert.Equal(WireError.None, ArpPacket.TryParse(frame.Payload, out var packet));

        var asked = packet.TargetProtocolAddress;
        packet.Operation = ArpOperation.Reply;
        packet.TargetHardwareAddress = packet.SenderHardwareAddress;
        packet.TargetProtocolAddress = packet.SenderProtocolAddress;
        packet.SenderHardwareAddress = HostB;
        packet.SenderProtocolAddress = asked;
        frame.Destination = frame.Source;
        frame.Source = HostB;

        Assert.Equal(CapturedFrames.ArpReply, frameBytes);
    }
}
