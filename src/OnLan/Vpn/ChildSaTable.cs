using OnLan.Ike;

namespace OnLan.Vpn;

/// <summary>
/// The installed Child SAs, as the data plane will see them. Until the ESP data plane exists (its own issue) this
/// keeps the table and logs each installation, so the console and the tests can see what IKE set up.
/// </summary>
public sealed class ChildSaTable : IChildSaInstaller
{
    private readonly Dictionary<uint, ChildSaInstallation> _byInboundSpi = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get { lock (_gate) return _byInboundSpi.Count; }
    }

    public void Install(ChildSaInstallation childSa)
    {
        lock (_gate) _byInboundSpi[childSa.InboundSpi] = childSa;
        Log.Info($"vpn: child SA up for {childSa.PeerIdentity}: {childSa.RemoteInnerAddress} <-> " +
                 $"{string.Join(", ", childSa.LocalSelectors.Select(s => s.IsIpv4 ? $"{s.Ipv4Start}-{s.Ipv4End}" : "ipv6"))}, " +
                 $"spi in {childSa.InboundSpi:x8} out {childSa.OutboundSpi:x8}, {Ike.Proposals.Names.Of(childSa.Encryption, childSa.EncryptionKeyBits)}" +
                 (childSa.Integrity == Ike.Messages.IntegrityAlgorithm.None ? "" : "/" + Ike.Proposals.Names.Of(childSa.Integrity)) +
                 (childSa.UdpEncapsulated ? ", udp-encapsulated" : ""));
    }

    public void Remove(ChildSaInstallation childSa)
    {
        lock (_gate) _byInboundSpi.Remove(childSa.InboundSpi);
        Log.Info($"vpn: child SA down for {childSa.PeerIdentity}: spi in {childSa.InboundSpi:x8} out {childSa.OutboundSpi:x8}");
    }
}
