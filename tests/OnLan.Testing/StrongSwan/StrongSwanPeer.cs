using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OnLan.Testing.StrongSwan;

/// <summary>
/// Debian's strongSwan charon as an IKEv2 initiator (a road warrior) in a <see cref="NetworkNamespace"/>: the
/// remote client of the interop tests. It runs one <see cref="StrongSwanConnection"/>.
/// </summary>
/// <remarks>
/// charon runs in a private mount namespace with its own tmpfs <c>/run</c>, its own strongswan.conf, vici socket,
/// log and resolv.conf, all in one temp directory that <see cref="Dispose"/> deletes: it never touches the root
/// namespace, the host's <c>/etc/resolv.conf</c> or another charon. ESP is kernel-libipsec's (userspace, on a
/// TUN device <c>ipsec0</c>, always in UDP 4500). Every wait is bounded.
/// </remarks>
public sealed partial class StrongSwanPeer : IDisposable
{
    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan SwanctlGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(10);

    private readonly Charon _charon;

    private StrongSwanPeer(Charon charon, StrongSwanConnection connection)
    {
        _charon = charon;
        Connection = connection;
    }

    public StrongSwanConnection Connection { get; }

    /// <summary>charon's process id, to check it is gone after <see cref="Dispose"/>.</summary>
    public int ProcessId => _charon.ProcessId;

    /// <summary>The temp directory holding this charon's files (deleted on <see cref="Dispose"/>).</summary>
    public string Directory => _charon.Directory;

    /// <summary>The charon log text so far (ike/cfg/chd at level 2); still readable after <see cref="Dispose"/>.</summary>
    public string Log => _charon.Log;

    /// <summary>The swanctl.conf this peer loaded.</summary>
    public string SwanctlConf { get; private init; } = "";

    /// <summary>
    /// The DNS servers the resolve plugin has installed now (its test file): set while a Child SA with DNS
    /// attributes is up, emptied when it goes.
    /// </summary>
    public IReadOnlyList<string> ReceivedDnsServers
    {
        get
        {
            string text;
            try { text = File.Exists(_charon.ResolvConfPath) ? File.ReadAllText(_charon.ResolvConfPath) : ""; }
            catch (IOException) { text = ""; }
            List<string> servers = [];
            foreach (Match match in NameserverLine().Matches(text)) servers.Add(match.Groups[1].Value);
            return servers;
        }
    }

    /// <summary>The virtual IP of the IKE SA as <c>swanctl --list-sas</c> shows it (<c>local-vips</c>); null when none.</summary>
    public string? VirtualIp
    {
        get
        {
            CommandResult raw = _charon.Swanctl(["--list-sas", "--ike", Connection.Name, "--raw"], QueryTimeout);
            Match match = LocalVips().Match(raw.StdOut);
            if (!match.Success) return null;
            string first = match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            return first.Length == 0 ? null : first;
        }
    }

    /// <summary>
    /// Starts charon in <paramref name="space"/> with <paramref name="connection"/> loaded (nothing initiated
    /// yet). Throws, with charon's log, when it does not come up within <paramref name="startTimeout"/> (15 s).
    /// </summary>
    public static StrongSwanPeer Start(NetworkNamespace space, StrongSwanConnection connection, TimeSpan? startTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(connection);
        return Launch(space, connection, charon => BuildSwanctlConf(connection, charon), startTimeout);
    }

