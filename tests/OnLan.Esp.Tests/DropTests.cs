using System.Buffers.Binary;
using OnLan.Ike.Messages;
using OnLan.Wire;

namespace OnLan.Esp.Tests;

public class DropTests
{
    public static TheoryData<string> Suites()
    {
        var data = new TheoryData<string>();
        foreach (var suite in EspSuite.All) data.Add(suite.Name);
        return data;
    }

    private static byte[] Upstream(Tunnel tunnel, int size = 64)
    {
        byte[] buffer = Tunnel.InnerPacket(Tunnel.PeerInner, Tunnel.LanHost, size, out int innerLength);
        return Tunnel.Seal(tunnel.Peer, buffer, innerLength);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void A_packet_received_twice_is_dropped_as_replayed(string suiteName)
    {
        using var tunnel = new Tunnel(RoundTripTests.Suite(suiteName), true);
        byte[] esp = Upstream(tunnel);
        byte[] copy = esp.ToArray();
        Assert.Equal(EspDropReason.None, tunnel.Gateway.Decapsulate(esp, out _, out _));
        Assert.Equal(EspDropReason.Replayed, tunnel.Gateway.Decapsulate(copy, out _, out _));
        Assert.Equal(1, tunnel.Gateway.Inbound.GetDropCount(EspDropReason.Replayed));
        Assert.Equal(1UL, tunnel.Gateway.Inbound.Packets);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void A_packet_older_than_the_window_is_dropped_as_replayed_and_newer_ones_out_of_order_pass(string suiteName)
    {
        using var tunnel = new Tunnel(RoundTripTests.Suite(suiteName), false);
        byte[] first = Upstream(tunnel);
        byte[] second = Upstream(tunnel);
        tunnel.Peer.Outbound.SetLastSequenceNumber(1 + ReplayWindow.WindowSize);
        byte[] far = Upstream(tunnel); // sequence 2 + WindowSize: sequence 2 is just inside the window, 1 just outside

        Assert.Equal(EspDropReason.None, tunnel.Gateway.Decapsulate(far, out _, out _));
        Assert.Equal(EspDropReason.None, tunnel.Gateway.Decapsulate(second, out _, out _));
        Assert.Equal(EspDropReason.Replayed, tunnel.Gateway.Decapsulate(first, out _, out _));
        Assert.Equal(1, tunnel.Gateway.Inbound.GetDropCount(EspDropReason.Replayed));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void A_packet_cut_at_any_length_is_dropped_and_the_whole_one_still_passes(string suiteName)
    {
        using var tunnel = new Tunnel(RoundTripTests.Suite(suiteName), true);
        byte[] esp = Upstream(tunnel, 100);
        EspSa inbound = tunnel.Gateway.Inbound;
        int minimum = 8 + inbound.IvLength + (RoundTripTests.Suite(suiteName).IsAead ? 4 : 16) + inbound.IcvLength;
        long dropped = 0;
        for (int length = 0; length < esp.Length; length++)
        {
            byte[] cut = esp.AsSpan(0, length).ToArray();
            EspDropReason reason = tunnel.Gateway.Decapsulate(cut, out _, out _);
            dropped++;
            if (length < minimum) Assert.Equal(EspDropReason.Truncated, reason);
            else Assert.Contains(reason, new[] { EspDropReason.BadLength, EspDropReason.IntegrityFailed });
        }
        EspSa sa = tunnel.Gateway.Inbound;
        Assert.Equal(dropped, sa.GetDropCount(EspDropReason.Truncated) + sa.GetDropCount(EspDropReason.BadLength) + sa.GetDropCount(EspDropReason.IntegrityFailed));
        Assert.Equal(minimum, sa.GetDropCount(EspDropReason.Truncated));
        Assert.Equal(0u, sa.Window!.Highest);
        Assert.Equal(EspDropReason.None, tunnel.Gateway.Decapsulate(esp, out _, out _));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void A_flipped_bit_anywhere_fails_the_icv_and_leaves_the_window(string suiteName)
    {
        using var tunnel = new Tunnel(RoundTripTests.Suite(suiteName), true);
        byte[] esp = Upstream(tunnel, 40);
        long failures = 0;
        for (int bit = 0; bit < esp.Length * 8; bit++)
        {
            byte[] tampered = esp.ToArray();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            EspDropReason reason = tunnel.Gateway.Decapsulate(tampered, out _, out _);
            if (bit / 8 is >= 4 and < 8 && reason == EspDropReason.Replayed) continue; // a sequence bit made it 0
            Assert.Equal(EspDropReason.IntegrityFailed, reason);
            failures++;
        }
        Assert.Equal(failures, tunnel.Gateway.Inbound.GetDropCount(EspDropReason.IntegrityFailed));
        Assert.Equal(RoundTripTests.Suite(suiteName).IsAead ? failures : 0, tunnel.Gateway.Inbound.TagMismatchExceptions);
        Assert.Equal(0u, tunnel.Gateway.Inbound.Window!.Highest);
        Assert.Equal(0UL, tunnel.Gateway.Inbound.Packets);
        Assert.Equal(EspDropReason.None, tunnel.Gateway.Decapsulate(esp, out _, out _));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void A_forged_packet_with_a_high_sequence_number_does_not_move_the_window(string suiteName)
    {
        using var tunnel = new Tunnel(RoundTripTests.Suite(suiteName), true);
        byte[] genuine = Upstream(tunnel);
        byte[] forged = genuine.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(forged.AsSpan(4), 3_000_000_000);
        forged[^1] ^= 0x80;

        Assert.Equal(EspDropReason.IntegrityFailed, tunnel.Gateway.Decapsulate(forged, out _, out _));
        Assert.Equal(0u, tunnel.Gateway.Inbound.Window!.Highest);
        Assert.Equal(EspDropReason.None, tunnel.Gateway.Decapsulate(genuine, out _, out _));
        Assert.Equal(1u, tunnel.Gateway.Inbound.Window!.Highest);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void An_inner_packet_from_another_address_is_dropped_as_spoofed(string suiteName)
    {
        using var tunnel = new Tunnel(RoundTripTests.Suite(suiteName), true);
        byte[] buffer = Tunnel.InnerPacket(new Ipv4Address(198, 18, 0, 99), Tunnel.LanHost, 64, out int innerLength);
        byte[] esp = Tunnel.Seal(tunnel.Peer, buffer, innerLength);
        Assert.Equal(EspDropReason.SpoofedSource, tunnel.Gateway.Decapsulate(esp, out _, out _));
        Assert.Equal(1, tunnel.Gateway.Inbound.GetDropCount(EspDropReason.SpoofedSource));
        Assert.Equal(1u, tunnel.Gateway.Inbound.Window!.Highest); // authentic, so the window moved
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void An_inner_destination_outside_the_local_selectors_is_dropped(string suiteName)
    {
        using var tunnel = new Tunnel(RoundTripTests.Suite(suiteName), false);
        byte[] buffer = Tunnel.InnerPacket(Tunnel.PeerInner, new Ipv4Address(10, 0, 0, 1), 64, out int innerLength);
        byte[] esp = Tunnel.Seal(tunnel.Peer, buffer, innerLength);
        Assert.Equal(EspDropReason.OutsideSelectors, tunnel.Gateway.Decapsulate(esp, out _, out _));
        Assert.Equal(1, tunnel.Gateway.Inbound.GetDropCount(EspDropReason.OutsideSelectors));
    }

    [Fact]
    public void Protocol_and_port_limits_of_a_selector_are_enforced()
    {
        TrafficSelector[] webOnly = [TrafficSelector.Ipv4(Tunnel.LanHost, Tunnel.LanHost, (byte)IpProtocol.Tcp, 80, 80)];
        using var tunnel = new Tunnel(EspSuite.AesGcm256, true, webOnly);
        (IpProtocol Protocol, ushort Port, EspDropReason Expected)[] cases =
        [
            (IpProtocol.Tcp, 80, EspDropReason.None),
            (IpProtocol.Tcp, 81, EspDropReason.OutsideSelectors),
            (IpProtocol.Udp, 80, EspDropReason.OutsideSelectors),
        ];
        foreach (var (protocol, port, expected) in cases)
        {
            byte[] buffer = Tunnel.InnerPacket(Tunnel.PeerInner, Tunnel.LanHost, 60, out int innerLength, protocol, port);
            byte[] esp = Tunnel.Seal(tunnel.Peer, buffer, innerLength);
            Assert.Equal(expected, tunnel.Gateway.Decapsulate(esp, out _, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void An_inner_header_that_does_not_parse_is_dropped_as_not_ipv4(string suiteName)
    {
        using var tunnel = new Tunnel(RoundTripTests.Suite(suiteName), true);
        byte[] buffer = Tunnel.InnerPacket(Tunnel.PeerInner, Tunnel.LanHost, 64, out int innerLength);
        buffer[EspSa.Headroom + 10] ^= 0xFF; // header checksum
        byte[] esp = Tunnel.Seal(tunnel.Peer, buffer, innerLength);
        Assert.Equal(EspDropReason.NotIpv4, tunnel.Gateway.Decapsulate(esp, out _, out _));
        Assert.Equal(1, tunnel.Gateway.Inbound.GetDropCount(EspDropReason.NotIpv4));
    }

    public static TheoryData<string, string, EspDropReason> CraftedTrailers()
    {
        var data = new TheoryData<string, string, EspDropReason>();
        foreach (var suite in new[] { EspSuite.AesGcm256, EspSuite.ChaCha20Poly1305 })
        {
            data.Add(suite.Name, "padding 1 3", EspDropReason.BadPadding);
            data.Add(suite.Name, "pad length too long", EspDropReason.BadPadding);
            data.Add(suite.Name, "dummy", EspDropReason.DummyPacket);
            data.Add(suite.Name, "next header 41", EspDropReason.UnsupportedNextHeader);
            data.Add(suite.Name, "good", EspDropReason.None);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CraftedTrailers))]
    public void Authentic_packets_with_a_bad_trailer_are_dropped_with_their_own_reason(string suiteName, string trailer, EspDropReason expected)
    {
        EspSuite suite = RoundTripTests.Suite(suiteName);
        using var tunnel = new Tunnel(suite, true);
        byte[] buffer = Tunnel.InnerPacket(Tunnel.PeerInner, Tunnel.LanHost, 30, out int innerLength);
        byte[] inner = buffer.AsSpan(EspSa.Headroom, innerLength).ToArray();
        byte[] payload = trailer switch // inner (30) + 4 padding + Pad Length + Next Header = 36, a multiple of 4
        {
            "padding 1 3" => Fix([.. inner, 0, 0, 0, 0, 0, 0], pad: [1, 3, 3, 4], padLength: 4, next: 4),
            "pad length too long" => Fix([.. inner, 0, 0, 0, 0, 0, 0], pad: [1, 2, 3, 4], padLength: 200, next: 4),
            "dummy" => Fix([.. inner, 0, 0, 0, 0, 0, 0], pad: [1, 2, 3, 4], padLength: 4, next: EspPacket.NextHeaderNone),
            "next header 41" => Fix([.. inner, 0, 0, 0, 0, 0, 0], pad: [1, 2, 3, 4], padLength: 4, next: 41),
            _ => Fix([.. inner, 0, 0, 0, 0, 0, 0], pad: [1, 2, 3, 4], padLength: 4, next: 4),
        };
        byte[] esp = RawAead.Seal(suite, tunnel.PeerInstallation.OutboundEncryptionKey, Tunnel.GatewayInboundSpi, 9, 0xDEADBEEF, payload);

        Assert.Equal(expected, tunnel.Gateway.Decapsulate(esp, out int offset, out int length));
        if (expected == EspDropReason.None) Assert.Equal(inner, esp.AsSpan(offset, length).ToArray());
        else Assert.Equal(1, tunnel.Gateway.Inbound.GetDropCount(expected));
        Assert.Equal(9u, tunnel.Gateway.Inbound.Window!.Highest); // ICV verified: the window moved before the trailer checks

        static byte[] Fix(byte[] payload, byte[] pad, byte padLength, byte next)
        {
            pad.CopyTo(payload.AsSpan(30));
            payload[^2] = padLength;
            payload[^1] = next;
            return payload;
        }
    }
}
