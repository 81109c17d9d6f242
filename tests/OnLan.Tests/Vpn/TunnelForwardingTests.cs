using OnLan.Esp;
using OnLan.Ike;
using OnLan.Ike.Messages;
using OnLan.Ports;
using OnLan.Vpn;
using OnLan.Wire;
using static OnLan.Tests.Vpn.TunnelRig;

namespace OnLan.Tests.Vpn;

/// <summary>
/// The gateway's tunnel endpoints with their real ports and data plane, the remote PC played with known keys:
/// what the remote PC may send reaches the LAN host routed once, what it may not is dropped and counted under
/// its own reason, and the LAN host's packets reach the remote PC encrypted.
/// </summary>
public sealed class TunnelForwardingTests : IDisposable
{
    /// <summary>
    /// AES-GCM-16 in UDP: 20 IPv4 + 8 UDP + 8 ESP header + 8 IV + payload + 16 ICV = 1500, the payload (inner +
    /// padding + 2 trailer bytes) a multiple of 4: 1440 = 1438 + 2.
    /// </summary>
    private const int AesGcmUdpTunnelMtu = 1438;

    private readonly TunnelRig _rig = new();
    private readonly FrameBatch _received = new();

    public void Dispose() => _rig.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Remote_pc_packet_reaches_the_lan_host_decrypted_with_ttl_one_lower_and_a_correct_checksum(bool udpEncapsulated)
    {
        using var rig = new TunnelRig(udpEncapsulated: udpEncapsulated);
        byte[] packet = InnerPackets.Udp(RemoteInner, LanHost, 1000);

        rig.WanReceives(rig.RemotePcSeals(packet));

        Assert.Equal(1, Collect(rig.LanCable, _received));
        var frame = _received.Frame(0);
        Assert.Equal(WireError.None, EthernetFrame.TryParse(frame, out var ethernet));
        Assert.Equal(LanHostMac, ethernet.Destination);
        Assert.Equal(LanMac, ethernet.Source);
        InnerPackets.AssertRoutedOnce(packet, ethernet.Payload);
        Assert.Equal(1, rig.Counters.Decapsulated);
        Assert.Equal(1UL, rig.Gateway.Inbound.Packets);
    }

    [Fact]
    public void Spoofed_inner_source_is_dropped_and_counted()
    {
        _rig.WanReceives(_rig.RemotePcSeals(InnerPackets.Udp(new Ipv4Address(198, 18, 0, 99), LanHost, 200)));

        AssertDropped(EspDropReason.SpoofedSource);
    }

    [Fact]
    public void Destination_outside_the_local_selectors_is_dropped_and_counted()
    {
        _rig.WanReceives(_rig.RemotePcSeals(InnerPackets.Udp(RemoteInner, new Ipv4Address(10, 9, 9, 9), 200)));

        AssertDropped(EspDropReason.OutsideSelectors);
    }

    [Fact]
    public void Replayed_packet_is_dropped_and_counted_after_the_original_was_delivered()
    {
        byte[] sealedFrame = _rig.RemotePcSeals(InnerPackets.Udp(RemoteInner, LanHost, 200)).ToArray();
        byte[] replay = sealedFrame.ToArray();

        _rig.WanReceives(sealedFrame);
        Assert.Equal(1, Collect(_rig.LanCable, _received));
        _rig.WanReceives(replay);

        AssertDropped(EspDropReason.Replayed, delivered: 1);
    }

    [Theory]
    [InlineData(-1, "last ICV byte")]
    [InlineData(-20, "last ciphertext byte before the ICV")]
    [InlineData(64, "ciphertext inside the inner header")]
    public void Tampered_packet_is_dropped_as_integrity_failure_and_does_not_move_the_window(int offsetFromStart, string where)
    {
        var frame = _rig.RemotePcSeals(InnerPackets.Udp(RemoteInner, LanHost, 200));
        frame[offsetFromStart < 0 ? frame.Length + offsetFromStart : offsetFromStart] ^= 0x01;

        _rig.WanReceives(frame);

        AssertDropped(EspDropReason.IntegrityFailed, because: where);
        Assert.Equal(0u, _rig.Gateway.Inbound.Window!.Highest);
        // The forgery used sequence number 1; the genuine packet 2 still gets through.
        _rig.WanReceives(_rig.RemotePcSeals(InnerPackets.Udp(RemoteInner, LanHost, 200)));
        Assert.Equal(1, Collect(_rig.LanCable, _received));
    }

