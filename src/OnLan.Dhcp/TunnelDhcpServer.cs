using OnLan.Wire;

namespace OnLan.Dhcp;

/// <summary>
/// The DHCP server a remote PC reaches through its tunnel: it knows one client, one address and one option set, so
/// it keeps no state and answers each request from its arguments alone. Sans-IO: the caller demultiplexes UDP to
/// port 67 from the client's tunnel, and sends what comes back from <c>serverAddress:67</c> to
/// <c>replyDestination:68</c> through the same tunnel.
/// </summary>
/// <remarks>
/// <para>What it answers (RFC 2131 §4.3; the tunnel is point-to-point, so every reply goes to the leased address
/// whatever the broadcast flag says):</para>
/// <code>
/// DHCPINFORM  (ciaddr 0 or leased)      → DHCPACK: ciaddr echoed, yiaddr 0, server id, options, NO lease time (§4.3.5)
/// DHCPINFORM  (ciaddr another address)  → nothing: not this client's address
/// DHCPDISCOVER                          → DHCPOFFER: yiaddr = leased, lease time, T1 = 50 %, T2 = 87.5 %, server id, options
/// DHCPREQUEST for the leased address    → DHCPACK: as the offer, ciaddr echoed
/// DHCPREQUEST for another address       → DHCPNAK
/// DHCPREQUEST naming another server id  → nothing: the client chose another server (§4.3.2)
/// DHCPDECLINE, DHCPRELEASE, replies     → nothing: the lease belongs to the IKE SA, not to DHCP
/// anything malformed, BOOTP             → nothing
/// </code>
/// <para>DISCOVER and REQUEST serve RFC 3456-style clients that run DHCP through the tunnel; Windows' IKEv2 client
/// only sends INFORM, for the options it did not get in the configuration payload.</para>
/// <para>The options 1, 3, 6, 15, 44, 119, 121 and 249 that the set holds are all sent, asked for or not: those
/// the client lists in option 55 come first, in its order, the others follow in <see cref="DhcpOptionSet.Codes"/>
/// order. Option 57 (maximum message size) is not consulted: size the reply buffer for the set (576 bytes
/// holds any reasonable one).</para>
/// </remarks>
public static class TunnelDhcpServer
{
    public const ushort ServerPort = 67;
    public const ushort ClientPort = 68;

    /// <summary>Lease time in OFFER/ACK when the option set has none: RFC 2131 requires one, and 4 h is the IKE SA default.</summary>
    public const uint FallbackLeaseTimeSeconds = 4 * 3600;

    private const uint InfiniteLease = 0xFFFF_FFFF;

    // Options a reply carries from the set (51 is handled with T1/T2, and never in an ACK to INFORM).
    private static ReadOnlySpan<byte> ConfigurationCodes =>
    [
        DhcpOptionCode.SubnetMask, DhcpOptionCode.Router, DhcpOptionCode.DomainNameServer, DhcpOptionCode.DomainName,
        DhcpOptionCode.NetbiosNameServer, DhcpOptionCode.DomainSearch, DhcpOptionCode.ClasslessStaticRoute,
        DhcpOptionCode.MicrosoftClasslessStaticRoute,
    ];

