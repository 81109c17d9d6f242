using System.Buffers.Binary;
using OnLan.Wire;

namespace OnLan.Esp;

/* Inbound flow (RFC 4303 §3.4, style habit 6)

   The caller (the WAN RX path) parsed the outer IPv4 header and, for UDP 4500, the UDP header; it read the SPI
   with EspPacket.TryReadSpi (SPI 0 = IKE, 1 byte = NAT keepalive) and looked the SA up in its table. It hands
   over the ESP packet from SPI to ICV. Decapsulate then, in this order, dropping and counting at the first failure:

   1. hard lifetime; length: header + IV + one aligned block holding the trailer + ICV; alignment;
   2. replay pre-check (ReplayWindow.Check: no state change);
   3. ICV verification, then decryption in place (for the AEADs one call; plaintext is released only if the tag
      verified; for AES-CBC the HMAC is compared first, in constant time);
   4. only now move the window (ReplayWindow.Update) and count the packet against the lifetime: it is authentic;
   5. trailer: Pad Length within the payload, padding 1, 2, 3, …; Next Header 59 (dummy) or anything but 4;
   6. the inner IPv4 header parses (checksum included); its source is the remote PC's address (TSi) and its
      destination, protocol and port fall in a local selector (TSr).

   The inner packet stays where it was decrypted: innerOffset = 8 + IV, innerLength = its Total Length (TFC
   padding after it is ignored). Nothing here allocates, logs or throws for bad input. */
public sealed partial class EspSa
{
    private ReplayWindow? _window;
    private Ipv4Address _remoteInnerAddress;
    private LocalSelector[] _selectors = [];

    /// <summary>The inbound anti-replay window (null for an outbound SA).</summary>
    public ReplayWindow? Window => _window;

    /// <summary>
    /// Authenticates, decrypts and checks the ESP packet <paramref name="esp"/> (SPI through ICV) in place (see the
    /// flow above). On <see cref="EspDropReason.None"/> the inner IPv4 packet is at
    /// <c>esp.Slice(innerOffset, innerLength)</c>; otherwise the packet was counted under the returned reason and
    /// its bytes are unspecified.
    /// </summary>
    public EspDropReason Decapsulate(Span<byte> esp, out int innerOffset, out int innerLength)
    {
        innerOffset = 0;
        innerLength = 0;
        if (IsOutbound || _window is null) throw new InvalidOperationException("Decapsulate needs the inbound SA");
        if (HardLimitReached) return Drop(EspDropReason.LifetimeExpired);

        int ivLength = _cipher.IvLength;
        int icvLength = _cipher.IcvLength;
        int alignment = _cipher.Alignment;
        if (esp.Length < EspPacket.HeaderLength + ivLength + alignment + icvLength) return Drop(EspDropReason.Truncated);
        int payloadLength = esp.Length - EspPacket.HeaderLength - ivLength - icvLength;
        if (payloadLength % alignment != 0) return Drop(EspDropReason.BadLength);

        uint sequence = BinaryPrimitives.ReadUInt32BigEndian(esp[EspPacket.SequenceNumberOffset..]);
        if (!_window.Check(sequence)) return Drop(EspDropReason.Replayed);
        if (!_cipher.Open(esp, payloadLength)) return Drop(EspDropReason.IntegrityFailed);
        if (!_window.Update(sequence)) return Drop(EspDropReason.Replayed);
        if (sequence >= SoftSequenceLimit) SoftLimitReached = true;
        Account(payloadLength);

        Span<byte> payload = esp.Slice(EspPacket.HeaderLength + ivLength, payloadLength);
        int padLength = payload[^2];
        byte nextHeader = payload[^1];
        int dataLength = payloadLength - EspPacket.TrailerLength - padLength;
        if (dataLength < 0) return Drop(EspDropReason.BadPadding);
        for (int i = 0; i < padLength; i++)
            if (payload[dataLength + i] != (byte)(i + 1)) return Drop(EspDropReason.BadPadding);
        if (nextHeader == EspPacket.NextHeaderNone) return Drop(EspDropReason.DummyPacket);
        if (nextHeader != EspPacket.NextHeaderIpv4) return Drop(EspDropReason.UnsupportedNextHeader);

        if (Ipv4Packet.TryParse(payload[..dataLength], out Ipv4Packet inner) != WireError.None)
            return Drop(EspDropReason.NotIpv4);
        if (inner.Source != _remoteInnerAddress) return Drop(EspDropReason.SpoofedSource);
        if (!InsideSelectors(inner)) return Drop(EspDropReason.OutsideSelectors);

        innerOffset = EspPacket.HeaderLength + ivLength;
        innerLength = inner.TotalLength;
        return EspDropReason.None;
    }

    private bool InsideSelectors(in Ipv4Packet inner)
    {
        foreach (ref readonly LocalSelector selector in _selectors.AsSpan())
            if (selector.Matches(inner)) return true;
        return false;
    }

    private EspDropReason Drop(EspDropReason reason)
    {
        _drops[(int)reason]++;
        return reason;
    }
}
