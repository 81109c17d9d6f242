using OnLan.Addressing;
using OnLan.Cli;
using OnLan.Configuration;
using OnLan.Ike.Proposals;
using OnLan.Ike.Sa;
using OnLan.Ports;

namespace OnLan.Control;

/// <summary>
/// The running gateway as the console sees it: the configuration in force, reports gathered from the port threads,
/// and commits put into force — live when only settings the engines take on the fly changed, otherwise by a restart
/// of the gateway with the new configuration (and the old one back if the new one does not start).
/// </summary>
public sealed class GatewayHost : IGatewayControl, IDisposable
{
    private static readonly TimeSpan ThreadPatience = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time;
    private readonly string _stateDirectory;
    private readonly string _boardRoot;
    private readonly DateTimeOffset _started;
    private readonly Lock _gate = new();
    private Gateway _gateway;
    private GatewayConfiguration _running;

    private GatewayHost(Gateway gateway, GatewayConfiguration running, TimeProvider time, string stateDirectory, string boardRoot)
    {
        _boardRoot = boardRoot;
        _gateway = gateway;
        _running = running;
        _time = time;
        _stateDirectory = stateDirectory;
        _started = time.GetUtcNow();
    }

    public static GatewayHost? TryStart(GatewayConfiguration configuration, TimeProvider time, string stateDirectory, string boardRoot) =>
        Gateway.TryStart(configuration, time, stateDirectory, boardRoot) is { } gateway
            ? new GatewayHost(gateway, configuration, time, stateDirectory, boardRoot)
            : null;

    public Gateway Gateway
    {
        get { lock (_gate) return _gateway; }
    }

    public GatewayConfiguration Running
    {
        get { lock (_gate) return _running; }
    }

    public string Version => Program.VersionText();

    public string? Apply(GatewayConfiguration candidate)
    {
        lock (_gate)
        {
            if (candidate == _running) return null;
            if (Gateway.CanApplyLive(_running, candidate))
            {
                if (_gateway.ApplyLive(candidate) is { } error) return error;
                Log.Info("config: committed; applied live, tunnels kept");
                _running = candidate;
                return null;
            }
            Log.Info("config: committed; restarting the gateway with the new configuration");
            _gateway.Dispose();
            if (Gateway.TryStart(candidate, _time, _stateDirectory, _boardRoot) is { } next)
            {
                _gateway = next;
                _running = candidate;
                return null;
            }
            Log.Error("config: the new configuration did not start; back to the previous one");
            _gateway = Gateway.TryStart(_running, _time, _stateDirectory, _boardRoot)
                       ?? throw new InvalidOperationException("the previous configuration no longer starts");
            return "the gateway did not start with the new configuration (see show log); the previous one is in force";
        }
    }

    public StatusReport Status()
    {
        var gateway = Gateway;
        var attention = new List<string>();
        if (gateway.Pool is { } pool && pool.Counters.Exhausted > 0) attention.Add($"address pool exhausted {pool.Counters.Exhausted} times");
        if (gateway.Pool?.RecoveryError is { } recovery) attention.Add($"lease store: {recovery}");
        int failures = (int)(gateway.Ike?.Responder.Counters.AuthenticationFailures ?? 0);
        if (failures > 0) attention.Add($"{failures} authentication failures");
        if (gateway.Radius?.Counters is { } radius)
        {
            if (radius.Timeouts > 0) attention.Add($"radius: {radius.Timeouts} logins found no server answering");
            if (radius.BadAuthenticators > 0) attention.Add($"radius: {radius.BadAuthenticators} replies with a bad authenticator (wrong secret?)");
        }
        return new StatusReport(Environment.MachineName, _time.GetUtcNow() - _started,
            gateway.Workers[0].Link.IsUp, gateway.Workers[1].Link.IsUp, Sessions().Count, Leases().Count(l => l.State == "leased"),
            gateway.Pool?.Capacity ?? 0, attention);
    }

    public IReadOnlyList<InterfaceReport> Interfaces() =>
        Gateway.Workers.Select(w => new InterfaceReport(w.Host.Name, w.Link.Name, w.Host.Mac.ToString(), w.Host.Address.ToString(),
            w.Link.IsUp, w.Host.Mtu, [.. CountersReport.Parse(CountersReport.Format(w.Host.Counters, w.Link))])).ToList();

