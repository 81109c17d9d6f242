using OnLan.Esp;
using OnLan.Ike;
using OnLan.Ports;
using OnLan.Wire;

namespace OnLan.Vpn;

/// <summary>
/// The installed Child SAs, as the two port threads see them: inbound SAs by SPI (the WAN thread decrypts), outbound
/// SAs by the remote PC's leased address (the LAN thread encrypts), and the LAN port's proxy-ARP list. IKE installs
/// and removes on its thread; the tables are immutable snapshots swapped with Volatile.Write, so the packet path
/// reads them without a lock.
/// </summary>
public sealed class EspDataPlane(PortHost lan, EspLifetime lifetime = default) : IChildSaInstaller
{
    private readonly Lock _writers = new();
    private readonly List<EspSaPair> _pairs = [];
    private Dictionary<uint, EspSaPair> _byInboundSpi = [];
    private Dictionary<Ipv4Address, EspSaPair[]> _byRemoteAddress = [];

    public int Count
    {
        get { lock (_writers) return _pairs.Count; }
    }

    /// <summary>The SA that decrypts packets with <paramref name="spi"/>; lock-free.</summary>
    public bool TryGetInbound(uint spi, out EspSaPair pair) =>
        Volatile.Read(ref _byInboundSpi).TryGetValue(spi, out pair!);

    /// <summary>
    /// The SA that carries packets to the remote PC at <paramref name="address"/>; lock-free. After a Child SA
    /// rekey both pairs exist for a while: the new one is used once the peer has sent on it (so it surely installed
    /// it), until then the old one — no packet is lost to the switch (RFC 7296 §2.8).
    /// </summary>
    public bool TryGetOutbound(Ipv4Address address, out EspSaPair pair)
    {
        if (!Volatile.Read(ref _byRemoteAddress).TryGetValue(address, out var pairs))
        {
            pair = null!;
            return false;
        }
        foreach (var candidate in pairs) // newest first
        {
            if (candidate.Inbound.Packets > 0)
            {
                pair = candidate;
                return true;
            }
        }
        pair = pairs[^1];
        return true;
    }

    /// <summary>
    /// Child SAs whose ESP lifetime is over (a hard byte/packet limit, or the outbound sequence number used up):
    /// IKE deletes them. Called on the WAN thread from the IKE service's poll.
    /// </summary>
    public void CollectExpired(List<uint> inboundSpis)
    {
        foreach (var pair in Volatile.Read(ref _byInboundSpi).Values)
            if (pair.HardLimitReached || pair.Outbound.LastSequenceNumber == uint.MaxValue) inboundSpis.Add(pair.Installation.InboundSpi);
    }

    public void Install(ChildSaInstallation childSa)
    {
        var pair = EspSaPair.Create(childSa, lifetime);
        lock (_writers)
        {
            _pairs.Add(pair);
            Publish();
        }
        Log.Info($"vpn: child SA up for {childSa.PeerIdentity}: {childSa.RemoteInnerAddress} <-> " +
                 $"{string.Join(", ", childSa.LocalSelectors.Select(s => s.IsIpv4 ? $"{s.Ipv4Start}-{s.Ipv4End}" : "ipv6"))}, " +
                 $"spi in {childSa.InboundSpi:x8} out {childSa.OutboundSpi:x8}, {Ike.Proposals.Names.Of(childSa.Encryption, childSa.EncryptionKeyBits)}" +
                 (childSa.Integrity == Ike.Messages.IntegrityAlgorithm.None ? "" : "/" + Ike.Proposals.Names.Of(childSa.Integrity)) +
                 (childSa.UdpEncapsulated ? ", udp-encapsulated" : ", esp"));
    }

    public void Remove(ChildSaInstallation childSa)
    {
        lock (_writers)
        {
            _pairs.RemoveAll(p => p.Installation.InboundSpi == childSa.InboundSpi);
            Publish();
        }
        // The cipher objects are not disposed here: a port thread may still hold the pair for the packet in hand.
        // They have no native state that outlives their finalizers.
        Log.Info($"vpn: child SA down for {childSa.PeerIdentity}: spi in {childSa.InboundSpi:x8} out {childSa.OutboundSpi:x8}");
    }

    // Rebuilds both tables and the proxy-ARP list from _pairs and publishes them.
    private void Publish()
    {
        var byInboundSpi = new Dictionary<uint, EspSaPair>(_pairs.Count);
        var byRemoteAddress = new Dictionary<Ipv4Address, EspSaPair[]>(_pairs.Count);
        for (int i = _pairs.Count - 1; i >= 0; i--) // newest first
        {
            var pair = _pairs[i];
            byInboundSpi[pair.Installation.InboundSpi] = pair;
            var address = pair.Installation.RemoteInnerAddress;
            byRemoteAddress[address] = byRemoteAddress.TryGetValue(address, out var older) ? [.. older, pair] : [pair];
        }
        Volatile.Write(ref _byInboundSpi, byInboundSpi);
        Volatile.Write(ref _byRemoteAddress, byRemoteAddress);
        var addresses = byRemoteAddress.Keys.ToArray();
        Array.Sort(addresses);
        lan.SetProxyAddresses(addresses);
    }
}
