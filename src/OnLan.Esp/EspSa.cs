using OnLan.Esp.Transforms;
using OnLan.Ike;
using OnLan.Wire;

namespace OnLan.Esp;

/// <summary>
/// One direction of a tunnel-mode Child SA: its SPI, its cipher objects (made here, once), its sequence number or
/// replay window, its volume counters and lifetime flags. Outbound SAs <see cref="Encapsulate"/>, inbound SAs
/// <see cref="Decapsulate"/>; <see cref="EspSaPair"/> holds both for one <see cref="ChildSaInstallation"/>.
/// </summary>
/// <remarks>
/// Sans-IO: bytes in, bytes out, in the caller's buffer; no socket, no clock (time limits are the caller's, volume
/// limits are here). Not thread-safe: one thread at a time per SA direction (the data plane's RX thread for inbound,
/// its TX thread for outbound). Counters are plain fields read without locks: exact on that thread, possibly stale
/// elsewhere.
/// </remarks>
public sealed partial class EspSa : IDisposable
{
    /// <summary>
    /// Sequence number at which the soft limit rises: 2^26 packets before the counter runs out, time for IKE to
    /// rekey (about 70 s at 1 Mpps).
    /// </summary>
    public const uint SoftSequenceLimit = uint.MaxValue - (1u << 26) + 1;

    private readonly EspCipher _cipher;
    private readonly EspLifetime _lifetime;
    private readonly long[] _drops = new long[Enum.GetValues<EspDropReason>().Length];

    private EspSa(uint spi, bool outbound, EspCipher cipher, EspLifetime lifetime)
    {
        Spi = spi;
        IsOutbound = outbound;
        _cipher = cipher;
        _lifetime = lifetime;
    }

    /// <summary>The SPI on this direction's packets.</summary>
    public uint Spi { get; }
    public bool IsOutbound { get; }
    /// <summary>Bytes of IV after the ESP header.</summary>
    public int IvLength => _cipher.IvLength;
    /// <summary>Bytes of ICV after the trailer.</summary>
    public int IcvLength => _cipher.IcvLength;

    /// <summary>Packets sent, or received and authenticated.</summary>
    public ulong Packets { get; private set; }
    /// <summary>Inner bytes sent, or ESP payload bytes received and authenticated (RFC 4301's "bytes processed").</summary>
    public ulong Bytes { get; private set; }
    /// <summary>
    /// A soft limit was reached (bytes, packets, or the sequence number passed <see cref="SoftSequenceLimit"/>):
    /// IKE should rekey this Child SA now. Stays up.
    /// </summary>
    public bool SoftLimitReached { get; private set; }
    /// <summary>A hard limit was reached: this SA neither sends nor accepts any more packets.</summary>
    public bool HardLimitReached { get; private set; }

    /// <summary>Packets dropped for <paramref name="reason"/> (inbound only).</summary>
    public long GetDropCount(EspDropReason reason) => (uint)reason < (uint)_drops.Length ? _drops[(int)reason] : 0;

    /// <summary>
    /// AEAD tag mismatches that .NET reported by exception (see the README): equal to the IntegrityFailed drops
    /// for AES-GCM and ChaCha20-Poly1305, 0 for AES-CBC with HMAC (checked without exceptions).
    /// </summary>
    public long TagMismatchExceptions => _cipher is AeadCipher aead ? aead.TagMismatchExceptions : 0;

    internal static EspSa CreateOutbound(ChildSaInstallation sa, EspLifetime lifetime) =>
        new(sa.OutboundSpi, true, EspCipher.Create(sa, sa.OutboundEncryptionKey, sa.OutboundIntegrityKey, outbound: true), lifetime)
        {
            _local = sa.Local.Address,
            _remote = sa.Remote,
            _udpEncapsulated = sa.UdpEncapsulated,
        };

    internal static EspSa CreateInbound(ChildSaInstallation sa, EspLifetime lifetime)
    {
        var selectors = new List<LocalSelector>();
        foreach (var selector in sa.LocalSelectors)
            if (selector.IsIpv4) selectors.Add(LocalSelector.From(selector));
        return new(sa.InboundSpi, false, EspCipher.Create(sa, sa.InboundEncryptionKey, sa.InboundIntegrityKey, outbound: false), lifetime)
        {
            _window = new ReplayWindow(),
            _remoteInnerAddress = sa.RemoteInnerAddress,
            _selectors = selectors.ToArray(),
        };
    }

    /// <summary>Counts one packet of <paramref name="bytes"/> and raises the soft and hard flags.</summary>
    private void Account(int bytes)
    {
        Packets++;
        Bytes += (ulong)bytes;
        if (_lifetime.SoftPackets != 0 && Packets >= _lifetime.SoftPackets) SoftLimitReached = true;
        if (_lifetime.SoftBytes != 0 && Bytes >= _lifetime.SoftBytes) SoftLimitReached = true;
        if (_lifetime.HardPackets != 0 && Packets >= _lifetime.HardPackets) HardLimitReached = SoftLimitReached = true;
        if (_lifetime.HardBytes != 0 && Bytes >= _lifetime.HardBytes) HardLimitReached = SoftLimitReached = true;
    }

    public void Dispose() => _cipher.Dispose();
}
