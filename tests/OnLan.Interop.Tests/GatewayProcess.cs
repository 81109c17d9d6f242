using System.Diagnostics;
using OnLan.Testing;

namespace OnLan.Interop.Tests;

/// <summary>
/// The published onlan binary running inside a network namespace with a configuration file, its log lines
/// collected as they come. Dispose stops it (SIGTERM, then SIGKILL after a bound).
/// </summary>
public sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly string _configPath;

    private readonly string? _ownStateDirectory;

    private GatewayProcess(Process process, string configPath, string stateDirectory, bool ownsState)
    {
        StateDirectory = stateDirectory;
        _ownStateDirectory = ownsState ? stateDirectory : null;
        _process = process;
        _configPath = configPath;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts onlan with <paramref name="configuration"/>. Its leases go to <paramref name="stateDirectory"/> (kept, for
    /// a test that restarts the gateway) or to a fresh directory removed at Dispose.
    /// </summary>
    public static GatewayProcess Start(NetworkNamespace space, string configuration, string? stateDirectory = null)
    {
        bool ownsState = stateDirectory is null;
        stateDirectory ??= Directory.CreateTempSubdirectory("onlan-state-").FullName;
        string configPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"onlan-test-{Guid.NewGuid():N}.conf");
        File.WriteAllText(configPath, configuration);
        // `ip netns exec` execs the program, so the process we hold is onlan itself.
        var start = new ProcessStartInfo("ip", ["netns", "exec", space.Name, Binaries.Native, "--config", configPath, "--state", stateDirectory,
            "--socket", System.IO.Path.Combine(stateDirectory, "cli.sock"), "--board-root", System.IO.Path.Combine(Binaries.RepositoryRoot, "board")])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return new GatewayProcess(Process.Start(start)!, configPath, stateDirectory, ownsState);
    }

    public int ProcessId => _process.Id;
    public string StateDirectory { get; }
    public string ConfigPath => _configPath;

    /// <summary>The console socket `onlan cli --socket` attaches through.</summary>
    public string SocketPath => System.IO.Path.Combine(StateDirectory, "cli.sock");

    /// <summary>`onlan cli --socket … [command]` with <paramref name="input"/> as its standard input (a script).</summary>
    public CommandResult Cli(string? command = null, string? input = null, TimeSpan? timeout = null)
    {
        string quoted = command is null ? "" : " '" + command.Replace("'", "'\\''") + "'";
        string line = $"{Binaries.Native} cli --socket {SocketPath}{quoted}";
        if (input is not null)
        {
            string script = System.IO.Path.Combine(StateDirectory, $"script-{Guid.NewGuid():N}.txt");
            File.WriteAllText(script, input);
            line += $" < {script}";
        }
        else line += " < /dev/null";
        return Shell.Run("sh", ["-c", line], timeout ?? TimeSpan.FromSeconds(60));
    }

    public string[] Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    public string Log => string.Join('\n', Lines);

    /// <summary>Waits until a log line contains <paramref name="text"/>; returns it, or fails with the log so far.</summary>
    public string WaitForLine(string text, TimeSpan timeout, int occurrence = 1)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var matches = Lines.Where(l => l.Contains(text, StringComparison.Ordinal)).ToArray();
            if (matches.Length >= occurrence) return matches[occurrence - 1];
            if (_process.HasExited && deadline.Elapsed > TimeSpan.FromMilliseconds(200))
                break;
            Thread.Sleep(20);
        }
        throw new Xunit.Sdk.XunitException($"no log line with '{text}' (#{occurrence}) within {timeout}; exited: {_process.HasExited}; log:\n{Log}");
    }

    public void Signal(int signal) => Shell.Run("kill", [$"-{signal}", _process.Id.ToString()], TimeSpan.FromSeconds(5));

    /// <summary>Waits for the process to end by itself; returns the exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            throw new Xunit.Sdk.XunitException($"onlan still running after {timeout}; log:\n{Log}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM and waits for the exit; returns the exit code.</summary>
    public int Terminate(TimeSpan timeout)
    {
        if (!_process.HasExited) Signal(15);
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(5));
            throw new Xunit.Sdk.XunitException($"onlan did not exit within {timeout} of SIGTERM; log:\n{Log}");
        }
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Signal(15);
                if (!_process.WaitForExit(TimeSpan.FromSeconds(5))) _process.Kill();
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        File.Delete(_configPath);
        if (Directory.Exists(_configPath + ".history")) Directory.Delete(_configPath + ".history", recursive: true);
        if (_ownStateDirectory is not null) Directory.Delete(_ownStateDirectory, recursive: true);
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add(line);
    }
}