    public IReadOnlyList<SessionReport> Sessions()
    {
        var gateway = Gateway;
        if (gateway.Ike is not { } ike) return [];
        var plane = gateway.DataPlane!;
        return gateway.Workers[0].Invoke((now, _) =>
        {
            var sessions = new List<SessionReport>();
            foreach (var sa in ike.Responder.Sas)
            {
                if (sa.State != IkeSaState.Established) continue;
                long bytesIn = 0, bytesOut = 0;
                string child = "";
                foreach (var c in sa.Children)
                {
                    if (plane.TryGetInbound(c.InboundSpi, out var pair))
                    {
                        bytesIn += (long)pair.Inbound.Bytes;
                        bytesOut += (long)pair.Outbound.Bytes;
                    }
                    child = $"esp {Names.Of(c.Suite.Encryption, c.Suite.EncryptionKeyBits)}" +
                            (c.Suite.Integrity == OnLan.Ike.Messages.IntegrityAlgorithm.None ? "" : $"/{Names.Of(c.Suite.Integrity)}");
                }
                string ikeSuite = $"ike {Names.Of(sa.Suite.Encryption, sa.Suite.EncryptionKeyBits)}/{Names.Of(sa.Suite.Prf)}/{Names.Of(sa.Suite.Group)}";
                sessions.Add(new SessionReport($"{sa.ResponderSpi:x16}", sa.PeerIdentity, sa.Remote.ToString(), sa.LeasedAddress?.ToString(),
                    child.Length > 0 ? $"{ikeSuite}, {child}" : ikeSuite, bytesIn, bytesOut, now - sa.EstablishedAt));
            }
            return sessions;
        }, ThreadPatience) ?? [];
    }

    public IReadOnlyList<LeaseReport> Leases()
    {
        var gateway = Gateway;
        if (gateway.Pool is { } pool)
            return pool.Snapshot().Select(l => new LeaseReport(l.Address.ToString(), l.State.ToString().ToLowerInvariant(), l.Identity, l.Since, l.Until)).ToList();
        if (gateway.Relay is { } relay)
            return gateway.Workers[1].Invoke((_, _) => relay.Snapshot(), ThreadPatience) ?? [];
        return [];
    }

    public PoolReport Pool()
    {
        var gateway = Gateway;
        var vpn = Running.Vpn;
        if (vpn.PoolDhcpServer is { } server)
            return new PoolReport($"dhcp-server {server}", [], 0, gateway.Relay?.BoundLeases ?? 0, 0, 0, 0);
        if (gateway.Pool is not { } pool) return new PoolReport("none", [], 0, 0, 0, 0, 0);
        var snapshot = pool.Snapshot();
        var ranges = vpn.PoolRanges.Select(r => r.ToString()).Concat(vpn.PoolExclusions.Select(r => $"exclude {r}")).ToList();
        return new PoolReport("pool", ranges, pool.Capacity, snapshot.Count(l => l.State == LeaseState.Leased),
            snapshot.Count(l => l.State == LeaseState.Held), snapshot.Count(l => l.State == LeaseState.Conflict), pool.Counters.Exhausted);
    }

    public IReadOnlyList<string> RecentLog(int count) => Log.Tail(count);

    public bool ClearSession(string id)
    {
        var gateway = Gateway;
        if (gateway.Ike is not { } ike || !ulong.TryParse(id, System.Globalization.NumberStyles.HexNumber, null, out ulong spi)) return false;
        bool ended = gateway.Workers[0].Invoke((now, output) => (object)ike.EndSession(spi, now, output), ThreadPatience) is true;
        if (ended) Log.Info($"console: session {id} cleared");
        return ended;
    }

    public int ResetPool()
    {
        var gateway = Gateway;
        int ended = 0;
        if (gateway.Ike is { } ike)
            ended = gateway.Workers[0].Invoke((now, output) => (object)ike.EndAllSessions(now, output), ThreadPatience) as int? ?? 0;
        gateway.Pool?.Reset(_time.GetUtcNow());
        Log.Info($"vpn: pool reset: {ended} sessions ended, every lease freed");
        return ended;
    }