    [Fact]
    public void Unknown_spi_is_counted_and_goes_no_further()
    {
        var frame = _rig.RemotePcSeals(InnerPackets.Udp(RemoteInner, LanHost, 200));
        int esp = EthernetFrame.HeaderLength + Ipv4Repr.HeaderLength + UdpDatagram.HeaderLength;
        frame[esp] ^= 0x80;

        _rig.WanReceives(frame);

        Assert.Equal(1, _rig.Counters.UnknownSpi);
        Assert.Equal(0, Collect(_rig.LanCable, _received));
        Assert.Equal(0UL, _rig.Gateway.Inbound.Packets);
    }

    [Fact]
    public void Lan_frame_to_the_leased_address_reaches_the_remote_pc_encrypted_with_ttl_one_lower()
    {
        byte[] packet = InnerPackets.Udp(LanHost, RemoteInner, 1200);

        _rig.LanReceives(InnerPackets.FromLanHost(packet));

        Assert.Equal(1, Collect(_rig.WanCable, _received));
        Assert.Equal(EspDropReason.None, _rig.RemotePcOpens(_received.Frame(0), out var inner));
        InnerPackets.AssertRoutedOnce(packet, inner);
        Assert.Equal(1, _rig.Counters.Encapsulated);
        Assert.Equal(1, _rig.Lan.Counters.Forwarded);
    }

    [Fact]
    public void Tcp_syn_from_the_lan_host_has_its_mss_clamped_to_the_tunnel()
    {
        _rig.LanReceives(InnerPackets.FromLanHost(InnerPackets.TcpSyn(LanHost, RemoteInner, 1460)));

        Assert.Equal(1, Collect(_rig.WanCable, _received));
        Assert.Equal(EspDropReason.None, _rig.RemotePcOpens(_received.Frame(0), out var inner));
        Assert.Equal(AesGcmUdpTunnelMtu - 40, InnerPackets.MaximumSegmentSize(inner));
        Assert.True(InnerPackets.TcpChecksumIsValid(inner));
    }

    [Fact]
    public void Tcp_syn_from_the_remote_pc_has_its_mss_clamped_to_the_tunnel()
    {
        _rig.WanReceives(_rig.RemotePcSeals(InnerPackets.TcpSyn(RemoteInner, LanHost, 1460)));

        Assert.Equal(1, Collect(_rig.LanCable, _received));
        // 14 + 44 bytes: the frame was padded to Ethernet's 60; the packet is what its Total Length says.
        Assert.Equal(WireError.None, Ipv4Packet.TryParse(_received.Frame(0)[EthernetFrame.HeaderLength..], out var ip));
        Assert.Equal(AesGcmUdpTunnelMtu - 40, InnerPackets.MaximumSegmentSize(ip.Packet));
        Assert.True(InnerPackets.TcpChecksumIsValid(ip.Packet));
    }

    [Fact]
    public void Tcp_syn_with_a_small_mss_is_left_alone()
    {
        byte[] syn = InnerPackets.TcpSyn(LanHost, RemoteInner, 536);

        _rig.LanReceives(InnerPackets.FromLanHost(syn));

        Assert.Equal(1, Collect(_rig.WanCable, _received));
        Assert.Equal(EspDropReason.None, _rig.RemotePcOpens(_received.Frame(0), out var inner));
        InnerPackets.AssertRoutedOnce(syn, inner);
    }

