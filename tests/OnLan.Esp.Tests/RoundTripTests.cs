using OnLan.Wire;

namespace OnLan.Esp.Tests;

public class RoundTripTests
{
    public static TheoryData<string, bool> SuitesAndEncapsulations()
    {
        var data = new TheoryData<string, bool>();
        foreach (var suite in EspSuite.All)
        {
            data.Add(suite.Name, true);
            data.Add(suite.Name, false);
        }
        return data;
    }

    internal static EspSuite Suite(string name) => EspSuite.All.Single(s => s.Name == name);

    [Theory]
    [MemberData(nameof(SuitesAndEncapsulations))]
    public void Packets_go_both_ways_through_the_tunnel_for_every_suite(string suiteName, bool udpEncapsulated)
    {
        using var tunnel = new Tunnel(Suite(suiteName), udpEncapsulated);
        foreach (int size in new[] { 28, 29, 30, 31, 64, 100, 1400, 1500 })
        {
            // Remote PC -> LAN host: the gateway's inbound.
            byte[] up = Tunnel.InnerPacket(Tunnel.PeerInner, Tunnel.LanHost, size, out int upLength, fill: (byte)size);
            byte[] expectedUp = up.AsSpan(EspSa.Headroom, upLength).ToArray();
            byte[] esp = Tunnel.Seal(tunnel.Peer, up, upLength);
            Assert.Equal(EspDropReason.None, tunnel.Gateway.Decapsulate(esp, out int offset, out int length));
            Assert.Equal(expectedUp, esp.AsSpan(offset, length).ToArray());

            // LAN host -> remote PC: the gateway's outbound.
            byte[] down = Tunnel.InnerPacket(Tunnel.LanHost, Tunnel.PeerInner, size, out int downLength, fill: (byte)~size);
            byte[] expectedDown = down.AsSpan(EspSa.Headroom, downLength).ToArray();
            esp = Tunnel.Seal(tunnel.Gateway, down, downLength);
            Assert.Equal(EspDropReason.None, tunnel.Peer.Decapsulate(esp, out offset, out length));
            Assert.Equal(expectedDown, esp.AsSpan(offset, length).ToArray());
        }
        Assert.Equal(8UL, tunnel.Gateway.Inbound.Packets);
        Assert.Equal(8UL, tunnel.Gateway.Outbound.Packets);
        Assert.Equal(8u, tunnel.Gateway.Outbound.LastSequenceNumber);
        Assert.Equal(8u, tunnel.Gateway.Inbound.Window!.Highest);
    }

    [Theory]
    [MemberData(nameof(SuitesAndEncapsulations))]
    public void The_outer_packet_carries_spi_sequence_and_the_copied_tos(string suiteName, bool udpEncapsulated)
    {
        using var tunnel = new Tunnel(Suite(suiteName), udpEncapsulated);
        for (uint expectedSequence = 1; expectedSequence <= 3; expectedSequence++)
        {
            byte[] buffer = Tunnel.InnerPacket(Tunnel.LanHost, Tunnel.PeerInner, 200, out int innerLength);
            Assert.Equal(EspSendResult.Ok, tunnel.Gateway.Encapsulate(buffer, EspSa.Headroom, innerLength, out int offset, out int length));
            Assert.Equal(EspSa.Headroom - tunnel.Gateway.Outbound.BytesBeforeInner, offset);
            Assert.Equal(WireError.None, Ipv4Packet.TryParse(buffer.AsSpan(offset, length), out Ipv4Packet outer));
            Assert.Equal(0x2E, outer.TypeOfService);
            Assert.False(outer.IsFragment);
            Span<byte> esp = Tunnel.EspOf(tunnel.GatewayInstallation, buffer.AsSpan(offset, length));
            Assert.True(EspPacket.TryReadSpi(esp, out uint spi));
            Assert.Equal(Tunnel.PeerInboundSpi, spi);
            Assert.Equal(expectedSequence, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(esp[4..]));
            int payload = esp.Length - 8 - tunnel.Gateway.Outbound.IvLength - tunnel.Gateway.Outbound.IcvLength;
            Assert.Equal(0, payload % (Suite(suiteName).IsAead ? 4 : 16));
        }
    }

    [Fact]
    public void Spi_zero_and_keepalives_are_not_esp()
    {
        Assert.False(EspPacket.TryReadSpi([0xFF], out _));
        Assert.False(EspPacket.TryReadSpi([0, 0, 0, 0, 1, 2, 3, 4, 5], out _));
        Assert.True(EspPacket.TryReadSpi([0, 0, 1, 0, 0, 0, 0, 1], out uint spi));
        Assert.Equal(256u, spi);
    }
}
