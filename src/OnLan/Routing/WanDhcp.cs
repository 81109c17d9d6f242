using System.Security.Cryptography;
using OnLan.Dhcp.Client;
using OnLan.Ports;
using OnLan.Wire;

namespace OnLan.Routing;

/* `set interfaces wan address dhcp`: the WAN port's address from the ISP's DHCP server, on the WAN port's thread.

     start   → INIT-REBOOT with the address remembered in <state>/wan-lease, else DISCOVER (from 0.0.0.0, broadcast)
     bound   → the port takes the address and the lease's router (or `set interfaces wan gateway`), announces itself;
               NAT translates to the new address; the IKE responder answers on whatever address a request came to,
               so it follows by itself
     T1/T2   → renew / rebind (the client's state machine)
     lost    → the port has no address again (no ARP answers, no routes) until a new lease
     stop    → DHCPRELEASE */
public sealed class WanDhcp : IPortService, IUdpReceiver
{
    private readonly PortHost _wan;
    private readonly DhcpClient _client;
    private readonly Ipv4Address? _configuredGateway;
    private readonly string _rememberPath;
    private readonly Action<Ipv4Address> _addressChanged;
    private readonly byte[] _buffer = new byte[DhcpClient.RecommendedBufferLength];
    private bool _started;

    public WanDhcp(PortHost wan, Ipv4Address? configuredGateway, string stateDirectory, string hostName, Action<Ipv4Address> addressChanged)
    {
        _wan = wan;
        _configuredGateway = configuredGateway;
        _rememberPath = Path.Combine(stateDirectory, "wan-lease");
        _addressChanged = addressChanged;
        _client = new DhcpClient(wan.Mac, hostName, () => BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4)));
        wan.BindUdp(DhcpClient.ClientPort, this);
    }

    public DhcpClient Client => _client;

    public void Receive(in UdpReceiveContext context, Span<byte> payload, FrameBatch output)
    {
        if (context.SourcePort != DhcpClient.ServerPort) return;
        _client.Receive(payload, context.Now);
        Run(context.Now, output);
    }

    public void Poll(TimeSpan now, FrameBatch output)
    {
        if (!_started)
        {
            _started = true;
            _client.Start(now, Remembered());
        }
        _client.Poll(now);
        Run(now, output);
    }

    public void Stop(TimeSpan now, FrameBatch output)
    {
        _client.Stop();
        Run(now, output);
    }

    private void Run(TimeSpan now, FrameBatch output)
    {
        while (_client.TryTakeLeaseChange(out var change)) Apply(change, now, output);
        while (_client.TryTakeOutgoing(_buffer, out DhcpClientDatagram datagram))
            _wan.SendUdp(DhcpClient.ClientPort, datagram.Destination, DhcpClient.ServerPort, _buffer.AsSpan(0, datagram.Length), now, output);
    }

    private void Apply(DhcpLeaseChange change, TimeSpan now, FrameBatch output)
    {
        var lease = _client.Lease;
        switch (change)
        {
            case DhcpLeaseChange.Bound or DhcpLeaseChange.Renewed or DhcpLeaseChange.Rebound when lease is not null:
                bool moved = lease.Address != _wan.Address;
                _wan.ChangeAddress(lease.Address, _configuredGateway ?? lease.Router);
                if (moved)
                {
                    _wan.Announce(now, output);
                    _addressChanged(lease.Address.Address);
                    Remember(lease.Address.Address);
                    Log.Info($"wan: address {lease.Address} from dhcp server {lease.ServerIdentifier}, gateway {_wan.Gateway?.ToString() ?? "none"}, " +
                             $"dns {string.Join(" ", lease.DnsServers)}, lease {(int)lease.LeaseTime.TotalSeconds} s");
                }
                else
                {
                    Log.Info($"wan: dhcp lease of {lease.Address.Address} {(change == DhcpLeaseChange.Rebound ? "rebound" : "renewed")}");
                }
                break;
            case DhcpLeaseChange.Lost:
                _wan.ChangeAddress(new Ipv4Prefix(Ipv4Address.Any, 32), null);
                Log.Error("wan: dhcp lease lost; no address until the next one");
                break;
            case DhcpLeaseChange.Released:
                Log.Info("wan: dhcp lease released");
                break;
        }
    }

    private Ipv4Address? Remembered()
    {
        try
        {
            return File.Exists(_rememberPath) && Ipv4Address.TryParse(File.ReadAllText(_rememberPath).Trim(), out var address) ? address : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private void Remember(Ipv4Address address)
    {
        try
        {
            OnLan.Storage.DurableFile.Write(_rememberPath, System.Text.Encoding.ASCII.GetBytes(address + "\n"), OnLan.Storage.DurableFile.Public);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Error($"wan: cannot remember the lease in {_rememberPath}: {e.Message}");
        }
    }
}
