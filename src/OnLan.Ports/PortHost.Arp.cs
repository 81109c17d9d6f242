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
        if (senderIp == Address.Address)
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
        bool forUs = arp.TargetProtocolAddress == Address.Address;
        if (senderUsable && Arp.Update(senderIp, senderMac, now, create: forUs))
            FlushPending(senderIp, senderMac, output);

        if (!forUs)
        {
            Counters.Drop(DropReason.ArpForOtherHost);
            return;
        }
        if (operation == ArpOperation.Request)
            SendArp(ArpOperation.Reply, senderMac, senderMac, senderIp, output);
    }

    /// <summary>True for a unicast host address on this port's segment other than our own.</summary>
    private bool IsNeighbour(Ipv4Address address) =>
        Address.Contains(address) && address != Address.Address && address != Address.Network &&
        address != Address.DirectedBroadcast;

    /// <summary>
    /// Sends an ARP packet from us. A request to <see cref="MacAddress.Broadcast"/> whose target is our own address
    /// is an announcement (RFC 5227 §2.3).
    /// </summary>
    private void SendArp(ArpOperation operation, MacAddress ethernetDestination, MacAddress targetMac, Ipv4Address targetIp, FrameBatch output)
    {
        var slot = output.NextSlot();
        if (slot.IsEmpty)
        {
            Counters.Drop(DropReason.OutputFull);
            return;
        }
        new EthernetRepr(ethernetDestination, Mac, EtherType.Arp).Emit(slot);
        new ArpRepr(operation, Mac, Address.Address, targetMac, targetIp).Emit(slot[EthernetFrame.HeaderLength..]);
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