    // charon in the namespace with the swanctl.conf the builder writes (it may add credentials first); stopped again
    // when it does not come up.
    private static StrongSwanPeer Launch(NetworkNamespace space, StrongSwanConnection connection, Func<Charon, string> swanctlConf, TimeSpan? startTimeout)
    {
        Charon charon = Charon.Create(space);
        try
        {
            string conf = swanctlConf(charon);
            charon.Launch(conf, connection.ExtraCharonSettings, connection.RetransmitTries, connection.RetransmitTimeoutSeconds,
                startTimeout ?? DefaultStartTimeout);
            return new StrongSwanPeer(charon, connection) { SwanctlConf = conf };
        }
        catch
        {
            charon.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts charon in <paramref name="space"/> with a swanctl.conf written elsewhere (a client profile the gateway
    /// generated), to initiate <paramref name="connectionName"/>/<paramref name="childName"/> from it. A client
    /// certificate and its key, when given, land as x509/client.pem and private/client.key (the conf names the
    /// certificate with <c>certs = client.pem</c>; keys in private/ are loaded whatever their name).
    /// </summary>
    public static StrongSwanPeer StartWithSwanctlConf(NetworkNamespace space, string swanctlConf, string connectionName, string childName,
        string localAddress, string remoteAddress, TimeSpan? startTimeout = null, string? caCertificatePath = null,
        string? clientCertificatePath = null, string? clientKeyPath = null)
    {
        var connection = new StrongSwanConnection { Name = connectionName, ChildName = childName, LocalAddress = localAddress, RemoteAddress = remoteAddress };
        return Launch(space, connection, charon =>
        {
            // A CA to trust, as x509ca/ca.pem (the conf may name it with `cacerts = ca.pem`, or rely on its presence).
            if (caCertificatePath is not null) charon.AddCredential(CredentialKind.CaCertificate, caCertificatePath, "ca.pem");
            if (clientCertificatePath is not null) charon.AddCredential(CredentialKind.Certificate, clientCertificatePath, "client.pem");
            if (clientKeyPath is not null) charon.AddCredential(CredentialKind.PrivateKey, clientKeyPath, "client.key");
            return swanctlConf;
        }, startTimeout);
    }

    /// <summary>
    /// <c>swanctl --initiate --child &lt;child&gt; --ike &lt;name&gt;</c>: sets up the IKE SA and its Child SA and
    /// returns swanctl's output (the control log). Exit code 0 when both came up; -1 when swanctl was killed
    /// for running longer than <paramref name="timeout"/>.
    /// </summary>
    public CommandResult Initiate(TimeSpan timeout) =>
        _charon.Swanctl(["--initiate", "--child", Connection.ChildName, "--ike", Connection.Name, "--timeout", WholeSeconds(timeout)],
            timeout + SwanctlGrace);

    /// <summary><c>swanctl --list-sas</c>: the IKE and Child SAs in swanctl's readable form.</summary>
    public string ListSas()
    {
        CommandResult result = _charon.Swanctl(["--list-sas"], QueryTimeout);
        return result.Succeeded ? result.StdOut : $"{result.StdOut}\n[swanctl --list-sas failed (exit {result.ExitCode}): {result.StdErr.Trim()}]";
    }

    /// <summary><c>swanctl --terminate --ike &lt;name&gt;</c>: deletes the IKE SA (INFORMATIONAL with a Delete).</summary>
    public CommandResult Terminate(TimeSpan timeout) =>
        _charon.Swanctl(["--terminate", "--ike", Connection.Name, "--timeout", WholeSeconds(timeout)], timeout + SwanctlGrace);

    /// <summary>Runs any other swanctl command against this charon (<c>--uri</c> is added).</summary>
    public CommandResult Swanctl(IEnumerable<string> arguments, TimeSpan timeout) => _charon.Swanctl(arguments, timeout);

    /// <summary>Polls <see cref="Log"/> for <paramref name="text"/> until <paramref name="timeout"/> passes.</summary>
    public bool WaitForLog(string text, TimeSpan timeout) => _charon.WaitForLog(text, timeout);

    /// <summary>
    /// Best-effort terminate (the gateway gets a Delete; <c>--force</c> does not wait for its answer, so a dead
    /// gateway costs nothing), then stops charon and deletes its files. Never throws.
    /// </summary>
    public void Dispose()
    {
        try
        {
            if (!_charon.HasExited) _charon.Swanctl(["--terminate", "--ike", Connection.Name, "--force"], TimeSpan.FromSeconds(4));
        }
        catch (Exception) { }
        _charon.Dispose();
    }

    public override string ToString() => $"strongSwan initiator {Connection.Name} {Connection.LocalAddress} -> {Connection.RemoteAddress} (pid {ProcessId})";

    private static string BuildSwanctlConf(StrongSwanConnection c, Charon charon)
    {
        bool localCertificate = c.CertificatePath is not null;
        bool remoteCertificate = c.CaCertificatePath is not null;
        if (localCertificate && c.KeyPath is null) throw new ArgumentException("CertificatePath needs KeyPath", nameof(c));
        if ((!localCertificate || !remoteCertificate) && c.PreSharedKey is null)
        {
            throw new ArgumentException("set PreSharedKey, or CertificatePath + KeyPath and CaCertificatePath", nameof(c));
        }
        string name = SwanctlText.Bare(c.Name, nameof(c.Name));
        string child = SwanctlText.Bare(c.ChildName, nameof(c.ChildName));

        StringBuilder text = new();
        text.AppendLine("# Written by OnLan.Testing.StrongSwan.StrongSwanPeer for one test; deleted with it.");
        text.AppendLine("connections {");
        text.AppendLine($"  {name} {{");
        text.AppendLine("    version = 2");
        text.AppendLine($"    local_addrs = {SwanctlText.Bare(c.LocalAddress, nameof(c.LocalAddress))}");
        text.AppendLine($"    remote_addrs = {SwanctlText.Bare(c.RemoteAddress, nameof(c.RemoteAddress))}");
        text.AppendLine($"    proposals = {SwanctlText.Bare(c.IkeProposals, nameof(c.IkeProposals))}");
        if (c.RequestVirtualIp) text.AppendLine("    vips = 0.0.0.0");
        text.AppendLine($"    rekey_time = {SwanctlText.Bare(c.IkeRekeyTime, nameof(c.IkeRekeyTime))}");
        // Short test lifetimes: no jitter, and room after the rekey so the SA is rekeyed rather than expiring.
        if (c.IkeRekeyTime != "0") text.AppendLine("    rand_time = 0\n    over_time = 60s");
        text.AppendLine($"    dpd_delay = {SwanctlText.Bare(c.DpdDelay, nameof(c.DpdDelay))}");
        text.AppendLine($"    aggressive = {SwanctlText.YesNo(c.Aggressive)}");
        text.AppendLine($"    mobike = {SwanctlText.YesNo(c.Mobike)}");
        text.AppendLine($"    encap = {SwanctlText.YesNo(c.ForceEncapsulation)}");
        text.AppendLine("    local {");
        text.AppendLine($"      id = {SwanctlText.Quote(c.LocalId, nameof(c.LocalId))}");
        if (localCertificate)
        {
            text.AppendLine("      auth = pubkey");
            text.AppendLine($"      certs = {charon.AddCredential(CredentialKind.Certificate, c.CertificatePath!, "client.pem")}");
            charon.AddCredential(CredentialKind.PrivateKey, c.KeyPath!, "client.key.pem");
        }
        else
        {
            text.AppendLine("      auth = psk");
        }
        text.AppendLine("    }");
        text.AppendLine("    remote {");
        text.AppendLine($"      id = {(c.RemoteId is null ? "%any" : SwanctlText.Quote(c.RemoteId, nameof(c.RemoteId)))}");
        if (remoteCertificate)
        {
            text.AppendLine("      auth = pubkey");
            text.AppendLine($"      cacerts = {charon.AddCredential(CredentialKind.CaCertificate, c.CaCertificatePath!, "ca.pem")}");
        }
        else
        {
            text.AppendLine("      auth = psk");
        }
        text.AppendLine("    }");
        text.AppendLine("    children {");
        text.AppendLine($"      {child} {{");
        if (c.LocalTs is not null) text.AppendLine($"        local_ts = {SwanctlText.Bare(c.LocalTs, nameof(c.LocalTs))}");
        text.AppendLine($"        remote_ts = {SwanctlText.Bare(c.RemoteTs, nameof(c.RemoteTs))}");
        text.AppendLine($"        esp_proposals = {SwanctlText.Bare(c.EspProposals, nameof(c.EspProposals))}");
        text.AppendLine($"        rekey_time = {SwanctlText.Bare(c.ChildRekeyTime, nameof(c.ChildRekeyTime))}");
        if (c.ChildRekeyTime != "0") text.AppendLine("        rand_time = 0\n        life_time = 600s");
        text.AppendLine("      }");
        text.AppendLine("    }");
        SwanctlText.AppendRaw(text, c.ExtraIkeSection, "    ");
        text.AppendLine("  }");
        text.AppendLine("}");
        if (c.PreSharedKey is not null)
        {
            text.AppendLine("secrets {");
            text.AppendLine("  ike-psk {");
            text.AppendLine($"    id-local = {SwanctlText.Quote(c.LocalId, nameof(c.LocalId))}");
            if (c.RemoteId is not null) text.AppendLine($"    id-remote = {SwanctlText.Quote(c.RemoteId, nameof(c.RemoteId))}");
            text.AppendLine($"    secret = {SwanctlText.Quote(c.PreSharedKey, nameof(c.PreSharedKey))}");
            text.AppendLine("  }");
            text.AppendLine("}");
        }
        SwanctlText.AppendRaw(text, c.ExtraSwanctlConf, "");
        return text.ToString();
    }

    private static string WholeSeconds(TimeSpan timeout) =>
        Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*nameserver\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex NameserverLine();

    [GeneratedRegex(@"local-vips=\[([^\]]*)\]")]
    private static partial Regex LocalVips();
}
