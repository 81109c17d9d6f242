using System.Diagnostics;
using System.Text;

namespace OnLan.Testing.StrongSwan;

/// <summary>
/// One strongSwan charon daemon inside a <see cref="NetworkNamespace"/>, with everything it writes kept in its own
/// temp directory (<c>/tmp/onlan-swan-&lt;pid&gt;-&lt;n&gt;</c>), and swanctl to drive it over its own vici socket.
/// </summary>
/// <remarks>
/// What it takes on this machine (see design.md, "strongSwan as the test peer"):
/// <list type="bullet">
/// <item>an explicit plugin list with <c>kernel-libipsec</c> before <c>kernel-netlink</c>: the kernel has no ESP,
/// so ESP runs in userspace on a TUN device (and is always UDP-encapsulated);</item>
/// <item>a private mount namespace with a tmpfs on <c>/run</c>, because the pid file path
/// (<c>/var/run/charon.pid</c>) is compiled in; STRONGSWAN_CONF for our own strongswan.conf and a vici socket
/// of our own;</item>
/// <item><c>plugins.resolve.file</c> pointing at a test file, or the resolve plugin rewrites the host's
/// <c>/etc/resolv.conf</c>;</item>
/// <item><c>cookie_threshold_ip</c> raised, so back-to-back setups from one address are not throttled.</item>
/// </list>
/// Lifecycle: <see cref="Create"/> makes the directory, <see cref="AddCredential"/> copies certificates and keys
/// in, <see cref="Launch"/> starts charon and loads swanctl.conf, <see cref="Dispose"/> stops charon (SIGTERM,
/// then SIGKILL) and deletes the directory, keeping the log text. One charon per network namespace: each
/// binds UDP 500 and 4500 and makes the TUN device <c>ipsec0</c> there.
/// </remarks>
internal sealed class Charon : IDisposable
{
    public const string CharonPath = "/usr/lib/ipsec/charon";

    /// <summary>kernel-libipsec must come before kernel-netlink: the other order installs SAs through XFRM, which fails here.</summary>
    public const string Plugins =
        "random nonce openssl aes sha1 sha2 hmac gcm chapoly curve25519 gmp mgf1 pem pkcs1 pkcs8 x509 pubkey " +
        "revocation constraints kdf kernel-libipsec kernel-netlink socket-default vici resolve attr eap-identity eap-mschapv2 eap-tls";

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static int s_counter;

    private readonly NetworkNamespace _space;
    private Process? _process;
    private string? _finalLog;
    private int _disposed;

    private Charon(NetworkNamespace space, string directory)
    {
        _space = space;
        Directory = directory;
    }

    public string Directory { get; }

    public string SwanctlDirectory => Path.Combine(Directory, "swanctl");

    public string ConfPath => Path.Combine(Directory, "strongswan.conf");

    public string LogPath => Path.Combine(Directory, "charon.log");

    /// <summary>charon's own stdout and stderr (early start-up failures land here, before the file logger runs).</summary>
    public string OutputPath => Path.Combine(Directory, "charon.out");

    public string ResolvConfPath => Path.Combine(Directory, "resolv.conf");

    public string SocketPath => Path.Combine(Directory, "vici.sock");

    public string ViciUri => "unix://" + SocketPath;

    /// <summary>charon's process id (0 before <see cref="Launch"/>).</summary>
    public int ProcessId { get; private set; }

    /// <summary>True before <see cref="Launch"/>, after charon exited, and once its namespace disposed of the process.</summary>
    public bool HasExited
    {
        get
        {
            try { return _process is null || _process.HasExited; }
            catch (InvalidOperationException) { return true; }
        }
    }

    public static Charon Create(NetworkNamespace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        string directory = Path.Combine(Path.GetTempPath(), $"onlan-swan-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}");
        if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
        System.IO.Directory.CreateDirectory(directory);
        // --load-all complains about every missing folder: make them all.
        foreach (string folder in new[] { "x509", "x509ca", "x509ocsp", "x509aa", "x509ac", "x509crl", "pubkey", "private", "rsa", "ecdsa", "bliss", "pkcs8", "pkcs12" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(directory, "swanctl", folder));
        }
        return new Charon(space, directory);
    }

    /// <summary>Copies a PEM file into the swanctl folder for its kind; returns the name to reference it by.</summary>
    public string AddCredential(CredentialKind kind, string sourcePath, string fileName)
    {
        if (!File.Exists(sourcePath)) throw new FileNotFoundException($"credential {sourcePath} not found", sourcePath);
        string folder = kind switch
        {
            CredentialKind.Certificate => "x509",
            CredentialKind.CaCertificate => "x509ca",
            _ => "private",
        };
        File.Copy(sourcePath, Path.Combine(SwanctlDirectory, folder, fileName), overwrite: true);
        return fileName;
    }

    /// <summary>
    /// Writes strongswan.conf and swanctl.conf, starts charon and waits (bounded by <paramref name="timeout"/>)
    /// until its vici socket answers, then loads the configuration with <c>swanctl --load-all</c>.
    /// </summary>
    public void Launch(string swanctlConf, string? extraCharonSettings, int retransmitTries, double retransmitTimeoutSeconds, TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_process is not null) throw new InvalidOperationException("charon is already running");
        File.WriteAllText(ConfPath, StrongSwanConf(extraCharonSettings, retransmitTries, retransmitTimeoutSeconds));
        File.WriteAllText(Path.Combine(SwanctlDirectory, "swanctl.conf"), swanctlConf);

