using OnLan.Ike;
using OnLan.Ports;
using OnLan.Wire;

namespace OnLan.Vpn;

/// <summary>
/// The installed Child SAs, as the data plane will see them, and the LAN side of each: while a remote PC's
/// Child SA is up, the LAN port answers ARP for its leased address (and announces it once). Until the ESP data
/// plane exists (its own issue) this keeps the table and logs each installation.
/// </summary>
public sealed class ChildSaTable(PortHost lan) : IChildSaInstaller
{
    private readonly Dictionary<uint, ChildSaInstallation> _byInboundSpi = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get { lock (_gate) return _byInboundSpi.Count; }
    }

    public void Install(ChildSaInstallation childSa)
    {
        lock (_gate)
        {
            _byInboundSpi[childSa.InboundSpi] = childSa;
            PublishProxyAddresses();
        }
        Log.Info($"vpn: child SA up for {childSa.PeerIdentity}: {childSa.RemoteInnerAddress} <-> " +
                 $"{string.Join(", ", childSa.LocalSelectors.Select(s => s.IsIpv4 ? $"{s.Ipv4Start}-{s.Ipv4End}" : "ipv6"))}, " +
                 $"spi in {childSa.InboundSpi:x8} out {childSa.OutboundSpi:x8}, {Ike.Proposals.Names.Of(childSa.Encryption, childSa.EncryptionKeyBits)}" +
                 (childSa.Integrity == Ike.Messages.IntegrityAlgorithm.None ? "" : "/" + Ike.Proposals.Names.Of(childSa.Integrity)) +
                 (childSa.UdpEncapsulated ? ", udp-encapsulated" : ""));
    }

    public void Remove(ChildSaInstallation childSa)
    {
        lock (_gate)
        {
            _byInboundSpi.Remove(childSa.InboundSpi);
            PublishProxyAddresses();
        }
        Log.Info($"vpn: child SA down for {childSa.PeerIdentity}: spi in {childSa.InboundSpi:x8} out {childSa.OutboundSpi:x8}");
    }

    // Exactly the addresses with at least one Child SA up, handed to the LAN port as a fresh sorted array.
    private void PublishProxyAddresses()
    {
        var addresses = new SortedSet<Ipv4Address>();
        foreach (var childSa in _byInboundSpi.Values) addresses.Add(childSa.RemoteInnerAddress);
        lan.SetProxyAddresses([.. addresses]);
    }
}
