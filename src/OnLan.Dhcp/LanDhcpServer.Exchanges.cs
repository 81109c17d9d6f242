using OnLan.Wire;

namespace OnLan.Dhcp;

// One method per message type a client sends, each with the RFC 2131 rule it follows, and the replies they write.
public sealed partial class LanDhcpServer
{
    // Options a reply carries from the set (51 is written with T1/T2, and never in an ACK to INFORM).
    private static ReadOnlySpan<byte> ConfigurationCodes =>
    [
        DhcpOptionCode.SubnetMask, DhcpOptionCode.Router, DhcpOptionCode.DomainNameServer, DhcpOptionCode.DomainName,
        DhcpOptionCode.NetbiosNameServer, DhcpOptionCode.DomainSearch, DhcpOptionCode.ClasslessStaticRoute,
        DhcpOptionCode.MicrosoftClasslessStaticRoute,
    ];

    // DHCPDISCOVER → DHCPOFFER (§4.3.1): the book picks and reserves; the lease begins only with the REQUEST.
    private LanDhcpReply Discover(in DhcpMessage request, string client, DateTimeOffset now, Span<byte> reply)
    {
        if (_book.Offer(client, request.RequestedAddress, now) is not { } offered)
        {
            _counters = _counters with { Exhausted = _counters.Exhausted + 1 };
            return LanDhcpReply.None;
        }
        return Reply(request, DhcpMessageType.Offer, Ipv4Address.Any, offered, withLease: true, reply);
    }

    // DHCPREQUEST (§4.3.2): which state the client is in follows from server id, option 50 and ciaddr.
    private LanDhcpReply Request(in DhcpMessage request, string client, DateTimeOffset now, Span<byte> reply)
    {
        var requested = request.RequestedAddress;
        var clientAddress = request.ClientAddress;

        if (request.ServerIdentifier is { } chosen)
        {
            // SELECTING: the client broadcast its choice among the offers.
            if (chosen != ServerAddress)
            {
                _book.Withdraw(client);
                return Unanswered();
            }
            // Some clients name the server in a renewal too, with ciaddr instead of option 50.
            var address = requested ?? (clientAddress.IsAny ? (Ipv4Address?)null : clientAddress);
            if (address is not { } selected)
                return Unanswered();
            return _book.Confirm(client, selected, LeaseLifetime, now)
                ? Reply(request, DhcpMessageType.Ack, clientAddress, selected, withLease: true, reply)
                : Nak(request, reply);
        }

        if (!clientAddress.IsAny)
        {
            // RENEWING (unicast to us) or REBINDING (broadcast): ciaddr is the address in use.
            return _book.Confirm(client, clientAddress, LeaseLifetime, now)
                ? Reply(request, DhcpMessageType.Ack, clientAddress, clientAddress, withLease: true, reply)
                : Nak(request, reply);
        }

        if (requested is { } remembered)
        {
            // INIT-REBOOT: the client checks the address it remembers. Silence outside what we hand out lets
            // another server on the segment answer for its own clients.
            if (!_book.Covers(remembered))
                return Unanswered();
            return _book.Confirm(client, remembered, LeaseLifetime, now)
                ? Reply(request, DhcpMessageType.Ack, Ipv4Address.Any, remembered, withLease: true, reply)
                : Nak(request, reply);
        }

        return Unanswered();
    }

    // DHCPDECLINE (§4.3.3): the address is in use by another host; no reply.
    private LanDhcpReply Decline(in DhcpMessage request, string client, DateTimeOffset now)
    {
        if (request.ServerIdentifier is { } chosen && chosen != ServerAddress)
            return Unanswered();
        if (request.RequestedAddress is { } declined && _book.Decline(client, declined, now))
            _counters = _counters with { Declines = _counters.Declines + 1 };
        return LanDhcpReply.None;
    }

    // DHCPRELEASE (§4.3.4): the client gives its address back; no reply.
    private LanDhcpReply Release(in DhcpMessage request, string client, DateTimeOffset now)
    {
        if (request.ServerIdentifier is { } chosen && chosen != ServerAddress)
            return Unanswered();
        if (!request.ClientAddress.IsAny && _book.Release(client, request.ClientAddress, now))
            _counters = _counters with { Releases = _counters.Releases + 1 };
        return LanDhcpReply.None;
    }

