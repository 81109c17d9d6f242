using System.Collections.Concurrent;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OnLan.Dhcp;
using OnLan.Ike;
using OnLan.Ports;
using OnLan.Wire;

namespace OnLan.Addressing;

/* Addresses leased from the LAN's own DHCP server (`set vpn pool source dhcp-server <address>`), which stays the one
   authority for addresses. The gateway is a relay agent (RFC 2131 §4.1, RFC 1542): every message carries giaddr =
   its LAN address, goes to the configured server only, out of the LAN port only, and the server answers to
   giaddr:67. It runs the client's side of the exchange on behalf of each remote PC:

     IKE_AUTH (WAN thread) → Acquire(spi, identity) → Pending
     LAN thread: DISCOVER ──► server          retransmitted after 1, 2, 4, 8 s (RFC 2131 §4.1 backs off from 4 s;
                 OFFER ◄──                    we start at 1 s so four tries fit the client's IKE_AUTH patience)
                 REQUEST(server id, address) ──►
                 ACK ◄── → Assigned; NAK → start over; silence → Exhausted after the last try
     bound:      T1 → REQUEST(ciaddr) renew, retried; T2 → rebinding (still to the one server we may talk to);
                 expiry without an ACK → the lease is lost (logged; the SA keeps its address until it ends)
     SA ends     → DHCPRELEASE

   One client identifier per IKE identity (option 61, type 0 + the identity), so the server hands the same identity
   the same address; a stable locally administered chaddr derived from it; the identity's name in options 12 and 81
   so the LAN's DNS can register the remote PC. */
