using System.Buffers.Binary;
using OnLan.Wire;

namespace OnLan.Dhcp.Client;

// The messages the client sends, with the fields and options RFC 2131 Table 5 gives each.
public sealed partial class DhcpClient
{
    private const byte EthernetHardwareType = 1;

    // Options 55 asks for: mask, router, DNS, domain, lease time, T1, T2.
    private static ReadOnlySpan<byte> RequestedParameters =>
    [
        DhcpOptionCode.SubnetMask, DhcpOptionCode.Router, DhcpOptionCode.DomainNameServer, DhcpOptionCode.DomainName,
        DhcpOptionCode.LeaseTime, DhcpOptionCode.RenewalTime, DhcpOptionCode.RebindingTime,
    ];

    /// <summary>
    /// One message waiting in the outgoing slot, as fields: it is written only when taken, into the caller's buffer.
    /// <paramref name="Requested"/> is option 50 and <paramref name="Server"/> option 54, each sent only when set.
    /// </summary>
    private readonly record struct Transmission(DhcpMessageType Type, uint TransactionId, ushort Seconds, Ipv4Address ClientAddress,
        Ipv4Address? Requested, Ipv4Address? Server, Ipv4Address Source, Ipv4Address Destination, bool Broadcast);

    // DISCOVER: ciaddr 0, no 50 (we have nothing to ask for), no 54 (MUST NOT).
    private Transmission Discover(TimeSpan now) =>
        new(DhcpMessageType.Discover, _transactionId, Seconds(now), Ipv4Address.Any, Requested: null, Server: null,
            Source: Ipv4Address.Any, Destination: Ipv4Address.Broadcast, Broadcast: true);

    // REQUEST in SELECTING: ciaddr 0, 50 = the offered yiaddr and 54 = the chosen server, both MUST.
    private Transmission SelectingRequest(TimeSpan now) =>
        new(DhcpMessageType.Request, _transactionId, Seconds(now), Ipv4Address.Any, _requestedAddress, _offeringServer,
            Source: Ipv4Address.Any, Destination: Ipv4Address.Broadcast, Broadcast: true);

    // REQUEST in INIT-REBOOT: ciaddr 0, 50 = the remembered address MUST, 54 MUST NOT.
    private Transmission RebootRequest(TimeSpan now) =>
        new(DhcpMessageType.Request, _transactionId, Seconds(now), Ipv4Address.Any, _requestedAddress, Server: null,
            Source: Ipv4Address.Any, Destination: Ipv4Address.Broadcast, Broadcast: true);

    private bool TryWrite(in Transmission message, Span<byte> buffer, out int length)
    {
        // Replies to a client without an address must be broadcast: our stack only takes unicast to its own address.
        ushort flags = message.ClientAddress.IsAny && message.Type is DhcpMessageType.Discover or DhcpMessageType.Request
            ? DhcpMessage.BroadcastFlag : (ushort)0;
        var writer = new DhcpMessageWriter(buffer);
        bool ok = writer.TryWriteHeader(DhcpOperation.BootRequest, message.TransactionId, flags, message.ClientAddress,
            Ipv4Address.Any, Ipv4Address.Any, Ipv4Address.Any, EthernetHardwareType, _macBytes);
        if (ok) BinaryPrimitives.WriteUInt16BigEndian(buffer[DhcpMessage.SecondsOffset..], message.Seconds);
        ok &= writer.TryAppend(DhcpOptionCode.MessageType, (byte)message.Type);
        if (message.Requested is { } requested) ok &= writer.TryAppend(DhcpOptionCode.RequestedAddress, requested);
        if (message.Server is { } server) ok &= writer.TryAppend(DhcpOptionCode.ServerIdentifier, server);

        Span<byte> clientIdentifier = stackalloc byte[1 + MacAddress.Length];
        clientIdentifier[0] = EthernetHardwareType; // RFC 2132 §9.14: type 1 + the MAC, as most servers key leases
        _macBytes.CopyTo(clientIdentifier[1..]);
        ok &= writer.TryAppend(DhcpOptionCode.ClientIdentifier, clientIdentifier);

        // DECLINE and RELEASE carry no host name, parameter list or size (Table 5: MUST NOT).
        if (message.Type is DhcpMessageType.Discover or DhcpMessageType.Request)
        {
            if (_hostName.Length > 0) ok &= writer.TryAppend(DhcpOptionCode.HostName, _hostName);
            ok &= writer.TryAppend(DhcpOptionCode.ParameterRequestList, RequestedParameters);
            Span<byte> size = stackalloc byte[sizeof(ushort)];
            BinaryPrimitives.WriteUInt16BigEndian(size, MaximumMessageSize);
            ok &= writer.TryAppend(DhcpOptionCode.MaximumMessageSize, size);
        }
        length = 0;
        return ok && writer.TryFinish(out length);
    }
}
