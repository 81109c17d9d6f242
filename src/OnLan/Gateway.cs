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
    public static Gateway? TryStart(GatewayConfiguration configuration, TimeProvider time, string stateDirectory, string boardRoot)
    {
        // Ports not named in the configuration come from the board profile (by name or bus path).
        if (BoardSupport.BoardPorts.Resolve(configuration, boardRoot, out string? boardError) is not { } resolved)
        {
            Log.Error($"board: {boardError}");
            return null;
        }
        configuration = resolved;

        var gateway = new Gateway();
        foreach (var role in (ReadOnlySpan<PortRole>)[PortRole.Wan, PortRole.Lan])
        {
            var settings = configuration[role];
            IFrameLink link;
            try
            {
                var port = PacketLink.Open(settings.Port!);
                link = port;
                if (!port.KernelStackOff)
                    Log.Info($"{role.Keyword()}: warning: the kernel's IP stack still sees port {settings.Port}: {port.KernelStackNote}");
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                Log.Error($"{role.Keyword()}: cannot open port {settings.Port}: {e.Message}");
                gateway.Dispose();
                return null;
            }
            gateway._links.Add(link);
            // A DHCP WAN starts without an address (0.0.0.0/32: no ARP answers, no routes) until its first lease.
            var address = settings.AddressFromDhcp ? new OnLan.Wire.Ipv4Prefix(OnLan.Wire.Ipv4Address.Any, 32) : settings.Address!.Value;
            var host = new PortHost(role.Keyword(), link.Address, address, settings.AddressFromDhcp ? null : settings.Gateway, link.Mtu);
            gateway._workers.Add(new PortWorker(link, host, time));
        }
        // One pool, one lease store: the remote PCs' addresses ("vpn" scope) and the LAN hosts' ("lan" scope) can
        // never collide.
        gateway.Pool = OpenPool(configuration, time, stateDirectory);
        gateway._stateDirectory = stateDirectory;
        if (configuration.Vpn.IsEnabled && !gateway.StartVpn(configuration, gateway._workers[0], time, stateDirectory))
        {
            gateway.Dispose();
            return null;
        }
        if (configuration.Nat.Enabled) gateway.StartNat(configuration);
        if (configuration.Wan.AddressFromDhcp)
        {
            var wanWorker = gateway._workers[0];
            var nat = gateway.Nat;
            gateway.WanDhcp = new OnLan.Routing.WanDhcp(wanWorker.Host, configuration.Wan.Gateway, stateDirectory,
                configuration.Vpn.LocalId is { } id && !id.Contains('@') ? id.Split('.')[0] : "onlan",
                address => nat?.Table.ChangeWanAddress(address));
            wanWorker.Add(gateway.WanDhcp);
        }
        gateway.StartDhcp(configuration, time);
        foreach (var worker in gateway._workers)
        {
            worker.Start();
            var host = worker.Host;
            string gatewayText = host.Gateway is { } next ? $", gateway {next}" : "";
            string kernelText = worker.Link is PacketLink { KernelStackOff: true } ? ", kernel stack off" : "";
            Log.Info($"{host.Name}: port {worker.Link.Name} up, address {host.Address}, mac {host.Mac}, mtu {host.Mtu}{gatewayText}{kernelText}" +
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
        if (!TryBuildResponderOptions(WithOwnPki(configuration, time), out var options, out var dhcpOptions)) return false;
        var serverCertificate = options.ServerCertificate;
        var authority = options.ClientCertificateAuthority;
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
            Prober = new ProbingAllocator(Pool!, lan.Host, lan.Link, wan.Link, time, options.Lifetime);
            lan.Add(Prober);
            allocator = Prober;
        }
        Relay = relay;
        _tunnelDhcpOptions = dhcpOptions;
        StartRadius(vpn, wan, lan);
        options = WithRadius(options);
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

    /// <summary>EAP passed through to RADIUS (`set vpn radius server`), on the LAN thread; null when none is configured.</summary>
    public RadiusService? Radius { get; private set; }

    private void StartRadius(VpnConfiguration vpn, PortWorker wan, PortWorker lan)
    {
        if (vpn.RadiusServers.Count == 0) return;
        var servers = vpn.RadiusServers.Select(r => new OnLan.Radius.RadiusServer(r.Address, r.Port, r.Secret!)).ToList();
        Radius = new RadiusService(lan.Host, lan.Link, wan.Link, new OnLan.Radius.RadiusClientOptions
        {
            Servers = servers,
            NasAddress = lan.Host.Address.Address,
            NasIdentifier = vpn.LocalId ?? "onlan",
            Timeout = TimeSpan.FromSeconds(vpn.RadiusTimeoutSeconds),
            Tries = 1 + vpn.RadiusRetries,
        });
        Radius.Events += message => Log.Info($"vpn: {message}");
        lan.Add(Radius);
        Log.Info($"vpn: EAP logins through radius {string.Join(", then ", servers)} from {lan.Host.Address.Address} udp {Radius.Port}");
    }

    // With RADIUS servers configured, they authenticate every EAP login (the users' passwords are not used for EAP).
    // IKE waits for an answer at least as long as the client needs to try every server (and a little more), so a
    // slow `radius timeout`/`retries` setting still reaches the last server before IKE gives up.
    private IkeResponderOptions WithRadius(IkeResponderOptions options)
    {
        if (Radius is not { } radius) return options;
        var client = radius.Options;
        var perServer = client.Timeout * ((1 << client.Tries) - 1);
        var allServers = perServer * client.Servers.Count + TimeSpan.FromSeconds(2);
        return options with
        {
            EapServers = radius.NewEapServer,
            EapWaitLimit = allServers > options.EapWaitLimit ? allServers : options.EapWaitLimit,
        };
    }

    public ProbingAllocator? Prober { get; private set; }
    public OnLan.Routing.WanNat? Nat { get; private set; }
    public OnLan.Routing.WanDhcp? WanDhcp { get; private set; }

    // NAT on the WAN thread; the LAN thread's forwarder sends off-segment packets there after the tunnel's.
    private void StartNat(GatewayConfiguration configuration)
    {
        var wan = _workers[0];
        var lan = _workers[1];
        var table = new OnLan.Routing.Nat.NatTable(wan.Host.Address.Address, new OnLan.Routing.Nat.NatOptions { Capacity = configuration.Nat.MaxFlows });
        foreach (var forward in configuration.Nat.Forwards)
        {
            var protocol = forward.Protocol == NatProtocol.Tcp ? OnLan.Wire.IpProtocol.Tcp : OnLan.Wire.IpProtocol.Udp;
            if (!table.AddPortForward(new OnLan.Routing.Nat.NatPortForward(protocol, forward.WanPort, forward.LanAddress, forward.LanPort)))
                Log.Error($"nat: forward {forward.Protocol} {forward.WanPort} refused (a port the gateway uses itself)");
        }
        var lanToWan = new PacketHandoff(wan.Link);
        var wanToLan = new PacketHandoff(lan.Link);
        Nat = new OnLan.Routing.WanNat(wan.Host, table, lanToWan, wanToLan);
        wan.Add(Nat);
        lan.Host.Forwarder = new OnLan.Routing.LanUplink(lan.Host.Forwarder, lan.Host.Address, lanToWan, wan.Host.Mtu);
        lan.Add(new OnLan.Routing.LanNatDelivery(lan.Host, wanToLan));
        Log.Info($"nat: lan {lan.Host.Address} behind {wan.Host.Address.Address}, {configuration.Nat.Forwards.Count} port forwards, " +
                 $"{table.Capacity} flows at most");
    }
    private string _stateDirectory = "";

    /// <summary>Where the gateway's own CA and server certificate live (made on first start).</summary>
    public static string PkiDirectory(string stateDirectory) => Path.Combine(stateDirectory, "pki");

    // Without `set vpn certificate`, the gateway uses its own: a CA and a server certificate for its WAN name and
    // address, made on first start (and re-issued when near expiry) in the state directory; without `set vpn ca`,
    // client certificates are checked against that CA (the one `request pki client` issues from).
    private GatewayConfiguration WithOwnPki(GatewayConfiguration configuration, TimeProvider time)
    {
        var vpn = configuration.Vpn;
        if (vpn.CertificatePath is not null && vpn.CaPath is not null) return configuration;
        // With a DHCP WAN the address is not known at start: the certificate names the local-id only.
        string? wanAddress = configuration.Wan.Address?.Address.ToString();
        string name = vpn.LocalId is { } id && !id.Contains('@') && !OnLan.Wire.Ipv4Address.TryParse(id, out _) ? id : wanAddress ?? "onlan";
        OnLan.Provisioning.Pki.GatewayPkiPaths paths;
        try
        {
            paths = OnLan.Provisioning.Pki.GatewayPki.EnsureCreated(PkiDirectory(_stateDirectory), name, wanAddress is null ? [] : [wanAddress], time.GetUtcNow());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            Log.Error($"vpn: cannot make the gateway's own certificates in {PkiDirectory(_stateDirectory)}: {e.Message}");
            return configuration;
        }
        return configuration with
        {
            Vpn = vpn.CertificatePath is null
                ? vpn with { CertificatePath = paths.ServerCertificate, KeyPath = paths.ServerKey, CaPath = vpn.CaPath ?? paths.CaCertificate }
                : vpn with { CaPath = paths.CaCertificate },
        };
    }
    private DhcpOptionSet? _tunnelDhcpOptions;

    // UDP 67 on the LAN port: the server inside the tunnels, the relay's replies, the LAN hosts' own DHCP server.
    private void StartDhcp(GatewayConfiguration configuration, TimeProvider time)
    {
        var lan = _workers[1];
        LanDhcpServer? server = null;
        var service = configuration.DhcpServer;
        if (service.IsEnabled)
        {
            var lanSegment = configuration.Lan.Address!.Value;
            var options = new DhcpOptionSet
            {
                SubnetMask = lanSegment.NetMask,
                Routers = [service.Router ?? lanSegment.Address],
                DnsServers = [.. service.DnsServers.Count > 0 ? service.DnsServers : configuration.Vpn.DnsServers],
                DomainName = service.DomainName ?? configuration.Vpn.DomainName,
                LeaseTimeSeconds = (uint)service.LeaseTimeSeconds,
            };
            server = new LanDhcpServer(lanSegment.Address, options, new PoolLeaseBook(Pool!));
            Log.Info($"dhcp: serving the lan from {string.Join(", ", service.Ranges)}, lease {service.LeaseTimeSeconds} s");
        }
        if (server is null && _tunnelDhcpOptions is null && Relay is null) return;
        Dhcp = new LanDhcpPort(lan.Host, DataPlane, _tunnelDhcpOptions ?? DhcpOptionSet.Empty, Relay, server, Pool, time);
        lan.Add(Dhcp);
    }
    public DhcpRelayAllocator? Relay { get; private set; }

    /// <summary>
    /// The IKE engine's settings and the DHCP options for <paramref name="configuration"/>, certificates read from
    /// their files; false (the reason logged) when a certificate or key cannot be read.
    /// </summary>
    private static bool TryBuildResponderOptions(GatewayConfiguration configuration, out IkeResponderOptions options, out DhcpOptionSet dhcpOptions)
    {
        options = null!;
        var vpn = configuration.Vpn;
        X509Certificate2? serverCertificate = null, authority = null;
        var lanSegment = configuration.Lan.Address!.Value;
        dhcpOptions = DhcpOptionMapping.From(vpn, lanSegment);
        if (vpn.CertificatePath is { } certificatePath && !TryLoadServerCertificate(certificatePath, vpn.KeyPath!, out serverCertificate))
            return false;
        if (vpn.CaPath is { } caPath && !TryLoadAuthority(caPath, out authority))
            return false;
        options = new IkeResponderOptions
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
            FullTunnel = configuration.Nat.Enabled,
            EapServers = EapLogin.For(vpn, serverCertificate, authority, TimeProvider.System),
            LegacyModp1024 = vpn.LegacyModp1024,
            Lifetime = TimeSpan.FromSeconds(vpn.LifetimeSeconds),
            ChildLifetime = TimeSpan.FromSeconds(vpn.ChildLifetimeSeconds ?? vpn.LifetimeSeconds),
            DpdInterval = TimeSpan.FromSeconds(vpn.DpdIntervalSeconds),
        };
        return true;
    }

    /// <summary>
    /// True when <paramref name="candidate"/> differs from <paramref name="running"/> only in what the IKE engine and
    /// the DHCP options take live (<see cref="ApplyLive"/>): DHCP options, users, proposals, lifetimes, liveness,
    /// certificates, split networks. Anything else (ports, addresses, the pool) needs a restart of the gateway.
    /// </summary>
    public static bool CanApplyLive(GatewayConfiguration running, GatewayConfiguration candidate)
    {
        if (running.Wan != candidate.Wan || running.Lan != candidate.Lan || running.Vpn.IsEnabled != candidate.Vpn.IsEnabled) return false;
        var live = running.Vpn;
        var asIfLive = candidate.Vpn with
        {
            DnsServers = live.DnsServers, NetbiosServers = live.NetbiosServers, DomainName = live.DomainName,
            SplitNetworks = live.SplitNetworks, Users = live.Users, EapTls = live.EapTls, LegacyModp1024 = live.LegacyModp1024,
            LifetimeSeconds = live.LifetimeSeconds, ChildLifetimeSeconds = live.ChildLifetimeSeconds,
            DpdIntervalSeconds = live.DpdIntervalSeconds, SubnetMask = live.SubnetMask, Routers = live.Routers,
            DomainSearch = live.DomainSearch, ClasslessRoutes = live.ClasslessRoutes, LeaseTimeSeconds = live.LeaseTimeSeconds,
            CertificatePath = live.CertificatePath, KeyPath = live.KeyPath, CaPath = live.CaPath,
        };
        return asIfLive.Equals(live) && candidate with { Vpn = live } == running;
    }

    /// <summary>
    /// Puts a configuration that <see cref="CanApplyLive"/> into force without touching the tunnels: the IKE engine
    /// gets its new settings on the WAN thread, the DHCP server in the tunnel its options on the LAN thread. Null on
    /// success, else why not (nothing changed).
    /// </summary>
    public string? ApplyLive(GatewayConfiguration candidate)
    {
        if (Ike is null || Dhcp is null) return null;
        if (!TryBuildResponderOptions(WithOwnPki(candidate, TimeProvider.System), out var options, out var dhcpOptions))
            return "a certificate or key of the new configuration cannot be read (see show log)";
        options = WithRadius(options);
        var wait = TimeSpan.FromSeconds(5);
        var ike = Ike;
        if (_workers[0].Invoke((_, _) => { ike.Responder.UpdateOptions(options); return ""; }, wait) is null)
            return "the WAN port's thread did not take the new settings";
        var dhcp = Dhcp;
        var prober = Prober;
        if (_workers[1].Invoke((_, _) =>
            {
                dhcp.Options = dhcpOptions;
                if (prober is not null) prober.LeaseLifetime = options.Lifetime;
                return "";
            }, wait) is null)
            return "the LAN port's thread did not take the new options";
        return null;
    }

    // The pool with its leases from the state directory (the data partition on the board). A store that cannot be
    // opened or read does not stop the gateway: it serves from memory and says so loudly.
    private static AddressPool? OpenPool(GatewayConfiguration configuration, TimeProvider time, string stateDirectory)
    {
        var vpn = configuration.Vpn;
        var service = configuration.DhcpServer;
        var scopes = new List<AddressScope>();
        // The VPN scope first: the pool's scope-less calls (the VPN's) use the first one.
        if (vpn.IsEnabled && vpn.PoolDhcpServer is null && vpn.PoolRanges.Count > 0)
            scopes.Add(new AddressScope(AddressScope.VpnName, [.. vpn.PoolRanges.Select(r => (r.First, r.Last))],
                [.. vpn.PoolExclusions.Select(r => (r.First, r.Last))]));
        if (service.IsEnabled)
            scopes.Add(new AddressScope(AddressScope.LanName, [.. service.Ranges.Select(r => (r.First, r.Last))],
                [.. service.Exclusions.Select(r => (r.First, r.Last))])
            {
                // A DHCPRELEASE frees the address at once (the host keeps its sticky binding); after a restart a
                // host's lease is kept for it as long as the lease runs.
                ReleaseGrace = TimeSpan.Zero,
                RecoveryHold = TimeSpan.FromSeconds(service.LeaseTimeSeconds),
            });
        if (scopes.Count == 0) return null;
        ILeaseStore? store = null;
        try
        {
            Directory.CreateDirectory(stateDirectory);
            store = new FileLeaseStore(Path.Combine(stateDirectory, "leases"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Error($"pool: cannot use {stateDirectory} for leases ({e.Message}); leases will not survive a restart");
        }
        var pool = new AddressPool(scopes, new AddressPoolOptions
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
            Log.Info($"{worker.Host.Name}: counters {CountersReport.Format(worker.Host.Counters, worker.Link)}");
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
            if (Radius is { } radius)
            {
                var r = radius.Counters;
                Log.Info($"vpn: radius requests={r.Requests} retransmits={r.Retransmits} failovers={r.Failovers} timeouts={r.Timeouts} " +
                         $"accepts={r.Accepts} rejects={r.Rejects} challenges={r.Challenges} bad-authenticators={r.BadAuthenticators} " +
                         $"malformed={r.Malformed} unexpected={r.Unexpected} not-sent={r.NotSent + radius.TooLarge} " +
                         $"eap-waits={c.EapWaits} eap-timeouts={c.EapTimeouts}");
            }
            if (Pool is { } pool)
            {
                var p = pool.Counters;
                Log.Info($"vpn: pool capacity={pool.Capacity} in-use={pool.InUse} commits={p.Commits} releases={p.Releases} " +
                         $"conflicts={p.Conflicts} exhausted={p.Exhausted} recovered={p.Recovered}");
            }
        }
        if (Nat is { } nat)
        {
            var n = nat.Table.Counters;
            Log.Info($"nat: counters translated-out={n.TranslatedOutbound} translated-in={n.TranslatedInbound} flows={nat.Table.Count} " +
                     $"created={n.FlowsCreated} evicted={n.FlowsEvicted} expired={n.FlowsExpired} not-tracked={n.NotTrackedInbound} " +
                     $"no-port={n.NoPortAvailable} hairpinned={n.Hairpinned} icmp-errors={n.IcmpErrorsTranslated} ring-full={nat.RingFull} " +
                     $"pings-to-wan={nat.LanPingsAnswered} dropped-to-wan-address={nat.DroppedForGateway}");
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