        // ip netns exec, sh, unshare, sh and charon each exec the next: the process started is charon itself.
        string inner = $"mount -t tmpfs onlan-swan /run && exec {CharonPath}";
        _process = _space.Start($"exec env STRONGSWAN_CONF={ConfPath} unshare --mount --propagation private sh -c '{inner}' >{OutputPath} 2>&1");
        ProcessId = _process.Id;

        Stopwatch clock = Stopwatch.StartNew();
        CommandResult stats = default;
        while (true)
        {
            if (_process.HasExited) throw Failure($"charon exited (code {_process.ExitCode}) while starting");
            if (File.Exists(SocketPath))
            {
                stats = Swanctl(["--stats"], TimeSpan.FromSeconds(5));
                if (stats.Succeeded) break;
            }
            if (clock.Elapsed > timeout) throw Failure($"charon's vici socket did not answer within {timeout.TotalSeconds:0.#} s: {stats.StdErr.Trim()}");
            Thread.Sleep(PollInterval);
        }
        CommandResult load = Swanctl(["--load-all"], TimeSpan.FromSeconds(15));
        if (!load.Succeeded) throw Failure($"swanctl --load-all failed (exit {load.ExitCode}): {load.StdOut.Trim()} {load.StdErr.Trim()}");
    }

    /// <summary>Runs swanctl with <paramref name="arguments"/> against this charon (<c>--uri</c> goes last).</summary>
    public CommandResult Swanctl(IEnumerable<string> arguments, TimeSpan timeout)
    {
        List<string> command = ["STRONGSWAN_CONF=" + ConfPath, "SWANCTL_DIR=" + SwanctlDirectory, "swanctl", .. arguments, "--uri", ViciUri];
        return Shell.Run("env", command, timeout);
    }

    /// <summary>The log so far; after <see cref="Dispose"/>, the log as it was when charon stopped.</summary>
    public string Log => _finalLog ?? ReadShared(LogPath);

    /// <summary>charon's stdout/stderr so far.</summary>
    public string Output => ReadShared(OutputPath);

    /// <summary>Polls the log until it contains <paramref name="text"/> (ordinal) or <paramref name="timeout"/> passes.</summary>
    public bool WaitForLog(string text, TimeSpan timeout)
    {
        Stopwatch clock = Stopwatch.StartNew();
        while (true)
        {
            if (Log.Contains(text, StringComparison.Ordinal)) return true;
            if (clock.Elapsed >= timeout) return false;
            Thread.Sleep(PollInterval);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            Process? process = _process;
            if (process is not null && !process.HasExited)
            {
                // SIGTERM lets charon take its TUN device, routes and virtual IP down; SIGKILL if it hangs.
                Shell.Run("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], StopGrace);
                if (!process.WaitForExit(StopGrace))
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(StopGrace);
                }
            }
        }
        catch (Exception) { }
        try { _finalLog = ReadShared(LogPath); } catch (Exception) { _finalLog = ""; }
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (Exception) { }
    }

    private string StrongSwanConf(string? extraCharonSettings, int retransmitTries, double retransmitTimeoutSeconds)
    {
        StringBuilder text = new();
        text.AppendLine("# Written by OnLan.Testing.StrongSwan.Charon for one test; deleted with it.");
        text.AppendLine("charon {");
        text.AppendLine($"  load = {Plugins}");
        text.AppendLine("  cookie_threshold_ip = 100000");
        text.AppendLine("  cookie_threshold = 100000");
        text.AppendLine($"  retransmit_tries = {retransmitTries}");
        text.AppendLine($"  retransmit_timeout = {SwanctlText.Seconds(retransmitTimeoutSeconds)}");
        text.AppendLine("  filelog {");
        text.AppendLine("    test {");
        text.AppendLine($"      path = {LogPath}");
        text.AppendLine("      time_format = %T");
        text.AppendLine("      append = no");
        text.AppendLine("      flush_line = yes");
        text.AppendLine("      default = 1");
        text.AppendLine("      ike = 2");
        text.AppendLine("      cfg = 2");
        text.AppendLine("      chd = 2");
        text.AppendLine("      net = 1");
        text.AppendLine("      enc = 1");
        text.AppendLine("      knl = 1");
        text.AppendLine("      lib = 1");
        text.AppendLine("      esp = 1");
        text.AppendLine("      tls = 2");
        text.AppendLine("    }");
        text.AppendLine("  }");
        text.AppendLine("  plugins {");
        text.AppendLine($"    vici {{\n      socket = {ViciUri}\n    }}");
        text.AppendLine($"    resolve {{\n      file = {ResolvConfPath}\n    }}");
        text.AppendLine("  }");
        SwanctlText.AppendRaw(text, extraCharonSettings, "  ");
        text.AppendLine("}");
        return text.ToString();
    }

    private InvalidOperationException Failure(string what)
    {
        string output = ReadShared(OutputPath).Trim();
        string log = ReadShared(LogPath);
        if (log.Length > 4000) log = "..." + log[^4000..];
        return new InvalidOperationException($"{what} [namespace {_space.Name}, {Directory}]\ncharon output: {output}\ncharon log:\n{log}");
    }

    private static string ReadShared(string path)
    {
        try
        {
            using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using StreamReader reader = new(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException) { return ""; }
        catch (DirectoryNotFoundException) { return ""; }
    }
}
