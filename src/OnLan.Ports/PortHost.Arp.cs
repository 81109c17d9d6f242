using OnLan.Wire;

namespace OnLan.Ports;

public sealed partial class PortHost
{
    // RFC 826 reception, with RFC 5227 conflict detection:
    //   sender claims our address        → conflict: count, defend at most once per DefendInterval
    //   sender already in the cache      → refresh its MAC (merge), send what waited for it
    //   target is our address            → add the sender; answer a request with our MAC
    //   anything else                    → another host's conversation: counted, ignored
    private void ReceiveArp(Span<byte> payload, TimeSpan now, FrameBatch output)
    {
        var error = ArpPacket.TryParse(payload, out var arp);
        if (error != WireError.None)
        {
            Counters.Drop(error == WireError.Truncated ? DropReason.ArpTruncated : DropReason.ArpBadFormat);
            return;
        }
        var operation = arp.Operation;
        if (operation is not (ArpOperation.Request or ArpOperation.Reply))
        {
            Counters.Drop(DropReason.ArpBadOperation);
            return;
        }
        var senderMac = arp.SenderHardwareAddress;
        var senderIp = arp.SenderProtocolAddress;
        if (senderMac.IsMulticast || senderMac.IsZero || senderMac == Mac)
        {
            Counters.Drop(DropReason.ArpBadSender);
            return;
        }
        // Every well-formed ARP from another host is a sign of life the address prober may be waiting for
        // (RFC 5227 §2.1.1: a reply or request from the probed address, or another host probing it too).
        ArpWatcher?.ArpSeen(operation, senderMac, senderIp, arp.TargetProtocolAddress);
        if (IsProxied(senderIp))
        {
            // Someone on the LAN uses an address we lease to a remote PC: counted here; what to do about it is the
            // address-distribution section's decision.
            Counters.Drop(DropReason.ArpProxyConflict);
            return;
        }
        if (senderIp == Address.Address && !HasNoAddress)
        {
            Counters.Drop(DropReason.ArpAddressConflict);
            if (now >= _nextDefenceAllowed)
            {
                _nextDefenceAllowed = now + _options.DefendInterval;
                SendArp(ArpOperation.Request, MacAddress.Broadcast, MacAddress.Zero, Address.Address, output);
            }
            return;
        }

        // A probe (sender 0.0.0.0, RFC 5227) teaches nothing; neither does a sender outside our segment.
        bool senderUsable = IsNeighbour(senderIp);
        var target = arp.TargetProtocolAddress;
        bool forUs = target == Address.Address && !HasNoAddress;
        if (senderUsable && Arp.Update(senderIp, senderMac, now, create: forUs))
            FlushPending(senderIp, senderMac, output);

        if (forUs)
        {
            if (operation == ArpOperation.Request) SendArp(ArpOperation.Reply, senderMac, senderMac, senderIp, output);
            return;
        }
        // Proxy ARP: exactly the leased addresses whose Child SA is up, nothing else (answering for whole subnets
        // has taken real LANs down).
        if (operation == ArpOperation.Request && IsProxied(target))
        {
            Counters.ProxyArpRepliesSent++;
            SendArp(ArpOperation.Reply, senderMac, senderMac, senderIp, output, target);
            return;
        }
        Counters.Drop(DropReason.ArpForOtherHost);
    }

    /// <summary>
    /// The addresses this port answers ARP for on behalf of remote PCs (sorted). Any thread may set it; the port's
    /// thread picks it up lock-free and announces each new address with a gratuitous ARP at its next poll.
    /// </summary>
    public void SetProxyAddresses(Ipv4Address[] sortedAddresses) => Volatile.Write(ref _proxied, sortedAddresses);

    public IReadOnlyList<Ipv4Address> ProxyAddresses => Volatile.Read(ref _proxied);

    /// <summary>Told of every well-formed ARP packet from another host (on the port's thread); see <see cref="IArpWatcher"/>.</summary>
    public IArpWatcher? ArpWatcher { get; set; }

    /// <summary>
    /// An RFC 5227 §2.1.1 probe for <paramref name="address"/>: a broadcast request with sender address 0.0.0.0, so
    /// that nobody's ARP cache learns anything from it, answered by whoever uses the address.
    /// </summary>
    public void SendArpProbe(Ipv4Address address, FrameBatch output)
    {
        Counters.ArpProbesSent++;
        SendArp(ArpOperation.Request, MacAddress.Broadcast, MacAddress.Zero, address, output, Ipv4Address.Any);
    }

    private Ipv4Address[] _proxied = [];
    private Ipv4Address[] _announced = [];

    private bool IsProxied(Ipv4Address address)
    {
        var proxied = Volatile.Read(ref _proxied);
        return proxied.Length != 0 && Array.BinarySearch(proxied, address) >= 0;
    }

    // RFC 5227 §2.3 announcement for each address that became proxied since the last poll, so LAN hosts that
    // cached another MAC for it (a previous holder) update at once.
    private void AnnounceNewProxies(FrameBatch output)
    {
        var current = Volatile.Read(ref _proxied);
        if (ReferenceEquals(current, _announced)) return;
        foreach (var address in current)
        {
            if (Array.BinarySearch(_announced, address) >= 0) continue;
            Counters.GratuitousArpsSent++;
            SendArp(ArpOperation.Request, MacAddress.Broadcast, MacAddress.Zero, address, output, address);
        }
        _announced = current;
    }

    /// <summary>True for a unicast host address on this port's segment other than our own.</summary>
    private bool IsNeighbour(Ipv4Address address) =>
        Address.Contains(address) && address != Address.Address && address != Address.Network &&
        address != Address.DirectedBroadcast;

    /// <summary>
    /// Sends an ARP packet from us. A request to <see cref="MacAddress.Broadcast"/> whose target is our own address
    /// is an announcement (RFC 5227 §2.3).
    /// </summary>
    private void SendArp(ArpOperation operation, MacAddress ethernetDestination, MacAddress targetMac, Ipv4Address targetIp, FrameBatch output,
        Ipv4Address? senderIp = null)
    {
        var slot = output.NextSlot();
        if (slot.IsEmpty)
        {
            Counters.Drop(DropReason.OutputFull);
            return;
        }
        new EthernetRepr(ethernetDestination, Mac, EtherType.Arp).Emit(slot);
        new ArpRepr(operation, Mac, senderIp ?? Address.Address, targetMac, targetIp).Emit(slot[EthernetFrame.HeaderLength..]);
        Commit(output, EthernetFrame.HeaderLength + ArpPacket.Length);
        if (operation == ArpOperation.Request) Counters.ArpRequestsSent++;
        else Counters.ArpRepliesSent++;
    }

    private void FlushPending(Ipv4Address nextHop, MacAddress mac, FrameBatch output)
    {
        int index;
        while ((index = _pending.Find(nextHop)) >= 0)
        {
            var slot = output.NextSlot();
            if (slot.IsEmpty)
            {
                // No room in this batch: dropped and counted, as by a full transmit queue.
                Counters.Drop(DropReason.OutputFull);
                _pending.Release(index);
                continue;
            }
            var packet = _pending.Packet(index);
            packet.CopyTo(slot[EthernetFrame.HeaderLength..]);
            new EthernetRepr(mac, Mac, EtherType.Ipv4).Emit(slot);
            Commit(output, EthernetFrame.HeaderLength + packet.Length);
            _pending.Release(index);
        }
    }
}
