using System.Diagnostics;
using System.Runtime.InteropServices;
using OnLan.Testing.Interop;

namespace OnLan.Testing;

/// <summary>
/// A throw-away network namespace (<c>ip netns add</c>) with its loopback up and IPv6 off, so the only frames
/// on its links are the ones a test sends (no router solicitations or MLD reports).
/// </summary>
/// <remarks>
/// Safety: nothing here touches the root namespace's interfaces; tests address only 198.18.0.0/15 and
/// 203.0.113.0/24. <see cref="Dispose"/> kills what <see cref="Start"/> started (and anything else left in the
/// namespace) and deletes it; it never throws.
/// </remarks>
public sealed class NetworkNamespace : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static int s_counter;

    private readonly List<Process> _started = [];
    private bool _disposed;

    private NetworkNamespace(string name) => Name = name;

    /// <summary>The name under /run/netns.</summary>
    public string Name { get; }

    /// <summary>Makes a namespace named <c>onlan-{role}-{pid}-{n}</c>.</summary>
    /// <param name="role">A short word such as "gw" or "lan": letters and digits only.</param>
    public static NetworkNamespace Create(string role)
    {
        if (string.IsNullOrEmpty(role) || role.Length > 16 || !role.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("role must be 1-16 ASCII letters or digits", nameof(role));
        }
        string name = $"onlan-{role}-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}";
        Shell.Run("ip", ["netns", "add", name], DefaultTimeout).EnsureSuccess($"ip netns add {name}");
        NetworkNamespace space = new(name);
        try
        {
            space.Run("ip link set lo up && sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1")
                .EnsureSuccess($"setting up {name}");
            return space;
        }
        catch
        {
            space.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="commandLine"/> with <c>sh -c</c> inside the namespace, to completion.</summary>
    public CommandResult Run(string commandLine, TimeSpan? timeout = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Shell.Run("ip", ["netns", "exec", Name, "sh", "-c", commandLine], timeout ?? DefaultTimeout);
    }

    /// <summary>
    /// Starts a long-running <paramref name="commandLine"/> (<c>sh -c</c>) inside the namespace; it is killed on
    /// <see cref="Dispose"/>. Its output is discarded: redirect to a file in the command line to keep it.
    /// </summary>
    public Process Start(string commandLine)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ProcessStartInfo start = new("ip", ["netns", "exec", Name, "sh", "-c", commandLine])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {commandLine}");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_started) _started.Add(process);
        return process;
    }

    /// <summary>
    /// Moves the calling thread into this namespace (setns) until the returned handle is disposed, which moves
    /// it back. Sockets opened meanwhile stay in this namespace for their whole life, whichever thread uses them.
    /// Dispose the handle on the same thread, with no <c>await</c> in between.
    /// </summary>
    public IDisposable Enter()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int original = Libc.open("/proc/thread-self/ns/net", Libc.ReadOnly | Libc.CloseOnExec);
        if (original < 0) throw Error("open /proc/thread-self/ns/net");
        int target = Libc.open($"/run/netns/{Name}", Libc.ReadOnly | Libc.CloseOnExec);
        if (target < 0)
        {
            Exception error = Error($"open /run/netns/{Name}");
            Libc.close(original);
            throw error;
        }
        try
        {
            if (Libc.setns(target, Libc.CloneNewNet) != 0)
            {
                Exception error = Error($"setns into {Name}");
                Libc.close(original);
                throw error;
            }
        }
        finally
        {
            Libc.close(target);
        }
        return new ThreadNamespaceScope(original);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Process[] started;
        lock (_started) started = [.. _started];
        foreach (Process process in started)
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(5));
            }
            catch (Exception) { }
            process.Dispose();
        }
        try
        {
            TimeSpan bound = TimeSpan.FromSeconds(10);
            // Anything else still running in the namespace would outlive it: kill it first.
            Shell.Run("sh", ["-c", $"ip netns pids {Name} 2>/dev/null | xargs -r kill -9"], bound);
            Shell.Run("ip", ["netns", "del", Name], bound);
        }
        catch (Exception) { }
    }

    public override string ToString() => Name;

    private static InvalidOperationException Error(string operation)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new InvalidOperationException($"{operation}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }

    private sealed class ThreadNamespaceScope(int original) : IDisposable
    {
        private readonly int _threadId = Environment.CurrentManagedThreadId;
        private int _original = original;

        public void Dispose()
        {
            int fd = Interlocked.Exchange(ref _original, -1);
            if (fd < 0) return;
            try
            {
                if (Environment.CurrentManagedThreadId != _threadId)
                {
                    throw new InvalidOperationException("a namespace scope must be left on the thread that entered it");
                }
                if (Libc.setns(fd, Libc.CloneNewNet) != 0) throw Error("setns back to the original namespace");
            }
            finally
            {
                Libc.close(fd);
            }
        }
    }
}