    // DHCPINFORM (§4.3.5): the host has an address (configured by hand); it wants the options only.
    private LanDhcpReply Inform(in DhcpMessage request, Span<byte> reply)
    {
        _counters = _counters with { Informs = _counters.Informs + 1 };
        return Reply(request, DhcpMessageType.Ack, request.ClientAddress, Ipv4Address.Any, withLease: false, reply);
    }

    /// <summary>An OFFER or ACK: to ciaddr when the client has it, else broadcast (see the class remarks).</summary>
    private LanDhcpReply Reply(in DhcpMessage request, DhcpMessageType type, Ipv4Address clientAddress, Ipv4Address yourAddress,
        bool withLease, Span<byte> reply)
    {
        var writer = new DhcpMessageWriter(reply);
        bool ok = WriteReplyHeader(ref writer, request, clientAddress, yourAddress);
        ok &= writer.TryAppend(DhcpOptionCode.MessageType, (byte)type);
        ok &= writer.TryAppend(DhcpOptionCode.ServerIdentifier, ServerAddress);
        if (withLease)
        {
            ok &= writer.TryAppend(DhcpOptionCode.LeaseTime, _leaseTimeSeconds);
            if (_leaseTimeSeconds != InfiniteLease)
            {
                ok &= writer.TryAppend(DhcpOptionCode.RenewalTime, _leaseTimeSeconds / 2);
                ok &= writer.TryAppend(DhcpOptionCode.RebindingTime, (uint)((ulong)_leaseTimeSeconds * 7 / 8));
            }
        }

        // Asked-for options first, in the client's order (each once), then the rest of the configured ones.
        Span<bool> sent = stackalloc bool[256];
        foreach (byte code in request.ParameterRequestList)
        {
            if (sent[code] || ConfigurationCodes.IndexOf(code) < 0) continue;
            sent[code] = true;
            ok &= Options.TryAppendTo(ref writer, code);
        }
        foreach (byte code in ConfigurationCodes)
        {
            if (sent[code]) continue;
            ok &= Options.TryAppendTo(ref writer, code);
        }
        var destination = clientAddress.IsAny ? Ipv4Address.Broadcast : clientAddress;
        return Finish(ok, ref writer, destination, type);
    }

    /// <summary>A NAK: always broadcast when not relayed (RFC 2131 §4.1), since the client's address is in doubt.</summary>
    private LanDhcpReply Nak(in DhcpMessage request, Span<byte> reply)
    {
        // RFC 2131 Table 3: a NAK carries ciaddr 0, yiaddr 0, and of the options only 53, 54 (and an optional 56).
        var writer = new DhcpMessageWriter(reply);
        bool ok = WriteReplyHeader(ref writer, request, Ipv4Address.Any, Ipv4Address.Any);
        ok &= writer.TryAppend(DhcpOptionCode.MessageType, (byte)DhcpMessageType.Nak);
        ok &= writer.TryAppend(DhcpOptionCode.ServerIdentifier, ServerAddress);
        return Finish(ok, ref writer, Ipv4Address.Broadcast, DhcpMessageType.Nak);
    }

    private LanDhcpReply Finish(bool ok, ref DhcpMessageWriter writer, Ipv4Address destination, DhcpMessageType type)
    {
        if (ok && writer.TryFinish(out int length))
            return new LanDhcpReply(length, destination, type);
        _counters = _counters with { ReplyTooLarge = _counters.ReplyTooLarge + 1 };
        return LanDhcpReply.None;
    }

    // RFC 2131 Table 3: xid, flags, giaddr, htype, hlen and chaddr come from the request; hops, secs, siaddr, sname
    // and file are zero (no boot server, no overload).
    private static bool WriteReplyHeader(ref DhcpMessageWriter writer, in DhcpMessage request, Ipv4Address clientAddress,
        Ipv4Address yourAddress) =>
        writer.TryWriteHeader(DhcpOperation.BootReply, request.TransactionId, request.Flags, clientAddress, yourAddress,
            Ipv4Address.Any, request.RelayAgentAddress, request.HardwareType, request.ClientHardwareAddress);
}
