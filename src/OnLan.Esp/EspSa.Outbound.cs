using System.Buffers.Binary;
using OnLan.Ike;
using OnLan.Wire;

namespace OnLan.Esp;

/* Outbound flow (tunnel mode, RFC 4303 §3.1.2, RFC 3948 §2.1)

   The caller (the LAN RX path) receives a frame into a pooled buffer so that the inner IPv4 packet starts at
   Headroom (66 = 14 Ethernet + 20 outer IPv4 + 8 UDP + 8 ESP header + 16 IV, enough for every suite) and leaves
   Tailroom (64) free after it. Encapsulate then works backwards and forwards from the inner packet, in place:

     [outer IPv4][UDP 4500 -> peer, checksum 0 | or protocol 50][SPI|Seq][IV][inner|pad 1,2,3..|pad len|4][ICV]

   1. refuse if a hard limit is reached or sequence number 2^32-1 was already sent (never cycle, §3.3.3);
   2. take the next sequence number (the first is 1) and raise the soft flag past SoftSequenceLimit;
   3. write the trailer after the inner packet, the ESP header before the IV;
   4. encrypt and authenticate in place (the transform writes the IV and the ICV);
   5. write the UDP header (checksum 0: RFC 3948 §2.1, the ESP ICV already protects the payload) and the outer
      IPv4 header (gateway WAN address -> peer's address after NAT, DSCP/ECN copied from the inner header).

   The caller puts its Ethernet header in the 14 bytes before outerOffset and sends. Nothing here allocates. */
public sealed partial class EspSa
{
    /// <summary>Recommended offset of the inner packet: Ethernet + outer IPv4 + UDP + ESP header + the largest IV.</summary>
    public const int Headroom = 14 + Ipv4Repr.HeaderLength + UdpDatagram.HeaderLength + EspPacket.HeaderLength + 16;
    /// <summary>Room to leave after the inner packet: padding (≤ 15) + trailer (2) + the largest ICV (32), rounded up.</summary>
    public const int Tailroom = 64;

    private const ushort MaxIpv4Length = ushort.MaxValue;

    private Ipv4Address _local;
    private IkeEndpoint _remote;
    private bool _udpEncapsulated;
    private uint _sequence;
    private ushort _identification;

    /// <summary>The last sequence number sent (0 before the first packet).</summary>
    public uint LastSequenceNumber => _sequence;

    /// <summary>Test hook: continue as if <paramref name="lastSent"/> had just been sent.</summary>
    internal void SetLastSequenceNumber(uint lastSent)
    {
        _sequence = lastSent;
        if (lastSent >= SoftSequenceLimit) SoftLimitReached = true;
    }

    /// <summary>Bytes between the start of the outer IPv4 header and the inner packet.</summary>
    public int BytesBeforeInner =>
        Ipv4Repr.HeaderLength + (_udpEncapsulated ? UdpDatagram.HeaderLength : 0) + EspPacket.HeaderLength + _cipher.IvLength;

    /// <summary>Bytes needed after an inner packet of <paramref name="innerLength"/>: padding, trailer, ICV.</summary>
    public int TailroomFor(int innerLength) =>
        Align(innerLength + EspPacket.TrailerLength, _cipher.Alignment) - innerLength + _cipher.IcvLength;

    /// <summary>
    /// Turns the inner IPv4 packet at <paramref name="innerOffset"/> of <paramref name="buffer"/> into an outer
    /// IPv4 packet at <paramref name="outerOffset"/> (see the flow above). <paramref name="innerOffset"/> must leave
    /// at least <see cref="BytesBeforeInner"/> bytes (use <see cref="Headroom"/>), and <see cref="TailroomFor"/>
    /// bytes must follow the inner packet (use <see cref="Tailroom"/>). On anything but <see cref="EspSendResult.Ok"/>
    /// the buffer is untouched and no sequence number is used. Never throws for bad input.
    /// </summary>
    public EspSendResult Encapsulate(Span<byte> buffer, int innerOffset, int innerLength, out int outerOffset, out int outerLength)
    {
        outerOffset = 0;
        outerLength = 0;
        if (!IsOutbound) throw new InvalidOperationException("Encapsulate needs the outbound SA");
        if (HardLimitReached) return EspSendResult.LifetimeExpired;
        if (_sequence == uint.MaxValue) return EspSendResult.SequenceExhausted;
        if (innerOffset < 0 || innerLength < 0 || innerOffset > buffer.Length || innerLength > buffer.Length - innerOffset)
            return EspSendResult.BufferTooSmall;
        if (innerLength < Ipv4Repr.HeaderLength || buffer[innerOffset] >> 4 != Ipv4Packet.Version)
            return EspSendResult.NotIpv4;

        int ivLength = _cipher.IvLength;
        int payloadLength = Align(innerLength + EspPacket.TrailerLength, _cipher.Alignment);
        int espOffset = innerOffset - ivLength - EspPacket.HeaderLength;
        int espLength = EspPacket.HeaderLength + ivLength + payloadLength + _cipher.IcvLength;
        int udpLength = _udpEncapsulated ? UdpDatagram.HeaderLength : 0;
        int start = espOffset - udpLength - Ipv4Repr.HeaderLength;
        if (start < 0 || espLength > buffer.Length - espOffset) return EspSendResult.BufferTooSmall;
        int totalLength = Ipv4Repr.HeaderLength + udpLength + espLength;
        if (totalLength > MaxIpv4Length) return EspSendResult.TooLarge;

        uint sequence = ++_sequence;
        if (sequence >= SoftSequenceLimit) SoftLimitReached = true;
        byte typeOfService = buffer[innerOffset + 1];

        Span<byte> esp = buffer.Slice(espOffset, espLength);
        Span<byte> trailer = esp.Slice(EspPacket.HeaderLength + ivLength + innerLength, payloadLength - innerLength);
        int padLength = trailer.Length - EspPacket.TrailerLength;
        for (int i = 0; i < padLength; i++) trailer[i] = (byte)(i + 1);
        trailer[padLength] = (byte)padLength;
        trailer[padLength + 1] = EspPacket.NextHeaderIpv4;
        BinaryPrimitives.WriteUInt32BigEndian(esp[EspPacket.SpiOffset..], Spi);
        BinaryPrimitives.WriteUInt32BigEndian(esp[EspPacket.SequenceNumberOffset..], sequence);
        _cipher.Seal(esp, payloadLength, sequence);

        if (_udpEncapsulated)
        {
            Span<byte> udp = buffer.Slice(espOffset - UdpDatagram.HeaderLength, UdpDatagram.HeaderLength);
            BinaryPrimitives.WriteUInt16BigEndian(udp, IkeEndpoint.NatTraversalPort);
            BinaryPrimitives.WriteUInt16BigEndian(udp[2..], _remote.Port);
            BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(UdpDatagram.HeaderLength + espLength));
            BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0);
        }
        new Ipv4Repr(_local, _remote.Address, _udpEncapsulated ? IpProtocol.Udp : IpProtocol.Esp, totalLength - Ipv4Repr.HeaderLength)
        {
            Identification = _identification++,
            TypeOfService = typeOfService,
        }.Emit(buffer[start..]);

        Account(innerLength);
        outerOffset = start;
        outerLength = totalLength;
        return EspSendResult.Ok;
    }

    private static int Align(int length, int alignment) => (length + alignment - 1) / alignment * alignment;
}
