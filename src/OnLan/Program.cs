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
            if (args.Length != 2 || args[0] != "--config")
            {
                Console.Error.WriteLine(Usage);
                return ExitUsage;
            }
            return Serve(args[1]);
        }

        private static int Serve(string path)
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

            using var gateway = Gateway.TryStart(result.Configuration!, TimeProvider.System);
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
            usage: onlan --config FILE   run the gateway with the `set` statements in FILE
                   onlan --version       print the version and exit
            """;
    }
}
