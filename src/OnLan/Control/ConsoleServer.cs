using System.Net.Sockets;
using OnLan.Cli;
using OnLan.Platform.Linux;

namespace OnLan.Control;

/// <summary>
/// The console's two doors: a unix socket that `onlan cli` opens (one thread per connection; the socket lives in a
/// directory only root may enter, and is itself 0600), and — with `--console` — the terminal systemd hands the
/// service (the board's serial port), where a new session begins whenever the last one exits, like a getty.
/// </summary>
public sealed class ConsoleServer : IDisposable
{
    private readonly CommitCoordinator _commits;
    private readonly OpenSessions _open;
    private readonly string _socketPath;
    private Socket? _listener;
    private volatile bool _stopping;

    public ConsoleServer(string socketPath, CommitCoordinator commits)
    {
        _socketPath = socketPath;
        _commits = commits;
        _open = new OpenSessions(commits);
    }

    /// <summary>Listens on the socket; false (logged) when it cannot.</summary>
    public bool Start()
    {
        try
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(_socketPath))!;
            if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the console socket needs Linux");
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            if (File.Exists(_socketPath)) File.Delete(_socketPath); // left by a gateway that did not stop cleanly
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(_socketPath));
            File.SetUnixFileMode(_socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(8);
            _listener = listener;
        }
        catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            Log.Error($"console: cannot listen on {_socketPath}: {e.Message}");
            return false;
        }
        new Thread(Accept) { Name = "console-accept", IsBackground = true }.Start();
        Log.Info($"console: `onlan cli` attaches through {_socketPath}");
        return true;
    }

    private void Accept()
    {
        while (!_stopping)
        {
            Socket connection;
            try
            {
                connection = _listener!.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_stopping) return;
                continue;
            }
            new Thread(() => Serve(connection)) { Name = "console", IsBackground = true }.Start();
        }
    }

    private void Serve(Socket connection)
    {
        using (connection)
        using (var stream = new NetworkStream(connection, ownsSocket: false))
        {
            try
            {
                if (!ConsoleProtocol.TryReadHeader(stream, out var mode, out string? command)) return;
                int exitCode = mode switch
                {
                    ConsoleProtocol.Mode.Command => RunCommand(stream, command!),
                    ConsoleProtocol.Mode.Script => RunSession(stream, CliSession.ForScript(_commits)),
                    _ => RunSession(stream, CliSession.ForTerminal(_commits)),
                };
                stream.Write(ConsoleProtocol.Trailer(exitCode));
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // The client went away.
            }
        }
    }

    private int RunCommand(Stream stream, string command)
    {
        int exitCode = CliSession.RunOnce(_commits, command, out string output);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(output));
        return exitCode;
    }

    /// <summary>
    /// Bytes in, session output back, until the session closes or the input ends. An interactive session is told of a
    /// rollback or another session's commit (<see cref="OpenSessions"/>); a script's output stays its own.
    /// </summary>
    private int RunSession(Stream stream, CliSession session)
    {
        using var attached = _open.Attach(session, bytes => stream.Write(bytes));
        attached.Start();
        var buffer = new byte[4096];
        while (!session.IsClosed)
        {
            int read = stream.Read(buffer);
            if (read <= 0)
            {
                attached.EndOfInput();
                break;
            }
            attached.Feed(buffer.AsSpan(0, read));
        }
        return session.ExitCode;
    }

    /// <summary>
    /// The console on this process's terminal (the serial port under systemd), in raw mode, on its own thread; a new
    /// session starts when one exits. Not a terminal → nothing (logged).
    /// </summary>
    public void StartTerminal()
    {
        if (!RawTerminal.IsTerminal(0))
        {
            Log.Info("console: standard input is not a terminal; no console on it");
            return;
        }
        new Thread(() =>
        {
            using var raw = RawTerminal.TryEnter(0);
            using var input = Terminal.Input();
            using var output = Terminal.Output();
            var buffer = new byte[1024];
            while (!_stopping)
            {
                var session = CliSession.ForTerminal(_commits);
                using var attached = _open.Attach(session, bytes =>
                {
                    output.Write(bytes);
                    output.Flush();
                });
                attached.Start();
                while (!session.IsClosed && !_stopping)
                {
                    int read = input.Read(buffer);
                    if (read <= 0) return; // the terminal is gone
                    attached.Feed(buffer.AsSpan(0, read));
                }
            }
        }) { Name = "console-tty", IsBackground = true }.Start();
    }

    public void Dispose()
    {
        _stopping = true;
        _listener?.Dispose();
        try
        {
            if (_listener is not null) File.Delete(_socketPath);
        }
        catch (IOException)
        {
        }
    }
}
