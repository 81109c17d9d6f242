using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;
using OnLan.Ike.Proposals;
using OnLan.Ike.Sa;
using OnLan.Wire;

namespace OnLan.Ike.Responder;

public sealed partial class IkeResponder
{
    /// <summary>
    /// Sets up a Child SA from a chosen ESP proposal and the initiator's selectors: narrows the selectors, derives
    /// KEYMAT (RFC 7296 §2.17), hands the SA to the data plane. Returns SAr, TSi, TSr, or the notify that refuses it.
    /// </summary>
    private List<IkePayload> InstallChild(IkeSa sa, EspSelection selection, TrafficSelectorPayload tsi, TrafficSelectorPayload tsr,
        byte[]? sharedSecret, byte[] nonceI, byte[] nonceR, TimeSpan now)
    {
        if (!selection.Found)
        {
            Counters.NoProposalChosen++;
            return [new NotifyPayload(ProtocolId.None, [], NotifyType.NoProposalChosen, [])];
        }
        if (sa.LeasedAddress is not { } leased)
            return [new NotifyPayload(ProtocolId.None, [], NotifyType.InternalAddressFailure, [])];
        var narrowedI = NarrowInitiatorSelectors(tsi, leased);
        var narrowedR = NarrowResponderSelectors(tsr);
        if (narrowedI.Count == 0 || narrowedR.Count == 0)
            return [new NotifyPayload(ProtocolId.None, [], NotifyType.TsUnacceptable, [])];

        var suite = selection.Suite!;
        var keys = KeyDerivation.DeriveChildKeys(sa.Prf, sa.Keys.Sk_d, sharedSecret, nonceI, nonceR, suite.EncryptionKeyLength, suite.IntegrityKeyLength);
        uint inboundSpi = NewInboundSpi();
        var installation = new ChildSaInstallation
        {
            InboundSpi = inboundSpi,
            OutboundSpi = selection.PeerSpi,
            Encryption = suite.Encryption,
            EncryptionKeyBits = suite.EncryptionKeyBits,
            Integrity = suite.Integrity,
            InboundEncryptionKey = keys.InitiatorToResponderEncryption,
            InboundIntegrityKey = keys.InitiatorToResponderIntegrity,
            OutboundEncryptionKey = keys.ResponderToInitiatorEncryption,
            OutboundIntegrityKey = keys.ResponderToInitiatorIntegrity,
            Local = sa.Local,
            Remote = sa.Remote,
            UdpEncapsulated = sa.NatDetected,
            RemoteInnerAddress = leased,
            LocalSelectors = narrowedR,
            IkeSaSpi = sa.ResponderSpi,
            PeerIdentity = sa.PeerIdentity,
        };
        var child = new ChildSa(installation, suite, now);
        sa.Children.Add(child);
        _childrenByInboundSpi[inboundSpi] = (sa, child);
        _installer.Install(installation);
        Counters.ChildSasInstalled++;

        var chosen = selection.Chosen! with { Spi = SpiBytes(inboundSpi) };
        return
        [
            new SecurityAssociationPayload([chosen]),
            new TrafficSelectorPayload(true, narrowedI),
            new TrafficSelectorPayload(false, narrowedR),
        ];
    }

    // TSi: exactly the leased address (the remote PC's only source), if the initiator's selectors allow it.
    private static List<TrafficSelector> NarrowInitiatorSelectors(TrafficSelectorPayload tsi, Ipv4Address leased)
    {
        foreach (var selector in tsi.Selectors)
        {
            if (!selector.IsIpv4) continue;
            if (selector.Ipv4Start.Value <= leased.Value && leased.Value <= selector.Ipv4End.Value)
                return [TrafficSelector.Ipv4(leased, leased, selector.IpProtocol, selector.StartPort, selector.EndPort)];
        }
        return [];
    }

    // TSr: the LAN segment, the split networks and 255.255.255.255/32 (Windows sends DHCPINFORM there), each cut down
    // to what the initiator asked for.
    private List<TrafficSelector> NarrowResponderSelectors(TrafficSelectorPayload tsr)
    {
        var ours = new List<(Ipv4Address Start, Ipv4Address End)>();
        if (_options.FullTunnel) ours.Add((Ipv4Address.Any, Ipv4Address.Broadcast));
        else
        {
            ours.Add((_options.LanSegment.Network, _options.LanSegment.DirectedBroadcast));
            foreach (var network in _options.SplitNetworks) ours.Add((network.Network, network.DirectedBroadcast));
            ours.Add((Ipv4Address.Broadcast, Ipv4Address.Broadcast));
        }

        var narrowed = new List<TrafficSelector>();
        foreach (var (start, end) in ours)
        {
            foreach (var selector in tsr.Selectors)
            {
                if (!selector.IsIpv4) continue;
                uint low = Math.Max(start.Value, selector.Ipv4Start.Value);
                uint high = Math.Min(end.Value, selector.Ipv4End.Value);
                if (low > high) continue;
                var candidate = TrafficSelector.Ipv4(new Ipv4Address(low), new Ipv4Address(high), selector.IpProtocol, selector.StartPort, selector.EndPort);
                if (!narrowed.Exists(existing => SameSelector(existing, candidate))) narrowed.Add(candidate);
            }
        }
        return narrowed;
    }

    private static bool SameSelector(TrafficSelector a, TrafficSelector b) =>
        a.TsType == b.TsType && a.IpProtocol == b.IpProtocol && a.StartPort == b.StartPort && a.EndPort == b.EndPort &&
        a.StartAddress.AsSpan().SequenceEqual(b.StartAddress) && a.EndAddress.AsSpan().SequenceEqual(b.EndAddress);

    private static byte[] SpiBytes(uint spi)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, spi);
        return bytes;
    }

    private void RemoveChild(IkeSa sa, ChildSa child)
    {
        if (!sa.Children.Remove(child)) return;
        _childrenByInboundSpi.Remove(child.InboundSpi);
        _installer.Remove(child.Installation);
        Counters.ChildSasRemoved++;
    }
}
