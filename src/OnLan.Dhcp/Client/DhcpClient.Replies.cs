using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using OnLan.Wire;

namespace OnLan.Dhcp.Client;

// What the client does with each reply, and how a DHCPACK becomes a DhcpLease.
public sealed partial class DhcpClient
{
    private const uint InfiniteLeaseSeconds = 0xFFFF_FFFF;

    /// <summary>
    /// Takes one UDP payload received on port 68 at <paramref name="now"/>. Acts only on a DHCPOFFER, DHCPACK or
    /// DHCPNAK for the open exchange (see the class remarks); everything else is counted and dropped. Never throws.
    /// What it causes is then in the outgoing slot, <see cref="State"/>, <see cref="Lease"/> and the lease changes.
    /// </summary>
    public void Receive(ReadOnlySpan<byte> udpPayload, TimeSpan now)
    {
        if (DhcpMessage.TryParse(udpPayload, out var reply) != DhcpError.None || reply.Operation != DhcpOperation.BootReply)
        {
            _counters = _counters with { Malformed = _counters.Malformed + 1 };
            return;
        }
        if (!AwaitsReply || reply.TransactionId != _transactionId || reply.HardwareType != EthernetHardwareType ||
            reply.HardwareAddressLength != MacAddress.Length || !reply.ClientHardwareAddress.SequenceEqual(_macBytes))
        {
            _counters = _counters with { NotOurs = _counters.NotOurs + 1 };
            return;
        }
        switch (reply.MessageType, _state)
        {
            case (DhcpMessageType.Offer, DhcpClientState.Selecting):
                TakeOffer(reply, now);
                break;
            case (DhcpMessageType.Ack, DhcpClientState.Requesting or DhcpClientState.Rebooting or DhcpClientState.Renewing or DhcpClientState.Rebinding):
                TakeAck(reply);
                break;
            case (DhcpMessageType.Nak, DhcpClientState.Requesting or DhcpClientState.Rebooting or DhcpClientState.Renewing or DhcpClientState.Rebinding):
                TakeNak(now);
                break;
            default:
                _counters = _counters with { Unexpected = _counters.Unexpected + 1 };
                break;
        }
    }

    private bool AwaitsReply => _state is DhcpClientState.Selecting or DhcpClientState.Requesting or DhcpClientState.Rebooting
        or DhcpClientState.Renewing or DhcpClientState.Rebinding;

    // SELECTING, DHCPOFFER: take the first usable one. The REQUEST keeps the DISCOVER's xid (§4.4.1).
    private void TakeOffer(in DhcpMessage offer, TimeSpan now)
    {
        _counters = _counters with { Offers = _counters.Offers + 1 };
        if (!IsHostAddress(offer.YourAddress) || offer.ServerIdentifier is not { } server || !IsHostAddress(server))
        {
            _counters = _counters with { Unusable = _counters.Unusable + 1 };
            return;
        }
        _state = DhcpClientState.Requesting;
        _requestedAddress = offer.YourAddress;
        _offeringServer = server;
        _requestFirstSentAt = now;
        _sentInExchange = 0;
        Send(SelectingRequest(now));
        _nextTimeout = now + BackOff(0);
    }

    // DHCPACK to any of our REQUESTs: a lease, new or extended.
    private void TakeAck(in DhcpMessage ack)
    {
        _counters = _counters with { Acks = _counters.Acks + 1 };
        var knownServer = _state switch
        {
            DhcpClientState.Requesting => _offeringServer,
            DhcpClientState.Renewing or DhcpClientState.Rebinding => _lease?.ServerIdentifier,
            _ => null,
        };
        if (ReadLease(ack, knownServer, _requestFirstSentAt) is not { } lease)
        {
            _counters = _counters with { Unusable = _counters.Unusable + 1 };
            return;
        }
        var previous = _lease;
        var extending = _state;
        _lease = lease;
        _state = DhcpClientState.Bound;
        _naksInARow = 0;
        _nextTimeout = lease.RenewAt;
        if (previous is not null && previous.Address != lease.Address)
        {
            // The server moved us: to the gateway that is the old address gone and a new one bound.
            _changes.Enqueue(DhcpLeaseChange.Lost);
            _changes.Enqueue(DhcpLeaseChange.Bound);
        }
        else
        {
            _changes.Enqueue(extending switch
            {
                DhcpClientState.Renewing => DhcpLeaseChange.Renewed,
                DhcpClientState.Rebinding => DhcpLeaseChange.Rebound,
                _ => DhcpLeaseChange.Bound,
            });
        }
    }

