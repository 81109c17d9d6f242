namespace OnLan.Esp.Tests;

public class SequenceAndLifetimeTests
{
    [Fact]
    public void Near_the_end_of_the_sequence_space_the_soft_flag_rises_then_sending_stops()
    {
        using var tunnel = new Tunnel(EspSuite.AesGcm256, true);
        EspSa outbound = tunnel.Gateway.Outbound;
        outbound.SetLastSequenceNumber(EspSa.SoftSequenceLimit - 2);
        Assert.False(tunnel.Gateway.SoftLimitReached);

        Send(out _);                                  // SoftSequenceLimit - 1
        Assert.False(tunnel.Gateway.SoftLimitReached);
        Send(out _);                                  // SoftSequenceLimit
        Assert.True(tunnel.Gateway.SoftLimitReached);
        Assert.False(tunnel.Gateway.HardLimitReached);

        outbound.SetLastSequenceNumber(uint.MaxValue - 1);
        Assert.Equal(EspSendResult.Ok, Send(out byte[] last));  // 2^32-1 is the last number RFC 4303 lets us use
        Assert.Equal(uint.MaxValue, outbound.LastSequenceNumber);

        byte[] buffer = Tunnel.InnerPacket(Tunnel.LanHost, Tunnel.PeerInner, 64, out int innerLength);
        byte[] before = buffer.ToArray();
        Assert.Equal(EspSendResult.SequenceExhausted, tunnel.Gateway.Encapsulate(buffer, EspSa.Headroom, innerLength, out _, out _));
        Assert.Equal(before, buffer);
        Assert.Equal(uint.MaxValue, outbound.LastSequenceNumber);

        // The peer accepts the last packet and raises its own soft flag.
        Assert.Equal(EspDropReason.None, tunnel.Peer.Decapsulate(Tunnel.EspOf(tunnel.GatewayInstallation, last), out _, out _));
        Assert.True(tunnel.Peer.Inbound.SoftLimitReached);

        EspSendResult Send(out byte[] outer)
        {
            byte[] b = Tunnel.InnerPacket(Tunnel.LanHost, Tunnel.PeerInner, 64, out int length);
            EspSendResult result = tunnel.Gateway.Encapsulate(b, EspSa.Headroom, length, out int offset, out int outerLength);
            outer = b.AsSpan(offset, outerLength).ToArray();
            return result;
        }
    }

    [Fact]
    public void Packet_limits_raise_the_soft_flag_then_stop_the_sa_both_ways()
    {
        using var tunnel = new Tunnel(EspSuite.AesCbc256Sha256, true, lifetime: new EspLifetime(0, 0, SoftPackets: 2, HardPackets: 3));
        var sent = new List<byte[]>();
        for (int i = 0; i < 3; i++)
        {
            Assert.False(tunnel.Gateway.HardLimitReached);
            byte[] buffer = Tunnel.InnerPacket(Tunnel.LanHost, Tunnel.PeerInner, 64, out int innerLength);
            Assert.Equal(EspSendResult.Ok, tunnel.Gateway.Encapsulate(buffer, EspSa.Headroom, innerLength, out _, out _));
            Assert.Equal(i >= 1, tunnel.Gateway.Outbound.SoftLimitReached);
        }
        Assert.True(tunnel.Gateway.Outbound.HardLimitReached);
        byte[] more = Tunnel.InnerPacket(Tunnel.LanHost, Tunnel.PeerInner, 64, out int moreLength);
        Assert.Equal(EspSendResult.LifetimeExpired, tunnel.Gateway.Encapsulate(more, EspSa.Headroom, moreLength, out _, out _));

        for (int i = 0; i < 4; i++)
        {
            byte[] buffer = Tunnel.InnerPacket(Tunnel.PeerInner, Tunnel.LanHost, 64, out int innerLength);
            byte[] esp = Tunnel.Seal(tunnel.Peer, buffer, innerLength);
            Assert.Equal(i < 3 ? EspDropReason.None : EspDropReason.LifetimeExpired, tunnel.Gateway.Decapsulate(esp, out _, out _));
        }
        Assert.Equal(1, tunnel.Gateway.Inbound.GetDropCount(EspDropReason.LifetimeExpired));
    }

    [Fact]
    public void Byte_limits_count_inner_bytes_sent()
    {
        using var tunnel = new Tunnel(EspSuite.ChaCha20Poly1305, false, lifetime: new EspLifetime(SoftBytes: 1000, HardBytes: 2000, 0, 0));
        int sent = 0;
        while (true)
        {
            byte[] buffer = Tunnel.InnerPacket(Tunnel.LanHost, Tunnel.PeerInner, 500, out int innerLength);
            if (tunnel.Gateway.Encapsulate(buffer, EspSa.Headroom, innerLength, out _, out _) != EspSendResult.Ok) break;
            sent++;
            Assert.Equal(sent >= 2, tunnel.Gateway.SoftLimitReached);
        }
        Assert.Equal(4, sent);
        Assert.Equal(2000UL, tunnel.Gateway.Outbound.Bytes);
    }

    [Fact]
    public void Too_little_headroom_or_tailroom_is_refused_without_using_a_sequence_number()
    {
        using var tunnel = new Tunnel(EspSuite.AesCbc256Sha256, true);
        EspSa outbound = tunnel.Gateway.Outbound;
        byte[] buffer = Tunnel.InnerPacket(Tunnel.LanHost, Tunnel.PeerInner, 100, out int innerLength);
        byte[] shortTail = buffer.AsSpan(0, EspSa.Headroom + innerLength + outbound.TailroomFor(innerLength) - 1).ToArray();
        Assert.Equal(EspSendResult.BufferTooSmall, outbound.Encapsulate(shortTail, EspSa.Headroom, innerLength, out _, out _));
        byte[] shortHead = buffer.AsSpan(EspSa.Headroom - outbound.BytesBeforeInner + 1).ToArray();
        Assert.Equal(EspSendResult.BufferTooSmall, outbound.Encapsulate(shortHead, outbound.BytesBeforeInner - 1, innerLength, out _, out _));
        Assert.Equal(EspSendResult.NotIpv4, outbound.Encapsulate(buffer, EspSa.Headroom, 19, out _, out _));
        Assert.Equal(EspSendResult.BufferTooSmall, outbound.Encapsulate(buffer, EspSa.Headroom, buffer.Length, out _, out _));
        Assert.Equal(0u, outbound.LastSequenceNumber);

        byte[] exact = buffer.AsSpan(EspSa.Headroom - outbound.BytesBeforeInner, outbound.BytesBeforeInner + innerLength + outbound.TailroomFor(innerLength)).ToArray();
        Assert.Equal(EspSendResult.Ok, outbound.Encapsulate(exact, outbound.BytesBeforeInner, innerLength, out int offset, out int length));
        Assert.Equal(0, offset);
        Assert.Equal(exact.Length, length);
    }
}
