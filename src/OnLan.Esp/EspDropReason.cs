namespace OnLan.Esp;

/// <summary>
/// What <see cref="EspSa.Decapsulate"/> made of an inbound packet: <see cref="None"/> means delivered, anything
/// else means dropped and counted (<see cref="EspSa.GetDropCount"/>), never logged per packet. Listed in the order
/// the checks run (RFC 4303 §3.4: length, replay pre-check, ICV, decrypt, window update, then the contents).
/// </summary>
public enum EspDropReason : byte
{
    /// <summary>Accepted: the inner packet is authentic, fresh and allowed by the SA's selectors.</summary>
    None = 0,
    /// <summary>The SA reached a hard lifetime (bytes or packets): IKE must have replaced it.</summary>
    LifetimeExpired,
    /// <summary>Shorter than SPI + Sequence Number + IV + one trailer + ICV, or not the SA's SPI.</summary>
    Truncated,
    /// <summary>Ciphertext not a whole number of cipher blocks (AES-CBC) or 4-byte words (AEADs).</summary>
    BadLength,
    /// <summary>Sequence number 0, already received, or older than the window (RFC 4303 §3.4.3).</summary>
    Replayed,
    /// <summary>The ICV (HMAC or AEAD tag) did not verify: forged, corrupted, or keyed for another SA.</summary>
    IntegrityFailed,
    /// <summary>Pad Length longer than the payload, or padding bytes not 1, 2, 3, … (RFC 4303 §2.4).</summary>
    BadPadding,
    /// <summary>Next Header 59: a dummy packet for traffic-flow confidentiality (RFC 4303 §2.6), silently discarded.</summary>
    DummyPacket,
    /// <summary>Next Header other than 4 (IPv4) or 59: this tunnel-mode SA carries IPv4 only.</summary>
    UnsupportedNextHeader,
    /// <summary>Next Header said IPv4 but the inner header does not parse (version, lengths, checksum).</summary>
    NotIpv4,
    /// <summary>Inner source is not the remote PC's assigned address (TSi).</summary>
    SpoofedSource,
    /// <summary>Inner destination, protocol or port is outside every local selector (TSr).</summary>
    OutsideSelectors,
}
