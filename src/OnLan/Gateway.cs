using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OnLan.Addressing;
using OnLan.Dhcp;
using OnLan.Configuration;
using OnLan.Ike;
using OnLan.Ike.Responder;
using OnLan.Vpn;
using OnLan.Platform.Linux;
using OnLan.Ports;

namespace OnLan;

/// <summary>The composition root: opens both ports, builds their host stacks, runs one worker thread each.</summary>
public sealed class Gateway : IDisposable
{
    private readonly List<PortWorker> _workers = [];
    private readonly List<IFrameLink> _links = [];

    private Gateway() { }

    /// <summary>Opens the ports of <paramref name="configuration"/> and starts serving; null (with the reason logged) on failure.</summary>
    public static Gateway? TryStart(GatewayConfiguration configuration, TimeProvider time, string stateDirectory)
    {
        var gateway = new Gateway();
        foreach (var role in (ReadOnlySpan<PortRole>)[PortRole.Wan, PortRole.Lan])
        {
            var settings = configuration[role];
            IFrameLink link;
            try
            {
                link = PacketLink.Open(settings.Port!);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                Log.Error($"{role.Keyword()}: cannot open port {settings.Port}: {e.Message}");
                gateway.Dispose();
                return null;
            }
            gateway._links.Add(link);
            var host = new PortHost(role.Keyword(), link.Address, settings.Address!.Value, settings.Gateway, link.Mtu);
            gateway._workers.Add(new PortWorker(link, host, time));
        }
        if (configuration.Vpn.IsEnabled && !gateway.StartVpn(configuration, gateway._workers[0], time, stateDirectory))
        {
            gateway.Dispose();
            return null;
        }
        foreach (var worker in gateway._workers)
        {
            worker.Start();
            var host = worker.Host;
            string gatewayText = host.Gateway is { } next ? $", gateway {next}" : "";
            Log.Info($"{host.Name}: port {worker.Link.Name} up, address {host.Address}, mac {host.Mac}, mtu {host.Mtu}{gatewayText}" +
                     (worker.Link.IsUp ? "" : " (no carrier yet)"));
        }
        return gateway;
    }

    public IReadOnlyList<PortWorker> Workers => _workers;

    public IkeService? Ike { get; private set; }
    public AddressPool? Pool { get; private set; }
    public EspDataPlane? DataPlane { get; private set; }
    public LanDhcpPort? Dhcp { get; private set; }
    public TunnelCounters Tunnel { get; } = new();

