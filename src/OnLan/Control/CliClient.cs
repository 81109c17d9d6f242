using System.Net.Sockets;
using System.Text;
using OnLan.Platform.Linux;

namespace OnLan.Control;

/// <summary>
/// `onlan cli`: attaches to the running gateway's console. With a command it runs that one (`onlan cli 'show
/// sessions'`); with a terminal it is an interactive session; otherwise its input is a script, one command per line,
/// stopping at the first error. The exit code is the session's: 0, or 1 after an error.
/// </summary>
public static class CliClient
{
    public const string DefaultSocket = "/run/onlan/cli.sock";

    public static int Run(string socketPath, string? command)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException e)
        {
            Console.Error.WriteLine($"onlan cli: cannot reach the gateway at {socketPath}: {e.Message}");
            return Program.ExitFailure;
        }
        using var stream = new NetworkStream(socket, ownsSocket: false);
        bool interactive = command is null && RawTerminal.IsTerminal(0);
        var mode = command is not null ? ConsoleProtocol.Mode.Command
            : interactive ? ConsoleProtocol.Mode.Interactive : ConsoleProtocol.Mode.Script;
        stream.Write(ConsoleProtocol.Header(mode, command));

        Thread? pump = null;
        RawTerminal? raw = null;
        if (mode == ConsoleProtocol.Mode.Interactive)
        {
            raw = RawTerminal.TryEnter(0);
            pump = new Thread(() => Pump(Terminal.Input(), socket, stream)) { IsBackground = true };
            pump.Start();
        }
        else if (mode == ConsoleProtocol.Mode.Script)
        {
            pump = new Thread(() => Pump(Terminal.Input(), socket, stream)) { IsBackground = true };
            pump.Start();
        }
        try
        {
            return ReadUntilTrailer(stream);
        }
        finally
        {
            raw?.Dispose();
        }
    }

    // Our input to the gateway until it ends (end of the script), then half-close so the gateway sees the end.
    private static void Pump(Stream input, Socket socket, NetworkStream stream)
    {
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = input.Read(buffer)) > 0) stream.Write(buffer, 0, read);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static int ReadUntilTrailer(Stream stream)
    {
        using var output = Terminal.Output();
        var buffer = new byte[4096];
        var trailer = new StringBuilder();
        bool inTrailer = false;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            int start = 0;
            for (int i = 0; i < read; i++)
            {
                if (inTrailer)
                {
                    trailer.Append((char)buffer[i]);
                    continue;
                }
                if (buffer[i] != ConsoleProtocol.EndMarker) continue;
                output.Write(buffer, start, i - start);
                inTrailer = true;
                start = read;
            }
            if (!inTrailer) output.Write(buffer, start, read - start);
            output.Flush();
            if (inTrailer && trailer.ToString().EndsWith('\n')) break;
        }
        if (!inTrailer)
        {
            Console.Error.WriteLine("onlan cli: the gateway closed the console");
            return Program.ExitFailure;
        }
        return int.TryParse(trailer.ToString().Trim(), out int code) ? code : Program.ExitFailure;
    }
}

/// <summary>
/// Standard input and output as plain file streams over descriptors 0 and 1. System.Console's own streams must not
/// be used on a terminal we put in raw mode: .NET re-applies its terminal settings around each read.
/// </summary>
public static class Terminal
{
    public static Stream Input() => new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1);

    public static Stream Output() => new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1);
}