    // DHCPNAK (§4.4.1, §4.4.5): the address is not ours; start over. A server that NAKs every request would make a
    // DISCOVER-OFFER-REQUEST-NAK loop as fast as the wire allows, so NAKs in a row wait 2, 4 … 64 s (as dhcpcd does).
    private void TakeNak(TimeSpan now)
    {
        _counters = _counters with { Naks = _counters.Naks + 1 };
        LoseLease();
        _naksInARow++;
        var pause = _naksInARow <= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Pow(2, Math.Min(_naksInARow - 1, 6)));
        if (pause > LongestNakPause) pause = LongestNakPause;
        Restart(now, pause);
        Poll(now);
    }

    /// <summary>
    /// The lease a DHCPACK grants, or null when it lacks what RFC 2131 Table 3 requires: a host address in yiaddr, a
    /// lease time (51, four octets) and a server identifier (54, unless <paramref name="knownServer"/> stands in).
    /// T1 and T2 from 58/59 are taken when 0 &lt; T1 ≤ T2 &lt; lease; else 1/2 and 7/8 of the lease.
    /// </summary>
    internal static DhcpLease? ReadLease(in DhcpMessage ack, Ipv4Address? knownServer, TimeSpan obtainedAt)
    {
        var address = ack.YourAddress;
        if (!IsHostAddress(address)) return null;
        if ((ack.ServerIdentifier ?? knownServer) is not { } server || !IsHostAddress(server)) return null;
        if (ReadSeconds(ack, DhcpOptionCode.LeaseTime) is not { } leaseSeconds) return null;

        TimeSpan leaseTime, renewal, rebinding;
        if (leaseSeconds == InfiniteLeaseSeconds)
        {
            leaseTime = renewal = rebinding = DhcpLease.Infinite;
        }
        else
        {
            uint t2 = ReadSeconds(ack, DhcpOptionCode.RebindingTime) is { } given2 && given2 < leaseSeconds
                ? given2 : (uint)((ulong)leaseSeconds * 7 / 8);
            uint t1 = ReadSeconds(ack, DhcpOptionCode.RenewalTime) is { } given1 && given1 > 0 && given1 <= t2
                ? given1 : Math.Min(leaseSeconds / 2, t2);
            leaseTime = TimeSpan.FromSeconds(leaseSeconds);
            renewal = TimeSpan.FromSeconds(t1);
            rebinding = TimeSpan.FromSeconds(t2);
        }

        return new DhcpLease(
            new Ipv4Prefix(address, ReadPrefixLength(ack, address)),
            ReadRouter(ack),
            ReadAddresses(ack, DhcpOptionCode.DomainNameServer),
            ReadDomainName(ack),
            server, leaseTime, renewal, rebinding, obtainedAt);
    }

    private static uint? ReadSeconds(in DhcpMessage message, byte code) =>
        message.TryGetOption(code, out var value) && value.Length == sizeof(uint) ? BinaryPrimitives.ReadUInt32BigEndian(value) : null;

    // Option 1 when it is a contiguous mask; else the address's natural (class A/B/C) mask, as RFC 1122 §3.3.1.1
    // had hosts assume before subnetting, and as dhclient does when a server leaves the mask out.
    private static int ReadPrefixLength(in DhcpMessage message, Ipv4Address address)
    {
        if (message.TryGetOption(DhcpOptionCode.SubnetMask, out var value) && value.Length == Ipv4Address.Length)
        {
            uint mask = BinaryPrimitives.ReadUInt32BigEndian(value);
            uint inverted = ~mask;
            if (mask != 0 && (inverted & (inverted + 1)) == 0)
                return 32 - System.Numerics.BitOperations.PopCount(inverted);
        }
        uint first = address.Value >> 24;
        return first < 128 ? 8 : first < 192 ? 16 : 24;
    }

    private static Ipv4Address? ReadRouter(in DhcpMessage message)
    {
        var routers = ReadAddresses(message, DhcpOptionCode.Router);
        foreach (var router in routers)
            if (IsHostAddress(router)) return router;
        return null;
    }

    // A list of addresses (options 3, 6): whole only; a length that is not a multiple of four is ignored.
    private static ImmutableArray<Ipv4Address> ReadAddresses(in DhcpMessage message, byte code)
    {
        if (!message.TryGetOption(code, out var value) || value.Length == 0 || value.Length % Ipv4Address.Length != 0)
            return [];
        var addresses = ImmutableArray.CreateBuilder<Ipv4Address>(value.Length / Ipv4Address.Length);
        for (int at = 0; at < value.Length; at += Ipv4Address.Length)
            addresses.Add(Ipv4Address.Read(value[at..]));
        return addresses.MoveToImmutable();
    }

    private static string? ReadDomainName(in DhcpMessage message)
    {
        if (!message.TryGetOption(DhcpOptionCode.DomainName, out var value)) return null;
        value = value.TrimEnd((byte)0);
        if (value.Length == 0) return null;
        foreach (byte octet in value)
            if (octet is <= (byte)' ' or > (byte)'~') return null;
        return Encoding.ASCII.GetString(value);
    }
}