public sealed class DhcpRelayAllocator : IAddressAllocator, IPortService
{
    public const ushort ServerPort = 67;
    private static readonly TimeSpan[] DiscoverBackoff =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)];
    private static readonly TimeSpan RenewRetry = TimeSpan.FromSeconds(10);

    private readonly PortHost _lan;
    private readonly IFrameLink _lanLink;
    private readonly Ipv4Address _server;
    private readonly AddressRequests<Request> _requests;
    private readonly ConcurrentQueue<Ipv4Address> _releases = new();
    private readonly List<Request> _active = []; // the LAN thread's: requests in flight
    private readonly Dictionary<Ipv4Address, Lease> _leases = []; // the LAN thread's: bound addresses
    private readonly byte[] _buffer = new byte[576];
    private TimeSpan _now;

    public DhcpRelayAllocator(PortHost lan, IFrameLink lanLink, IFrameLink? wanLink, Ipv4Address server)
    {
        _lan = lan;
        _lanLink = lanLink;
        _server = server;
        _requests = new AddressRequests<Request>((id, identity) => new Request(id, identity), lanLink, wanLink);
    }

    /// <summary>Raised on the LAN thread for the log: leases bound, renewed, released, lost.</summary>
    public event Action<string>? Events;

    public long MessagesSent { get; private set; }
    public long RepliesIgnored { get; private set; }
    public int BoundLeases => _leases.Count;

    /// <summary>The addresses bound from the server (call on the LAN thread), for `show leases`.</summary>
    public List<OnLan.Cli.LeaseReport> Snapshot() =>
        _leases.Values.Select(l => new OnLan.Cli.LeaseReport(l.Address.ToString(), "leased", l.Client.Identity, null, null)).ToList();

    // ---- the WAN thread (the IKE engine) ----

    public AddressOutcome Acquire(ulong request, string identity, out Ipv4Address address) =>
        _requests.Acquire(request, identity, out address);

    public void Cancel(ulong request)
    {
        if (_requests.Cancel(request) is { } leased) Release(leased);
    }

    public void Release(Ipv4Address address)
    {
        _releases.Enqueue(address);
        _lanLink.Wake();
    }

    // ---- the LAN thread ----

    public void Poll(TimeSpan now, FrameBatch output)
    {
        _now = now;
        while (_requests.TryTakeNew(out var fresh))
        {
            _active.Add(fresh);
            SendDiscover(fresh, output);
        }
        while (_releases.TryDequeue(out var address))
        {
            if (!_leases.Remove(address, out var lease)) continue;
            Send(DhcpMessageType.Release, lease.TransactionId, lease.Client, address, requested: null, serverId: lease.Server, output);
            Events?.Invoke($"released {address} of {lease.Client.Identity} to the dhcp server");
        }
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            var request = _active[i];
            if (request.IsCancelled) _active.RemoveAt(i);
            else if (now >= request.NextRetry && request.Phase == Phase.Selecting) RetryDiscover(request, i, output);
            else if (now >= request.NextRetry && request.Phase == Phase.Requesting) RetryRequest(request, i, output);
        }
        foreach (var lease in _leases.Values)
        {
            if (now >= lease.Expires)
            {
                _lost.Add(lease.Address);
                continue;
            }
            if (now < lease.NextRenewal) continue;
            // Renewing (T1) and rebinding (T2) both go to the one server we relay to, with the lease's address.
            lease.NextRenewal = now + RenewRetry;
            Send(DhcpMessageType.Request, lease.TransactionId, lease.Client, lease.Address, requested: null, serverId: null, output);
        }
        foreach (var address in _lost)
        {
            _leases.Remove(address, out var lease);
            Events?.Invoke($"lease of {address} for {lease!.Client.Identity} expired without renewal by the dhcp server");
        }
        _lost.Clear();
    }

    private readonly List<Ipv4Address> _lost = [];

    /// <summary>A DHCP reply from the LAN (the LAN port's UDP 67 hands over BOOTREPLYs that came off the wire).</summary>
    public void ReceiveReply(in UdpReceiveContext context, ReadOnlySpan<byte> payload, FrameBatch output)
    {
        if (context.Source != _server || DhcpMessage.TryParse(payload, out var reply) != DhcpError.None ||
            reply.Operation != DhcpOperation.BootReply || reply.RelayAgentAddress != _lan.Address.Address)
        {
            RepliesIgnored++;
            return;
        }
        uint xid = reply.TransactionId;
        foreach (var request in _active)
        {
            if (request.TransactionId != xid) continue;
            OnReplyToRequest(request, reply, output);
            return;
        }
        foreach (var lease in _leases.Values)
        {
            if (lease.TransactionId != xid) continue;
            OnReplyToRenewal(lease, reply);
            return;
        }
        RepliesIgnored++;
    }

    private void OnReplyToRequest(Request request, DhcpMessage reply, FrameBatch output)
    {
        var type = reply.MessageType;
        if (request.Phase == Phase.Selecting && type == DhcpMessageType.Offer && !reply.YourAddress.IsAny)
        {
            request.Offered = reply.YourAddress;
            request.OfferedBy = reply.ServerIdentifier ?? _server;
            request.Phase = Phase.Requesting;
            request.Tries = 0;
            SendRequest(request, output);
            return;
        }
        if (request.Phase == Phase.Requesting && type == DhcpMessageType.Ack && reply.YourAddress == request.Offered)
        {
            var leaseTime = LeaseTime(reply);
            _leases[request.Offered] = new Lease(request.Offered, request.Client, request.TransactionId, request.OfferedBy)
            {
                NextRenewal = _now + leaseTime / 2,
                Expires = _now + leaseTime,
            };
            _active.Remove(request);
            Events?.Invoke($"{request.Offered} leased from the dhcp server for {request.Client.Identity} ({(int)leaseTime.TotalSeconds} s)");
            if (!_requests.Decide(request, AddressOutcome.Assigned, request.Offered)) _releases.Enqueue(request.Offered);
            return;
        }
        if (type == DhcpMessageType.Nak)
        {
            // The server took the offer back: start over.
            request.Phase = Phase.Selecting;
            request.Tries = 0;
            SendDiscover(request, output);
            return;
        }
        RepliesIgnored++;
    }

    private void OnReplyToRenewal(Lease lease, DhcpMessage reply)
    {
        if (reply.MessageType == DhcpMessageType.Ack && reply.YourAddress == lease.Address)
        {
            var leaseTime = LeaseTime(reply);
            lease.NextRenewal = _now + leaseTime / 2;
            lease.Expires = _now + leaseTime;
            lease.Renewals++;
            Events?.Invoke($"{lease.Address} renewed by the dhcp server for {lease.Client.Identity}");
        }
        else if (reply.MessageType == DhcpMessageType.Nak)
        {
            _leases.Remove(lease.Address);
            Events?.Invoke($"dhcp server refused to renew {lease.Address} of {lease.Client.Identity}");
        }
        else RepliesIgnored++;
    }

    private static TimeSpan LeaseTime(DhcpMessage reply) =>
        reply.TryGetOption(DhcpOptionCode.LeaseTime, out var value) && value.Length == 4
            ? TimeSpan.FromSeconds(Math.Max(60u, BinaryPrimitives.ReadUInt32BigEndian(value)))
            : TimeSpan.FromHours(1);

    private void SendDiscover(Request request, FrameBatch output)
    {
        request.TransactionId = NewTransactionId();
        Send(DhcpMessageType.Discover, request.TransactionId, request.Client, Ipv4Address.Any, requested: null, serverId: null, output);
        request.NextRetry = _now + DiscoverBackoff[Math.Min(request.Tries, DiscoverBackoff.Length - 1)];
    }

    private void RetryDiscover(Request request, int index, FrameBatch output)
    {
        if (++request.Tries >= DiscoverBackoff.Length)
        {
            _active.RemoveAt(index);
            Events?.Invoke($"no answer from the dhcp server {_server} for {request.Client.Identity}");
            _requests.Decide(request, AddressOutcome.Exhausted);
            return;
        }
        SendDiscover(request, output);
    }

    private void SendRequest(Request request, FrameBatch output)
    {
        Send(DhcpMessageType.Request, request.TransactionId, request.Client, Ipv4Address.Any, request.Offered, request.OfferedBy, output);
        request.NextRetry = _now + DiscoverBackoff[Math.Min(request.Tries, DiscoverBackoff.Length - 1)];
    }

    private void RetryRequest(Request request, int index, FrameBatch output)
    {
        if (++request.Tries >= DiscoverBackoff.Length)
        {
            request.Phase = Phase.Selecting;
            request.Tries = 0;
            SendDiscover(request, output);
            return;
        }
        SendRequest(request, output);
    }

    // BOOTREQUEST from the relay agent on behalf of the remote PC (RFC 2131 §4.1, §4.4.1): giaddr = our LAN address,
    // hops 1, the client's identifier, name and FQDN, and the options we want to see.
    private void Send(DhcpMessageType type, uint xid, ClientIdentity client, Ipv4Address clientAddress, Ipv4Address? requested,
        Ipv4Address? serverId, FrameBatch output)
    {
        var writer = new DhcpMessageWriter(_buffer);
        writer.TryWriteHeader(DhcpOperation.BootRequest, xid, 0, clientAddress, Ipv4Address.Any, Ipv4Address.Any,
            _lan.Address.Address, hardwareType: 1, client.HardwareAddress);
        _buffer[3] = 1; // hops (RFC 951): one relay, us
        writer.TryAppend(DhcpOptionCode.MessageType, (byte)type);
        writer.TryAppend(DhcpOptionCode.ClientIdentifier, client.ClientId);
        if (requested is { } address) writer.TryAppend(DhcpOptionCode.RequestedAddress, address);
        if (serverId is { } server) writer.TryAppend(DhcpOptionCode.ServerIdentifier, server);
        if (type != DhcpMessageType.Release)
        {
            writer.TryAppend(DhcpOptionCode.HostName, client.HostName);
            writer.TryAppend(DhcpOptionCode.ClientFqdn, client.Fqdn);
            writer.TryAppend(DhcpOptionCode.ParameterRequestList,
                [DhcpOptionCode.SubnetMask, DhcpOptionCode.Router, DhcpOptionCode.DomainNameServer, DhcpOptionCode.DomainName,
                 DhcpOptionCode.LeaseTime, DhcpOptionCode.RenewalTime, DhcpOptionCode.RebindingTime]);
        }
        if (!writer.TryFinish(out int length)) return;
        if (_lan.SendUdp(ServerPort, _server, ServerPort, _buffer.AsSpan(0, length), _now, output)) MessagesSent++;
    }

    private static uint NewTransactionId() => BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));

    public void Stop(TimeSpan now, FrameBatch output)
    {
        // The gateway goes down with its SAs: give every address back.
        _now = now;
        foreach (var lease in _leases.Values)
            Send(DhcpMessageType.Release, lease.TransactionId, lease.Client, lease.Address, requested: null, serverId: lease.Server, output);
        _leases.Clear();
    }

    private enum Phase { Selecting, Requesting }

    private sealed class Request(ulong id, string identity) : AddressRequest(id, identity)
    {
        public readonly ClientIdentity Client = new(identity);
        public Phase Phase;
        public int Tries;
        public uint TransactionId;
        public TimeSpan NextRetry;
        public Ipv4Address Offered;
        public Ipv4Address OfferedBy;
    }

    private sealed class Lease(Ipv4Address address, ClientIdentity client, uint transactionId, Ipv4Address server)
    {
        public readonly Ipv4Address Address = address;
        public readonly ClientIdentity Client = client;
        public readonly uint TransactionId = transactionId;
        public readonly Ipv4Address Server = server;
        public TimeSpan NextRenewal;
        public TimeSpan Expires;
        public int Renewals;
    }
}