    /// <summary>
    /// `poweroff` / `reboot` on the board: systemd stops this service (SIGTERM: the gateway ends its sessions and
    /// stops) and halts or restarts the board. Only as the board's service (systemd sets INVOCATION_ID for it): a
    /// gateway started by hand on a laptop does not take the laptop down.
    /// </summary>
    public string? Shutdown(bool reboot)
    {
        string verb = reboot ? "reboot" : "poweroff";
        if (Environment.GetEnvironmentVariable("INVOCATION_ID") is null)
            return $"{verb}: the gateway is not running as the board's systemd service; nothing done";
        if (OnLan.Platform.Linux.ChildProcess.Run("systemctl", [verb, "--no-block"], TimeSpan.FromSeconds(10)) != 0)
            return $"{verb}: systemctl {verb} failed";
        Log.Info($"console: {verb} requested");
        return null;
    }

    private string PkiDirectory => Gateway.PkiDirectory(_stateDirectory);

    // The server's name as its certificate carries it: the local-id when that is a DNS name, else the WAN address.
    private (string Name, string Address) ServerNames(GatewayConfiguration configuration)
    {
        // The WAN address in force (a DHCP lease's when there is one).
        string address = Gateway.Workers[0].Host.Address.Address.ToString();
        string? id = configuration.Vpn.LocalId;
        return (id is not null && !id.Contains('@') && !OnLan.Wire.Ipv4Address.TryParse(id, out _) ? id : address, address);
    }

    public string? ClientProfile(string kind, string user, out string? error)
    {
        var configuration = Running;
        error = null;
        if (!configuration.Vpn.Users.ContainsKey(user))
        {
            error = $"no user '{user}' (set vpn user {user} …)";
            return null;
        }
        try
        {
            // The CA the client must trust: ours unless the server certificate is someone else's (then `vpn ca`).
            string? caPem = configuration.Vpn.CertificatePath is null
                ? OnLan.Provisioning.Pki.GatewayPki.ReadCaCertificatePem(PkiDirectory)
                : configuration.Vpn.CaPath is { } caPath ? File.ReadAllText(caPath) : null;
            if (caPem is null)
            {
                error = "the server certificate is configured without `set vpn ca`: the CA to trust is unknown";
                return null;
            }
            var request = new OnLan.Provisioning.Profiles.ProfileRequest
            {
                Configuration = configuration,
                ServerAddress = ServerNames(configuration).Address,
                CaCertificatePem = caPem,
                Identity = user,
            };
            return kind switch
            {
                "windows" => OnLan.Provisioning.Profiles.ClientProfiles.Windows(request),
                "apple" => OnLan.Provisioning.Profiles.ClientProfiles.Apple(request),
                "android" => OnLan.Provisioning.Profiles.ClientProfiles.Android(request),
                "strongswan" => OnLan.Provisioning.Profiles.ClientProfiles.StrongSwan(request),
                _ => throw new ArgumentException($"no profile kind '{kind}'"),
            };
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or IOException)
        {
            error = e.Message;
            return null;
        }
    }

    public string? RequestPki(string what, string? identity, out string? error)
    {
        error = null;
        var configuration = Running;
        var (name, address) = ServerNames(configuration);
        var now = _time.GetUtcNow();
        try
        {
            switch (what)
            {
                case "server":
                    OnLan.Provisioning.Pki.GatewayPki.ReissueServer(PkiDirectory, name, [address], now);
                    Log.Info($"pki: server certificate re-issued for {name}");
                    Reload();
                    return $"server certificate re-issued for {name} ({address}); in use from the next IKE_AUTH\n";
                case "ca":
                    OnLan.Provisioning.Pki.GatewayPki.RenewCa(PkiDirectory, name, [address], now);
                    Log.Info("pki: new CA and server certificate");
                    Reload();
                    return "new CA and server certificate; client certificates and profiles must be issued again\n";
                case "client" when identity is not null:
                    var credential = OnLan.Provisioning.Pki.GatewayPki.IssueClient(PkiDirectory, identity, password: null, now);
                    Log.Info($"pki: client certificate issued for {identity}");
                    return credential.CertificatePem.TrimEnd() + "\n" + credential.KeyPem.TrimEnd() + "\n";
                default:
                    error = $"request pki {what}: unknown";
                    return null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            error = $"request pki {what}: {e.Message}";
            return null;
        }
    }

    // The IKE engine reads its certificates when it gets its settings: give it the same settings again.
    private void Reload()
    {
        lock (_gate)
        {
            if (_gateway.ApplyLive(_running) is { } error) Log.Error($"pki: the new certificates are not in use: {error}");
        }
    }

    public void Dispose()
    {
        lock (_gate) _gateway.Dispose();
    }
}
