// Commits configurations without end, for the test that kills it with SIGKILL at random points
// (tests/OnLan.Cli.Tests/ConfigurationStoreCrashTests.cs). Usage: OnLan.ConfigWriter <path-of-onlan.conf>
// Prints "started", then "saving <n>" before it commits sequence n (variant n % 3) and "saved <n>" after.
using OnLan.Cli;
using OnLan.Cli.Storage;
using OnLan.ConfigWriter;
using OnLan.Configuration;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: OnLan.ConfigWriter <path>");
    return 2;
}

var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true, NewLine = "\n" };
var store = new ConfigurationStore(args[0]);
var loaded = store.Load();
if (loaded.Error is not null)
{
    Console.Error.WriteLine(loaded.Error);
    return 1;
}
var running = loaded.Statements is { } statements ? ConfigurationParser.Parse(statements) : null;
if (running is { Success: false })
{
    Console.Error.WriteLine(string.Join("; ", running.Errors));
    return 1;
}

var history = store.Sequences();
long sequence = Math.Max(loaded.Sequence, history.Count > 0 ? history[0] : 0);
using var commits = new CommitCoordinator(new WriterGateway(running?.Configuration ?? GatewayConfiguration.Empty), store, TimeProvider.System);
output.WriteLine("started");
while (true)
{
    sequence++;
    var candidate = ConfigurationParser.Parse(WriterVariants.ForSequence(sequence));
    output.WriteLine($"saving {sequence}");
    var result = commits.Commit(candidate.Configuration!);
    if (!result.Success || result.Sequence != sequence)
    {
        Console.Error.WriteLine($"commit {sequence} failed: {string.Join("; ", result.Errors)} (sequence {result.Sequence})");
        return 1;
    }
    output.WriteLine($"saved {sequence}");
}
