using System.Buffers.Binary;
using System.Security.Cryptography;
using OnLan.Ike;
using OnLan.Ike.Messages;
using OnLan.Wire;

namespace OnLan.Esp.Tests;

/// <summary>
/// The design picture in miniature: the gateway's SA pair and the remote PC's mirrored pair (its outbound is the
/// gateway's inbound, same SPI and keys), plus helpers that build inner packets in buffers with headroom and
/// pull the ESP packet out of an outer IPv4 packet.
/// </summary>
public sealed class Tunnel : IDisposable
{
    public static readonly Ipv4Address GatewayWan = new(203, 0, 113, 1);
    public static readonly IkeEndpoint PeerOuter = new(new Ipv4Address(203, 0, 113, 50), 40123);
    public static readonly Ipv4Address PeerInner = new(198, 18, 0, 201);
    public static readonly Ipv4Address LanHost = new(198, 18, 0, 10);
    public const uint GatewayInboundSpi = 0xC0DE0001;
    public const uint PeerInboundSpi = 0xBEEF0002;

    public Tunnel(EspSuite suite, bool udpEncapsulated, IReadOnlyList<TrafficSelector>? localSelectors = null, EspLifetime lifetime = default)
    {
        byte[] toGatewayKey = RandomNumberGenerator.GetBytes(suite.EncryptionKeyLength);
        byte[] toPeerKey = RandomNumberGenerator.GetBytes(suite.EncryptionKeyLength);
        byte[] toGatewayAuth = RandomNumberGenerator.GetBytes(suite.IntegrityKeyLength);
        byte[] toPeerAuth = RandomNumberGenerator.GetBytes(suite.IntegrityKeyLength);
        GatewayInstallation = new ChildSaInstallation
        {
            InboundSpi = GatewayInboundSpi,
            OutboundSpi = PeerInboundSpi,
            Encryption = suite.Encryption,
            EncryptionKeyBits = suite.KeyBits,
            Integrity = suite.Integrity,
            InboundEncryptionKey = toGatewayKey,
            InboundIntegrityKey = toGatewayAuth,
            OutboundEncryptionKey = toPeerKey,
            OutboundIntegrityKey = toPeerAuth,
            Local = new IkeEndpoint(GatewayWan, IkeEndpoint.NatTraversalPort),
            Remote = PeerOuter,
            UdpEncapsulated = udpEncapsulated,
            RemoteInnerAddress = PeerInner,
            LocalSelectors = localSelectors ?? [TrafficSelector.Ipv4(new Ipv4Address(198, 18, 0, 0), new Ipv4Address(198, 18, 0, 255))],
            IkeSaSpi = 0x1122334455667788,
            PeerIdentity = "client@onlan.test",
        };
        PeerInstallation = GatewayInstallation with
        {
            InboundSpi = PeerInboundSpi,
            OutboundSpi = GatewayInboundSpi,
            InboundEncryptionKey = toPeerKey,
            InboundIntegrityKey = toPeerAuth,
            OutboundEncryptionKey = toGatewayKey,
            OutboundIntegrityKey = toGatewayAuth,
            Local = PeerOuter,
            Remote = new IkeEndpoint(GatewayWan, IkeEndpoint.NatTraversalPort),
            RemoteInnerAddress = LanHost,
            LocalSelectors = [TrafficSelector.Ipv4(PeerInner, PeerInner)],
        };
        Gateway = EspSaPair.Create(GatewayInstallation, lifetime);
        Peer = EspSaPair.Create(PeerInstallation);
    }

    public ChildSaInstallation GatewayInstallation { get; }
    public ChildSaInstallation PeerInstallation { get; }
    public EspSaPair Gateway { get; }
    public EspSaPair Peer { get; }

    /// <summary>A buffer with the inner IPv4/UDP packet at <see cref="EspSa.Headroom"/>, room after it, and its length.</summary>
    public static byte[] InnerPacket(Ipv4Address source, Ipv4Address destination, int length, out int innerLength,
        IpProtocol protocol = IpProtocol.Udp, ushort destinationPort = 53, byte fill = 0x5A)
    {
        innerLength = Math.Max(length, Ipv4Repr.HeaderLength + UdpDatagram.HeaderLength);
        var buffer = new byte[EspSa.Headroom + innerLength + EspSa.Tailroom];
        WriteInnerPacket(buffer, source, destination, innerLength, protocol, destinationPort, fill);
        return buffer;
    }

    /// <summary>Writes the inner packet at <see cref="EspSa.Headroom"/> of <paramref name="buffer"/> (allocation-free).</summary>
    public static void WriteInnerPacket(Span<byte> buffer, Ipv4Address source, Ipv4Address destination, int innerLength,
        IpProtocol protocol = IpProtocol.Udp, ushort destinationPort = 53, byte fill = 0x5A)
    {
        Span<byte> inner = buffer.Slice(EspSa.Headroom, innerLength);
        int payload = innerLength - Ipv4Repr.HeaderLength - UdpDatagram.HeaderLength;
        inner[(Ipv4Repr.HeaderLength + UdpDatagram.HeaderLength)..].Fill(fill);
        if (protocol == IpProtocol.Udp)
            new UdpRepr(40000, destinationPort).Emit(inner[Ipv4Repr.HeaderLength..], payload, source, destination);
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(inner[Ipv4Repr.HeaderLength..], 40000);
            BinaryPrimitives.WriteUInt16BigEndian(inner[(Ipv4Repr.HeaderLength + 2)..], destinationPort);
        }
        new Ipv4Repr(source, destination, protocol, innerLength - Ipv4Repr.HeaderLength) { TypeOfService = 0x2E }.Emit(inner);
    }

    /// <summary>Encapsulates, checks the outer headers, and returns a copy of the ESP packet (SPI..ICV).</summary>
    public static byte[] Seal(EspSaPair sender, byte[] buffer, int innerLength)
    {
        Assert.Equal(EspSendResult.Ok, sender.Encapsulate(buffer, EspSa.Headroom, innerLength, out int offset, out int length));
        return EspOf(sender.Installation, buffer.AsSpan(offset, length)).ToArray();
    }

    /// <summary>Parses the outer packet as the receiving side would and returns the ESP part.</summary>
    public static Span<byte> EspOf(ChildSaInstallation sender, Span<byte> outer)
    {
        Assert.Equal(WireError.None, Ipv4Packet.TryParse(outer, out Ipv4Packet ip));
        Assert.Equal(sender.Local.Address, ip.Source);
        Assert.Equal(sender.Remote.Address, ip.Destination);
        if (!sender.UdpEncapsulated)
        {
            Assert.Equal(IpProtocol.Esp, ip.Protocol);
            return ip.Payload;
        }
        Assert.Equal(IpProtocol.Udp, ip.Protocol);
        Assert.Equal(WireError.None, UdpDatagram.TryParse(ip.Payload, ip.Source, ip.Destination, out UdpDatagram udp));
        Assert.Equal(IkeEndpoint.NatTraversalPort, udp.SourcePort);
        Assert.Equal(sender.Remote.Port, udp.DestinationPort);
        Assert.Equal(0, udp.Checksum);
        return udp.Payload;
    }

    public void Dispose()
    {
        Gateway.Dispose();
        Peer.Dispose();
    }
}