    // IKE runs on the WAN port's thread: its messages arrive there and its answers leave there.
    // False (with the file named in the log) when a certificate or key cannot be read: like a bad configuration line.
    private bool StartVpn(GatewayConfiguration configuration, PortWorker wan, TimeProvider time, string stateDirectory)
    {
        var vpn = configuration.Vpn;
        X509Certificate2? serverCertificate = null, authority = null;
        if (vpn.CertificatePath is { } certificatePath && !TryLoadServerCertificate(certificatePath, vpn.KeyPath!, out serverCertificate))
            return false;
        if (vpn.CaPath is { } caPath && !TryLoadAuthority(caPath, out authority))
            return false;
        var lanSegment = configuration.Lan.Address!.Value;
        var dhcpOptions = DhcpOptionMapping.From(vpn, lanSegment);
        var options = new IkeResponderOptions
        {
            LocalId = vpn.LocalId!,
            PreSharedKeys = vpn.Users.Where(u => u.Value.PreSharedKey is not null).ToDictionary(u => u.Key, u => u.Value.PreSharedKey!),
            ServerCertificate = serverCertificate,
            ClientCertificateAuthority = authority,
            LanSegment = lanSegment,
            Netmask = dhcpOptions.SubnetMask,
            DnsServers = vpn.DnsServers,
            NetbiosServers = vpn.NetbiosServers,
            DomainName = vpn.DomainName,
            ExtraReplyAttributes = [DhcpOptionMapping.PrivateAttribute(dhcpOptions)],
            SplitNetworks = vpn.SplitNetworks,
            LegacyModp1024 = vpn.LegacyModp1024,
            Lifetime = TimeSpan.FromSeconds(vpn.LifetimeSeconds),
            ChildLifetime = TimeSpan.FromSeconds(vpn.ChildLifetimeSeconds ?? vpn.LifetimeSeconds),
            DpdInterval = TimeSpan.FromSeconds(vpn.DpdIntervalSeconds),
        };
        // The tunnel: the WAN thread decrypts and sends, the LAN thread encrypts and delivers; a ring each way.
        var lan = _workers[1];
        // Volume limits each way: soft at 90 % (the client is expected to rekey), hard → IKE deletes the Child SA.
        var volume = vpn.ChildLifetimeBytes is { } bytes ? new OnLan.Esp.EspLifetime((ulong)(bytes / 10 * 9), (ulong)bytes, 0, 0) : default;
        DataPlane = new EspDataPlane(lan.Host, volume);
        var lanToWan = new PacketHandoff(wan.Link);
        var wanToLan = new PacketHandoff(lan.Link);
        var wanEnd = new WanTunnelEndpoint(wan.Host, DataPlane, wanToLan, lanToWan, Tunnel);
        lan.Add(new LanTunnelEndpoint(lan.Host, DataPlane, lanToWan, wanToLan, wan.Host.Mtu, Tunnel));
        wan.Add(wanEnd);
        IAddressAllocator allocator;
        DhcpRelayAllocator? relay = null;
        if (vpn.PoolDhcpServer is { } dhcpServer)
        {
            // The LAN's DHCP server is the authority: no pool of our own.
            relay = new DhcpRelayAllocator(lan.Host, lan.Link, wan.Link, dhcpServer);
            relay.Events += message => Log.Info($"vpn: {message}");
            lan.Add(relay);
            allocator = relay;
        }
        else
        {
            Pool = OpenPool(vpn, time, stateDirectory);
            var prober = new ProbingAllocator(Pool, lan.Host, lan.Link, wan.Link, time, options.Lifetime);
            lan.Add(prober);
            allocator = prober;
        }
        Dhcp = new LanDhcpPort(lan.Host, DataPlane, dhcpOptions, relay);
        var responder = new IkeResponder(options, DataPlane, allocator);
        responder.Events += OnIkeEvent;
        responder.AuthenticationRefused += (identity, reason) => Log.Info($"vpn: authentication of {identity} failed: {reason}");
        Ike = new IkeService(wan.Host, responder, wanEnd, DataPlane);
        wan.Add(Ike);
        string pool = vpn.PoolDhcpServer is { } server ? $"addresses from the dhcp server {server}" : $"pool {string.Join(", ", vpn.PoolRanges)}";
        Log.Info($"vpn: IKEv2 responder on {wan.Host.Address.Address} udp 500/4500 as {vpn.LocalId}, {pool}" +
                 (vpn.LegacyModp1024 ? ", modp1024 allowed" : ""));
        if (serverCertificate is not null)
            Log.Info($"vpn: certificate '{serverCertificate.Subject}' ({KeyDescription(serverCertificate)}), valid until {serverCertificate.NotAfter:yyyy-MM-dd}" +
                     (authority is not null ? $"; client certificates from '{authority.Subject}'" : ""));
        return true;
    }