/// <summary>How a remote PC appears to the LAN's DHCP server: derived from its IKE identity alone, so stable across SAs and restarts.</summary>
public sealed class ClientIdentity
{
    public ClientIdentity(string identity)
    {
        Identity = identity;
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(identity));
        // Locally administered, unicast (RFC 7042 §2.1): never a real NIC's address.
        HardwareAddress = [(byte)((digest[0] & 0xFC) | 0x02), digest[1], digest[2], digest[3], digest[4], digest[5]];
        // RFC 2132 §9.14: type 0 = an identifier that is not a hardware address.
        var name = Encoding.UTF8.GetBytes(identity);
        ClientId = [0, .. name.AsSpan(0, Math.Min(name.Length, 254))];
        HostName = Encoding.ASCII.GetBytes(HostLabel(identity));
        // RFC 4702: flags S (the server updates the A record), the two obsolete RCODE bytes, the name in ASCII.
        Fqdn = [0x01, 0, 0, .. HostName];
    }

    public string Identity { get; }
    public byte[] HardwareAddress { get; }
    public byte[] ClientId { get; }
    public byte[] HostName { get; }
    public byte[] Fqdn { get; }

    /// <summary>A DNS label for the identity: "alice@corp.example" → "alice", "CN=bob, O=x" → "bob"; letters, digits, '-'.</summary>
    public static string HostLabel(string identity)
    {
        string name = identity;
        int at = name.IndexOf('@');
        if (at > 0) name = name[..at];
        int backslash = name.IndexOf('\\');
        if (backslash >= 0) name = name[(backslash + 1)..];
        if (name.StartsWith("CN=", StringComparison.OrdinalIgnoreCase)) name = name[3..].Split(',')[0];
        var label = new StringBuilder();
        foreach (char c in name.ToLowerInvariant())
        {
            if (label.Length == 63) break;
            if (char.IsAsciiLetterOrDigit(c)) label.Append(c);
            else if (label.Length > 0 && label[^1] != '-') label.Append('-');
        }
        string text = label.ToString().Trim('-');
        return text.Length > 0 ? text : "remote-pc";
    }
}
