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
            string? configPath = null, statePath = DefaultStateDirectory;
            for (int i = 0; i < args.Length; i += 2)
            {
                if (i + 1 >= args.Length || args[i + 1].Length == 0) return UsageError();
                switch (args[i])
                {
                    case "--config": configPath = args[i + 1]; break;
                    case "--state": statePath = args[i + 1]; break;
                    default: return UsageError();
                }
            }
            return configPath is null ? UsageError() : Serve(configPath, statePath);
        }

        /// <summary>Where leases (and later certificates) live: the data partition on the board.</summary>
        public const string DefaultStateDirectory = "/var/lib/onlan";

        private static int UsageError()
        {
            Console.Error.WriteLine(Usage);
            return ExitUsage;
        }

        private static int Serve(string path, string statePath)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.Error($"cannot read configuration {path}: {e.Message}");
                return ExitFailure;
            }
            var result = ConfigurationParser.Parse(text);
            if (!result.Success)
            {
                foreach (var error in result.Errors) Log.Error($"{path}: {error}");
                Log.Error("configuration refused; not starting");
                return ExitFailure;
            }

            using var gateway = Gateway.TryStart(result.Configuration!, TimeProvider.System, statePath);
            if (gateway is null) return ExitFailure;

            using var stop = new ManualResetEventSlim();
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            // SIGUSR1 (10 on Linux, x64 and arm64 alike): write every port's counters to the log.
            using var report = PosixSignalRegistration.Create((PosixSignal)10, context =>
            {
                context.Cancel = true;
                gateway.LogCounters();
            });
            stop.Wait();
            Log.Info("stopping");
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

        public static string VersionText() =>
            $"onlan {typeof(Program).Assembly.GetName().Version?.ToString(3)} ({RuntimeInformation.RuntimeIdentifier})";

        private const string Usage = """
            usage: onlan --config FILE [--state DIR]
                                         run the gateway with the `set` statements in FILE, keeping its
                                         leases in DIR (default /var/lib/onlan)
                   onlan --version       print the version and exit
            """;
    }
}
