using System.Buffers.Binary;

namespace OnLan.Wire.Tests;

public class EthernetFrameTests
{
    private static readonly MacAddress HostA = MacAddress.Parse("02:00:5e:12:00:01");
    private static readonly MacAddress HostB = MacAddress.Parse("02:00:5e:12:00:02");

    [Fact]
    public void Captured_broadcast_arp_frame_parses()
    {
        var bytes = CapturedFrames.ArpRequest;

        Assert.Equal(WireError.None, EthernetFrame.TryParse(bytes, out var frame));
        Assert.Equal(MacAddress.Broadcast, frame.Destination);
        Assert.Equal(HostA, frame.Source);
        Assert.Equal(EtherType.Arp, frame.EtherType);
        Assert.Equal(bytes.Length, frame.Buffer.Length);
        Assert.Equal(ArpPacket.Length, frame.Payload.Length);
    }

    [Fact]
    public void Captured_ipv4_frame_parses()
    {
        var bytes = CapturedFrames.EchoReply;

        Assert.Equal(WireError.None, EthernetFrame.TryParse(bytes, out var frame));
        Assert.Equal(HostA, frame.Destination);
        Assert.Equal(HostB, frame.Source);
        Assert.Equal(EtherType.Ipv4, frame.EtherType);
        Assert.True(frame.Payload.SequenceEqual(bytes.AsSpan(EthernetFrame.HeaderLength)));
    }

    [Theory]
    [MemberData(nameof(CapturedFrames.AllFrames), MemberType = typeof(CapturedFrames))]
    public void Emitting_the_parsed_header_reproduces_the_captured_bytes(string name)
    {
        var bytes = CapturedFrames.Get(name);
        Assert.Equal(WireError.None, EthernetFrame.TryParse(bytes, out var frame));

        var emitted = new byte[EthernetFrame.HeaderLength];
        EthernetRepr.Parse(frame).Emit(emitted);

        Assert.Equal(bytes[..EthernetFrame.HeaderLength], emitted);
    }

    [Fact]
    public void Truncated_ethernet_header_is_rejected_at_every_length()
    {
        var bytes = CapturedFrames.ArpRequest;
        for (int length = 0; length < EthernetFrame.HeaderLength; length++)
            Assert.Equal(WireError.Truncated, EthernetFrame.TryParse(bytes.AsSpan(0, length), out _));
    }

    [Fact]
    public void A_bare_header_is_a_frame_with_an_empty_payload()
    {
        var bytes = CapturedFrames.ArpRequest[..EthernetFrame.HeaderLength];

        Assert.Equal(WireError.None, EthernetFrame.TryParse(bytes, out var frame));
        Assert.True(frame.Payload.IsEmpty);
    }

    [Fact]
    public void Captured_802_1q_tagged_frame_is_refused_as_vlan_tagged()
    {
        Assert.Equal(WireError.VlanTagged, EthernetFrame.TryParse(CapturedFrames.VlanTagged, out _));
    }

    [Theory]
    [InlineData(0x8100)]
    [InlineData(0x88A8)]
    [InlineData(0x9100)]
    public void Every_vlan_tag_type_is_refused(int tagType)
    {
        var bytes = CapturedFrames.EchoRequest;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(12), (ushort)tagType);

        Assert.Equal(WireError.VlanTagged, EthernetFrame.TryParse(bytes, out _));
    }

    [Fact]
    public void Unknown_ether_type_is_returned_as_it_is()
    {
        var bytes = CapturedFrames.EchoRequest;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(12), 0x88B5);

        Assert.Equal(WireError.None, EthernetFrame.TryParse(bytes, out var frame));
        Assert.Equal((EtherType)0x88B5, frame.EtherType);
    }

    [Fact]
    public void Setters_write_into_the_frame_buffer()
    {
        var bytes = CapturedFrames.EchoRequest;
        Assert.Equal(WireError.None, EthernetFrame.TryParse(bytes, out var frame));

        frame.Destination = HostA;
        frame.Source = HostB;
        frame.EtherType = EtherType.Ipv6;

        Assert.Equal(CapturedFrames.EchoReply[..12], bytes[..12]);
        Assert.Equal([0x86, 0xDD], bytes[12..14]);
    }
}
