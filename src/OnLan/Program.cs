using System.Runtime.InteropServices;
using OnLan.Configuration;

namespace OnLan
{
    public static class Program
    {
        public static int Main(string[] args) => Run(args);

        public const int ExitOk = 0;
        public const int ExitFailure = 1;
        public const int ExitUsage = 2;

        public static int Run(string[] args)
        {
            if (args.Length == 1 && args[0] is "--version" or "-V")
            {
                Console.Out.WriteLine(VersionText());
                return ExitOk;
            }
            if (args.Length == 1 && args[0] is "--help" or "-h")
            {
                Console.Out.WriteLine(Usage);
                return ExitOk;
            }
            if (args.Length >= 1 && args[0] == "cli") return Cli(args[1..]);
            string? configPath = null, statePath = DefaultStateDirectory, socketPath = Control.CliClient.DefaultSocket, boardRoot = DefaultBoardRoot;
            bool console = false;
            for (int i = 0; i < args.Length; i += 2)
            {
                if (args[i] == "--console")
                {
                    console = true;
                    i--;
                    continue;
                }
                if (i + 1 >= args.Length || args[i + 1].Length == 0) return UsageError();
                switch (args[i])
                {
                    case "--config": configPath = args[i + 1]; break;
                    case "--state": statePath = args[i + 1]; break;
                    case "--socket": socketPath = args[i + 1]; break;
                    case "--board-root": boardRoot = args[i + 1]; break;
                    default: return UsageError();
                }
            }
            return configPath is null ? UsageError() : Serve(configPath, statePath, socketPath, boardRoot, console);
        }

        // onlan cli [--socket PATH] [command words…]
        private static int Cli(string[] args)
        {
            string socketPath = Control.CliClient.DefaultSocket;
            if (args.Length >= 2 && args[0] == "--socket")
            {
                socketPath = args[1];
                args = args[2..];
            }
            return Control.CliClient.Run(socketPath, args.Length == 0 ? null : string.Join(' ', args));
        }

        /// <summary>Where leases (and later certificates) live: the data partition on the board.</summary>
        public const string DefaultStateDirectory = "/var/lib/onlan";

        /// <summary>Where the board profiles live (board/&lt;name&gt;/board.conf in the repository; installed by the image).</summary>
        public const string DefaultBoardRoot = "/usr/share/onlan/board";

        private static int UsageError()
        {
            Console.Error.WriteLine(Usage);
            return ExitUsage;
        }

        private static int Serve(string path, string statePath, string socketPath, string boardRoot, bool consoleOnTerminal)
        {
            // The configuration file is the console's store too: commits replace it atomically and keep history.
            var store = new OnLan.Cli.Storage.ConfigurationStore(path);
            var stored = store.Load();
            if (stored.Error is { } unreadable || stored.Statements is null)
            {
                Log.Error($"cannot read configuration {path}: {stored.Error ?? "no such file"}");
                return ExitFailure;
            }
            if (stored.Warning is { } warning) Log.Error($"{path}: {warning}");
            string text = stored.Statements;
            var result = ConfigurationParser.Parse(text);
            if (!result.Success)
            {
                foreach (var error in result.Errors) Log.Error($"{path}: {error}");
                Log.Error("configuration refused; not starting");
                return ExitFailure;
            }

            if (HoldsClearPassword(text))
            {
                // A file written by hand (or by a provisioning tool) may hold `password` statements: the gateway keeps
                // only their NT hashes, so it rewrites the file at once, as a commit would.
                string? failed = store.Save(ConfigurationWriter.Write(result.Configuration!), TimeProvider.System.GetUtcNow(), out _);
                if (failed is null) Log.Info($"config: {path}: passwords stored as NT hashes");
                else Log.Error($"config: {path}: cannot store the passwords as NT hashes: {failed}");
            }

            using var host = Control.GatewayHost.TryStart(result.Configuration!, TimeProvider.System, statePath, boardRoot);
            if (host is null) return ExitFailure;
            using var commits = new OnLan.Cli.CommitCoordinator(host, store, TimeProvider.System);
            commits.Notice += message => Log.Info($"config: {message}");
            using var console = new Control.ConsoleServer(socketPath, commits);
            console.Start();
            if (consoleOnTerminal) console.StartTerminal();
            using var board = BoardSupport.BoardService.TryStart(host, commits, TimeProvider.System, boardRoot, statePath);

            using var stop = new ManualResetEventSlim();
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            // SIGUSR1 (10 on Linux, x64 and arm64 alike): write every port's counters to the log.
            using var report = PosixSignalRegistration.Create((PosixSignal)10, context =>
            {
                context.Cancel = true;
                host.Gateway.LogCounters();
            });
            stop.Wait();
            Log.Info("stopping");
            console.Dispose();
            var gateway = host.Gateway;
            gateway.Stop();
            gateway.LogCounters();
            Log.Info("stopped");
            return ExitOk;

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Set();
            }
        }

        /// <summary>Whether a statement of <paramref name="text"/> is `set vpn user &lt;name&gt; password …`.</summary>
        private static bool HoldsClearPassword(string text)
        {
            var words = new List<Token>();
            foreach (string line in text.Split('\n'))
            {
                if (Tokenizer.TrySplit(line, words, out _) && words.Count >= 5 && words[0].Text == "set" && words[1].Text == "vpn" &&
                    words[2].Text == "user" && words[4].Text == "password")
                    return true;
            }
            return false;
        }

        public static string VersionText() =>
            $"onlan {typeof(Program).Assembly.GetName().Version?.ToString(3)} ({RuntimeInformation.RuntimeIdentifier})";

        private const string Usage = """
            usage: onlan --config FILE [--state DIR] [--socket PATH] [--board-root DIR] [--console]
                                         run the gateway with the `set` statements in FILE (the console's
                                         commits replace it), leases and certificates in DIR (default
                                         /var/lib/onlan), `onlan cli` through PATH (default /run/onlan/cli.sock),
                                         board profiles under --board-root (default /usr/share/onlan/board),
                                         and with --console the CLI on this terminal (the serial port)
                   onlan cli [--socket PATH] [COMMAND]
                                         attach to the running gateway's console: COMMAND once, a script
                                         from standard input, or an interactive session on a terminal
                   onlan --version       print the version and exit
            """;
    }
}
