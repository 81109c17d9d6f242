using System.Text;

namespace OnLan.Testing.StrongSwan;

/// <summary>
/// Debian's strongSwan charon as a road-warrior gateway (IKEv2 responder with an address pool and DNS) in a
/// <see cref="NetworkNamespace"/>. It lets tests prove <see cref="StrongSwanPeer"/> against a known-good
/// responder, and gives the reference figures our gateway is measured against.
/// </summary>
/// <remarks>Same isolation as <see cref="StrongSwanPeer"/>: own mount namespace, /run, config, socket and files.</remarks>
public sealed class StrongSwanResponder : IDisposable
{
    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(10);

    private readonly Charon _charon;

    private StrongSwanResponder(Charon charon, StrongSwanResponderSettings settings)
    {
        _charon = charon;
        Settings = settings;
    }

    public StrongSwanResponderSettings Settings { get; }

    public int ProcessId => _charon.ProcessId;

    public string Directory => _charon.Directory;

    /// <summary>The charon log so far; still readable after <see cref="Dispose"/>.</summary>
    public string Log => _charon.Log;

    public string SwanctlConf { get; private init; } = "";

    /// <summary>Starts charon in <paramref name="space"/> with the gateway configuration loaded.</summary>
    public static StrongSwanResponder Start(NetworkNamespace space, StrongSwanResponderSettings settings, TimeSpan? startTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(settings);
        Charon charon = Charon.Create(space);
        try
        {
            string conf = BuildSwanctlConf(settings, charon);
            charon.Launch(conf, settings.ExtraCharonSettings, retransmitTries: 3, retransmitTimeoutSeconds: 2.0, startTimeout ?? DefaultStartTimeout);
            return new StrongSwanResponder(charon, settings) { SwanctlConf = conf };
        }
        catch
        {
            charon.Dispose();
            throw;
        }
    }

    /// <summary><c>swanctl --list-sas</c>.</summary>
    public string ListSas()
    {
        CommandResult result = _charon.Swanctl(["--list-sas"], QueryTimeout);
        return result.Succeeded ? result.StdOut : $"{result.StdOut}\n[swanctl --list-sas failed (exit {result.ExitCode}): {result.StdErr.Trim()}]";
    }

    /// <summary><c>swanctl --list-pools --leases</c>: which pool addresses are online or offline.</summary>
    public string ListLeases()
    {
        CommandResult result = _charon.Swanctl(["--list-pools", "--leases"], QueryTimeout);
        return result.StdOut;
    }

    public CommandResult Swanctl(IEnumerable<string> arguments, TimeSpan timeout) => _charon.Swanctl(arguments, timeout);

    public bool WaitForLog(string text, TimeSpan timeout) => _charon.WaitForLog(text, timeout);

    /// <summary>Stops charon and deletes its files. Never throws.</summary>
    public void Dispose() => _charon.Dispose();

    public override string ToString() => $"strongSwan responder {Settings.Name} at {Settings.LocalAddress} (pid {ProcessId})";

    private static string BuildSwanctlConf(StrongSwanResponderSettings s, Charon charon)
    {
        bool localCertificate = s.CertificatePath is not null;
        bool remoteCertificate = s.CaCertificatePath is not null;
        if (localCertificate && s.KeyPath is null) throw new ArgumentException("CertificatePath needs KeyPath", nameof(s));
        if ((!localCertificate || !remoteCertificate) && s.PreSharedKey is null)
        {
            throw new ArgumentException("set PreSharedKey, or CertificatePath + KeyPath and CaCertificatePath", nameof(s));
        }
        string name = SwanctlText.Bare(s.Name, nameof(s.Name));

        StringBuilder text = new();
        text.AppendLine("# Written by OnLan.Testing.StrongSwan.StrongSwanResponder for one test; deleted with it.");
        text.AppendLine("connections {");
        text.AppendLine($"  {name} {{");
        text.AppendLine("    version = 2");
        text.AppendLine($"    local_addrs = {SwanctlText.Bare(s.LocalAddress, nameof(s.LocalAddress))}");
        text.AppendLine($"    proposals = {SwanctlText.Bare(s.IkeProposals, nameof(s.IkeProposals))}");
        text.AppendLine("    pools = pool");
        text.AppendLine("    mobike = no");
        text.AppendLine("    rekey_time = 0");
        if (localCertificate) text.AppendLine("    send_cert = always");
        text.AppendLine("    local {");
        text.AppendLine($"      id = {SwanctlText.Quote(s.LocalId, nameof(s.LocalId))}");
        if (localCertificate)
        {
            text.AppendLine("      auth = pubkey");
            text.AppendLine($"      certs = {charon.AddCredential(CredentialKind.Certificate, s.CertificatePath!, "server.pem")}");
            charon.AddCredential(CredentialKind.PrivateKey, s.KeyPath!, "server.key.pem");
        }
        else
        {
            text.AppendLine("      auth = psk");
        }
        text.AppendLine("    }");
        text.AppendLine("    remote {");
        text.AppendLine($"      id = {(s.RemoteId is null ? "%any" : SwanctlText.Quote(s.RemoteId, nameof(s.RemoteId)))}");
        if (remoteCertificate)
        {
            text.AppendLine("      auth = pubkey");
            text.AppendLine($"      cacerts = {charon.AddCredential(CredentialKind.CaCertificate, s.CaCertificatePath!, "ca.pem")}");
        }
        else
        {
            text.AppendLine("      auth = psk");
        }
        text.AppendLine("    }");
        text.AppendLine("    children {");
        text.AppendLine($"      {SwanctlText.Bare(s.ChildName, nameof(s.ChildName))} {{");
        text.AppendLine($"        local_ts = {SwanctlText.Bare(s.LocalTs, nameof(s.LocalTs))}");
        text.AppendLine($"        esp_proposals = {SwanctlText.Bare(s.EspProposals, nameof(s.EspProposals))}");
        text.AppendLine("        rekey_time = 0");
        text.AppendLine("      }");
        text.AppendLine("    }");
        SwanctlText.AppendRaw(text, s.ExtraIkeSection, "    ");
        text.AppendLine("  }");
        text.AppendLine("}");
        text.AppendLine("pools {");
        text.AppendLine("  pool {");
        text.AppendLine($"    addrs = {SwanctlText.Bare(s.PoolRange, nameof(s.PoolRange))}");
        if (s.DnsServers.Count > 0)
        {
            text.AppendLine($"    dns = {string.Join(", ", s.DnsServers.Select(d => SwanctlText.Bare(d, nameof(s.DnsServers))))}");
        }
        text.AppendLine("  }");
        text.AppendLine("}");
        if (s.PreSharedKey is not null)
        {
            // One owner id is enough: strongSwan takes a key when either end's identity matches it.
            text.AppendLine("secrets {");
            text.AppendLine("  ike-psk {");
            text.AppendLine($"    id-local = {SwanctlText.Quote(s.LocalId, nameof(s.LocalId))}");
            if (s.RemoteId is not null) text.AppendLine($"    id-remote = {SwanctlText.Quote(s.RemoteId, nameof(s.RemoteId))}");
            text.AppendLine($"    secret = {SwanctlText.Quote(s.PreSharedKey, nameof(s.PreSharedKey))}");
            text.AppendLine("  }");
            text.AppendLine("}");
        }
        return text.ToString();
    }
}