    // The pool with its leases from the state directory (the data partition on the board). A store that cannot be
    // opened or read does not stop the gateway: it serves from memory and says so loudly.
    private AddressPool OpenPool(VpnConfiguration vpn, TimeProvider time, string stateDirectory)
    {
        ILeaseStore? store = null;
        try
        {
            Directory.CreateDirectory(stateDirectory);
            store = new FileLeaseStore(Path.Combine(stateDirectory, "leases"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Error($"vpn: cannot use {stateDirectory} for leases ({e.Message}); leases will not survive a restart");
        }
        var pool = new AddressPool(vpn.PoolRanges.Select(r => (r.First, r.Last)), vpn.PoolExclusions.Select(r => (r.First, r.Last)),
            new AddressPoolOptions
            {
                ReleaseGrace = TimeSpan.FromSeconds(vpn.PoolReleaseGraceSeconds),
                ConflictHold = TimeSpan.FromSeconds(vpn.PoolConflictHoldSeconds),
            }, store, time.GetUtcNow());
        if (pool.RecoveryError is { } error) Log.Error($"vpn: lease store: {error}; starting with an empty pool");
        else if (store is not null) Log.Info($"vpn: {pool.Counters.Recovered} leases recovered from {Path.Combine(stateDirectory, "leases")}");
        pool.Events += OnPoolEvent;
        return pool;
    }

    private static void OnPoolEvent(PoolEvent e)
    {
        switch (e)
        {
            case PoolEvent.Exhausted exhausted:
                Log.Error($"vpn: address pool exhausted: no address for {exhausted.Identity}");
                break;
            case PoolEvent.Conflict conflict:
                Log.Info($"vpn: address {conflict.Address} is in use on the lan: skipped");
                break;
            case PoolEvent.StoreFailed failed:
                Log.Error($"vpn: lease store: {failed.Message}");
                break;
        }
    }

    private static bool TryLoadServerCertificate(string certificatePath, string keyPath, out X509Certificate2? certificate)
    {
        certificate = null;
        if (!TryReadPem(certificatePath, "certificate", out var certificatePem) || !TryReadPem(keyPath, "key", out var keyPem)) return false;
        try
        {
            using var alone = X509Certificate2.CreateFromPem(certificatePem);
        }
        catch (CryptographicException e)
        {
            Log.Error($"vpn: certificate {certificatePath}: not a PEM certificate ({e.Message})");
            return false;
        }
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            Log.Error($"vpn: key {keyPath}: not a PEM private key for certificate {certificatePath} ({e.Message})");
            return false;
        }
        using (var rsa = certificate.GetRSAPrivateKey())
        using (var ecdsa = certificate.GetECDsaPrivateKey())
        {
            if (rsa is not null || ecdsa is { KeySize: 256 or 384 or 521 }) return true;
        }
        Log.Error($"vpn: key {keyPath}: an RSA or ECDSA P-256/P-384/P-521 key is needed");
        certificate.Dispose();
        certificate = null;
        return false;
    }

    private static bool TryLoadAuthority(string path, out X509Certificate2? authority)
    {
        authority = null;
        if (!TryReadPem(path, "ca", out var pem)) return false;
        try
        {
            authority = X509Certificate2.CreateFromPem(pem);
            return true;
        }
        catch (CryptographicException e)
        {
            Log.Error($"vpn: ca {path}: not a PEM certificate ({e.Message})");
            return false;
        }
    }

    private static bool TryReadPem(string path, string what, out string text)
    {
        text = "";
        try
        {
            text = File.ReadAllText(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Error($"vpn: {what} {path}: cannot read ({e.Message})");
            return false;
        }
    }

    private static string KeyDescription(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null) return $"RSA-{rsa.KeySize}";
        using var ecdsa = certificate.GetECDsaPublicKey();
        return $"ECDSA P-{ecdsa!.KeySize}";
    }

    private static void OnIkeEvent(IkeSaEvent e)
    {
        var sa = e.Sa;
        if (e.Established)
            Log.Info($"vpn: {sa.PeerIdentity} authenticated from {sa.Remote}, IKE SA {sa.ResponderSpi:x16} " +
                     $"{OnLan.Ike.Proposals.Names.Of(sa.Suite.Encryption, sa.Suite.EncryptionKeyBits)}/{OnLan.Ike.Proposals.Names.Of(sa.Suite.Prf)}/{OnLan.Ike.Proposals.Names.Of(sa.Suite.Group)}" +
                     (sa.NatDetected ? ", NAT" : ""));
        else
            Log.Info($"vpn: {sa.PeerIdentity} IKE SA {sa.ResponderSpi:x16} ended ({e.Reason})");
    }

    public void LogCounters()
    {
        foreach (var worker in _workers)
            Log.Info($"{worker.Host.Name}: counters {CountersReport.Format(worker.Host.Counters)}");
        if (Ike is { } ike)
        {
            var c = ike.Responder.Counters;
            Log.Info($"vpn: counters messages={c.MessagesReceived} init-requests={c.InitRequests} established={c.SasEstablished} " +
                     $"deleted={c.SasDeleted} child-sas={c.ChildSasInstalled} auth-failures={c.AuthenticationFailures} " +
                     $"retransmits-answered={c.RetransmissionsAnswered} cookies={c.CookiesSent} dropped={c.TotalDropped} " +
                     $"nat-keepalives={ike.NatKeepalives} esp-datagrams={ike.EspDatagrams} half-open={ike.Responder.HalfOpenCount}" +
                     string.Concat(Enum.GetValues<IkeDrop>().Where(r => r != IkeDrop.Count && c[r] > 0).Select(r => $" drop.{r}={c[r]}")));
            Log.Info($"vpn: tunnel {Tunnel.Format()}");
            if (Dhcp is { } dhcp)
                Log.Info($"vpn: dhcp in tunnel: {dhcp.TunnelRequestsAnswered} answered, {dhcp.TunnelRequestsIgnored} ignored; " +
                         $"{dhcp.LanMessagesIgnored} lan messages not ours");
            if (Pool is { } pool)
            {
                var p = pool.Counters;
                Log.Info($"vpn: pool capacity={pool.Capacity} in-use={pool.InUse} commits={p.Commits} releases={p.Releases} " +
                         $"conflicts={p.Conflicts} exhausted={p.Exhausted} recovered={p.Recovered}");
            }
        }
    }

    /// <summary>Stops the worker threads; their counters stay readable.</summary>
    public void Stop()
    {
        foreach (var worker in _workers) worker.Stop();
    }

    public void Dispose()
    {
        Stop();
        _workers.Clear();
        foreach (var link in _links) link.Dispose();
        _links.Clear();
    }
}
