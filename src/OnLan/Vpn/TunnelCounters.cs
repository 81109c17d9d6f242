using OnLan.Esp;

namespace OnLan.Vpn;

/// <summary>What the tunnel did with packets, per direction; each field has one writer thread.</summary>
public sealed class TunnelCounters
{
    private readonly long[] _inboundDrops = new long[(int)EspDropReason.OutsideSelectors + 1];

    /// <summary>Encapsulated and handed to the WAN thread (LAN thread).</summary>
    public long Encapsulated;
    public long EncapsulationRefused;
    public long TooBigForTunnel;
    /// <summary>Decrypted, checked and handed to the LAN thread (WAN thread).</summary>
    public long Decapsulated;
    public long UnknownSpi;
    public long InnerTtlExpired;
    public long RingFull;

    public long InboundDropped(EspDropReason reason) => Volatile.Read(ref _inboundDrops[(int)reason]);

    internal void Drop(EspDropReason reason) => _inboundDrops[(int)reason]++;

    public string Format()
    {
        var text = new System.Text.StringBuilder(
            $"encapsulated={Encapsulated} decapsulated={Decapsulated} unknown-spi={UnknownSpi} refused={EncapsulationRefused} " +
            $"too-big={TooBigForTunnel} inner-ttl-expired={InnerTtlExpired} ring-full={RingFull}");
        for (int i = 1; i < _inboundDrops.Length; i++)
            if (_inboundDrops[i] != 0) text.Append($" drop.{(EspDropReason)i}={_inboundDrops[i]}");
        return text.ToString();
    }
}