    /// <summary>
    /// Answers one request. Returns false — and <paramref name="replyLength"/> 0 — when there is nothing to send:
    /// a message that does not parse, one that needs no answer (see the table above), or a <paramref name="reply"/>
    /// buffer too small for the answer. Never throws on any <paramref name="requestUdpPayload"/>.
    /// </summary>
    /// <param name="requestUdpPayload">The UDP payload of a datagram the client sent to port 67.</param>
    /// <param name="clientLeasedAddress">The address the gateway assigned to this tunnel's client.</param>
    /// <param name="serverAddress">The gateway's address as the client sees it: server identifier and IP source.</param>
    /// <param name="options">What to hand out; its lease time is the one offered (else <see cref="FallbackLeaseTimeSeconds"/>).</param>
    /// <param name="reply">Where the reply DHCP message (the UDP payload) is written.</param>
    /// <param name="replyDestination">IP destination of the reply: always <paramref name="clientLeasedAddress"/>, port 68.</param>
    public static bool TryAnswer(ReadOnlySpan<byte> requestUdpPayload, Ipv4Address clientLeasedAddress, Ipv4Address serverAddress,
        DhcpOptionSet options, Span<byte> reply, out int replyLength, out Ipv4Address replyDestination)
    {
        replyLength = 0;
        replyDestination = default;
        if (DhcpMessage.TryParse(requestUdpPayload, out var request) != DhcpError.None ||
            request.Operation != DhcpOperation.BootRequest)
            return false;

        bool written;
        switch (request.MessageType)
        {
            case DhcpMessageType.Inform:
                if (!request.ClientAddress.IsAny && request.ClientAddress != clientLeasedAddress)
                    return false;
                written = TryWrite(request, DhcpMessageType.Ack, request.ClientAddress, Ipv4Address.Any, serverAddress,
                    options, withLease: false, reply, out replyLength);
                break;

            case DhcpMessageType.Discover:
                written = TryWrite(request, DhcpMessageType.Offer, Ipv4Address.Any, clientLeasedAddress, serverAddress,
                    options, withLease: true, reply, out replyLength);
                break;

            case DhcpMessageType.Request:
                if (request.ServerIdentifier is { } chosen && chosen != serverAddress)
                    return false;
                // SELECTING and INIT-REBOOT name the address in option 50; RENEWING and REBINDING in ciaddr (§4.3.2).
                var wanted = request.RequestedAddress ?? request.ClientAddress;
                if (wanted.IsAny)
                    return false;
                written = wanted == clientLeasedAddress
                    ? TryWrite(request, DhcpMessageType.Ack, request.ClientAddress, clientLeasedAddress, serverAddress,
                        options, withLease: true, reply, out replyLength)
                    : TryWriteNak(request, serverAddress, reply, out replyLength);
                break;

            default:
                return false;
        }
        if (!written)
        {
            replyLength = 0;
            return false;
        }
        replyDestination = clientLeasedAddress;
        return true;
    }

    private static bool TryWrite(in DhcpMessage request, DhcpMessageType type, Ipv4Address clientAddress, Ipv4Address yourAddress,
        Ipv4Address serverAddress, DhcpOptionSet options, bool withLease, Span<byte> reply, out int length)
    {
        var writer = new DhcpMessageWriter(reply);
        bool ok = WriteReplyHeader(ref writer, request, clientAddress, yourAddress);
        ok &= writer.TryAppend(DhcpOptionCode.MessageType, (byte)type);
        ok &= writer.TryAppend(DhcpOptionCode.ServerIdentifier, serverAddress);
        if (withLease)
        {
            uint lease = options.LeaseTimeSeconds ?? FallbackLeaseTimeSeconds;
            ok &= writer.TryAppend(DhcpOptionCode.LeaseTime, lease);
            if (lease != InfiniteLease)
            {
                ok &= writer.TryAppend(DhcpOptionCode.RenewalTime, lease / 2);
                ok &= writer.TryAppend(DhcpOptionCode.RebindingTime, (uint)((ulong)lease * 7 / 8));
            }
        }

        // Asked-for options first, in the client's order (each once), then the rest of the configured ones.
        Span<bool> sent = stackalloc bool[256];
        foreach (byte code in request.ParameterRequestList)
        {
            if (sent[code] || ConfigurationCodes.IndexOf(code) < 0) continue;
            sent[code] = true;
            ok &= options.TryAppendTo(ref writer, code);
        }
        foreach (byte code in ConfigurationCodes)
        {
            if (sent[code]) continue;
            ok &= options.TryAppendTo(ref writer, code);
        }
        length = 0;
        return ok && writer.TryFinish(out length);
    }

    private static bool TryWriteNak(in DhcpMessage request, Ipv4Address serverAddress, Span<byte> reply, out int length)
    {
        // RFC 2131 Table 3: a NAK carries ciaddr 0, yiaddr 0, and of the options only 53, 54 (and an optional 56).
        var writer = new DhcpMessageWriter(reply);
        bool ok = WriteReplyHeader(ref writer, request, Ipv4Address.Any, Ipv4Address.Any);
        ok &= writer.TryAppend(DhcpOptionCode.MessageType, (byte)DhcpMessageType.Nak);
        ok &= writer.TryAppend(DhcpOptionCode.ServerIdentifier, serverAddress);
        length = 0;
        return ok && writer.TryFinish(out length);
    }

    // RFC 2131 Table 3: xid, flags, giaddr, htype, hlen and chaddr come from the request; hops, secs, siaddr, sname
    // and file are zero (no boot server, no overload).
    private static bool WriteReplyHeader(ref DhcpMessageWriter writer, in DhcpMessage request, Ipv4Address clientAddress,
        Ipv4Address yourAddress) =>
        writer.TryWriteHeader(DhcpOperation.BootReply, request.TransactionId, request.Flags, clientAddress, yourAddress,
            Ipv4Address.Any, request.RelayAgentAddress, request.HardwareType, request.ClientHardwareAddress);
}