    [Fact]
    public void Tunnel_mtu_for_aes_gcm_in_udp_is_1438()
    {
        Assert.Equal(AesGcmUdpTunnelMtu, LanTunnelEndpoint.TunnelMtu(_rig.Gateway.Outbound, Mtu));
    }

    [Fact]
    public void Largest_packet_that_fits_the_tunnel_goes_through_in_one_1500_byte_datagram()
    {
        _rig.LanReceives(InnerPackets.FromLanHost(InnerPackets.Udp(LanHost, RemoteInner, AesGcmUdpTunnelMtu, dontFragment: true)));

        Assert.Equal(1, Collect(_rig.WanCable, _received));
        Assert.Equal(EthernetFrame.HeaderLength + Mtu, _received.Length(0));
        Assert.Equal(EspDropReason.None, _rig.RemotePcOpens(_received.Frame(0), out _));
    }

    [Fact]
    public void Dont_fragment_packet_too_large_for_the_tunnel_gets_fragmentation_needed_with_the_tunnel_mtu()
    {
        byte[] packet = InnerPackets.Udp(LanHost, RemoteInner, AesGcmUdpTunnelMtu + 1, dontFragment: true);

        _rig.LanReceives(InnerPackets.FromLanHost(packet));

        Assert.Equal(0, Collect(_rig.WanCable, _received));
        Assert.Equal(1, _rig.Counters.TooBigForTunnel);
        Assert.Equal(1, Collect(_rig.LanCable, _received));
        Assert.Equal(WireError.None, EthernetFrame.TryParse(_received.Frame(0), out var ethernet));
        Assert.Equal(LanHostMac, ethernet.Destination);
        Assert.Equal(WireError.None, Ipv4Packet.TryParse(ethernet.Payload, out var ip));
        Assert.Equal(GatewayLan, ip.Source);
        Assert.Equal(LanHost, ip.Destination);
        Assert.Equal(IpProtocol.Icmp, ip.Protocol);
        Assert.Equal(WireError.None, IcmpV4Packet.TryParse(ip.Payload, out var icmp));
        Assert.Equal(IcmpV4Type.DestinationUnreachable, icmp.Type);
        Assert.Equal((byte)IcmpV4UnreachableCode.FragmentationNeeded, icmp.Code);
        Assert.Equal(AesGcmUdpTunnelMtu, icmp.NextHopMtu);
        // The quoted header is the offending packet's as the gateway saw it (after its TTL decrement).
        Assert.True(packet.AsSpan(12, 8).SequenceEqual(icmp.Data.Slice(12, 8)));
    }

    [Fact]
    public void Packet_too_large_for_the_tunnel_without_dont_fragment_is_dropped_without_icmp()
    {
        _rig.LanReceives(InnerPackets.FromLanHost(InnerPackets.Udp(LanHost, RemoteInner, AesGcmUdpTunnelMtu + 1)));

        Assert.Equal(0, Collect(_rig.WanCable, _received));
        Assert.Equal(0, Collect(_rig.LanCable, _received));
        Assert.Equal(1, _rig.Counters.TooBigForTunnel);
    }

    [Fact]
    public void Remote_pc_packet_with_ttl_1_is_not_delivered()
    {
        _rig.WanReceives(_rig.RemotePcSeals(InnerPackets.Udp(RemoteInner, LanHost, 200, timeToLive: 1)));

        Assert.Equal(0, Collect(_rig.LanCable, _received));
        Assert.Equal(1, _rig.Counters.InnerTtlExpired);
    }

    private void AssertDropped(EspDropReason reason, int delivered = 0, string because = "")
    {
        Assert.Equal(0, Collect(_rig.LanCable, _received));
        Assert.True(1 == _rig.Counters.InboundDropped(reason), $"{reason} in the tunnel counters {because}: {_rig.Counters.Format()}");
        Assert.Equal(1, _rig.Gateway.Inbound.GetDropCount(reason));
        Assert.Equal(delivered, _rig.Counters.Decapsulated);
    }
}
