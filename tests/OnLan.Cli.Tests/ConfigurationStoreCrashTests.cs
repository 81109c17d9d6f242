using OnLan.Testing;
using OnLan.Cli.Storage;
using OnLan.ConfigWriter;
using OnLan.Configuration;
using Xunit.Abstractions;

namespace OnLan.Cli.Tests;

/// <summary>
/// kill -9 at random points during commits: OnLan.ConfigWriter commits configurations without end (sequence n holds
/// variant n % 3), and is killed with SIGKILL a random 20-150 ms after its first commit. The store it leaves must load, hold
/// exactly the variant of its sequence (never a mix), never go back in sequence; so must every history file. Two
/// writers run side by side on separate stores to use both cores.
/// </summary>
public sealed class ConfigurationStoreCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 200;
    private const int Lanes = 2;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Saved_configuration_is_always_the_old_or_the_new_after_kill_9_at_random_points()
    {
        string writer = WriterPath();
        var results = await Task.WhenAll(Enumerable.Range(0, Lanes).Select(lane => Task.Run(() => RunLane(writer, lane, Kills / Lanes))));
        int killedWhileSaving = results.Sum(r => r.KilledWhileSaving);
        output.WriteLine($"{Kills} kills; {killedWhileSaving} inside the commit loop; " +
                         $"{results.Sum(r => r.TemporaryFilesLeft)} left a .tmp; final sequences {string.Join(", ", results.Select(r => r.Sequence))}");
        Assert.True(killedWhileSaving >= Kills * 3 / 4, $"only {killedWhileSaving} of {Kills} kills hit a writer that was committing");
    }

    private sealed record LaneResult(int KilledWhileSaving, int TemporaryFilesLeft, long Sequence);

    private async Task<LaneResult> RunLane(string writer, int lane, int kills)
    {
        string path = _directory.File($"lane-{lane}/onlan.conf");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var random = new Random(lane);
        long lastSequence = 0;
        int killedWhileSaving = 0, temporaryLeft = 0;
        for (int run = 0; run < kills; run++)
        {
            var (saving, saved, stderr) = await RunAndKill(writer, path, random.Next(20, 151));
            string context = $"lane {lane}, run {run}";
            Assert.True(saving is not null, $"{context}: the writer did not start: {stderr}");
            if (Directory.EnumerateFiles(Path.GetDirectoryName(path)!, "*.tmp", SearchOption.AllDirectories).Any()) temporaryLeft++;

            var store = new ConfigurationStore(path);
            var load = store.Load();
            Assert.True(load.Error is null, $"{context}: {load.Error}");
            Assert.True(load.Warning is null, $"{context}: {load.Warning}");
            long sequence = load.Sequence;
            Assert.True(sequence >= lastSequence, $"{context}: sequence went back from {lastSequence} to {sequence}");
            if (saving > 0) killedWhileSaving++; // killed inside the commit loop, not while starting up
            if (saved > 0)
            {
                // A commit that returned is durable; at most the one announced after it may be newer.
                Assert.InRange(sequence, saved, Math.Max(saved, saving.Value));
            }
            Assert.True(sequence <= Math.Max(lastSequence, saving!.Value), $"{context}: sequence {sequence} was never announced");
            if (sequence > 0) AssertIsVariant(load.Statements, sequence, context);
            var history = store.Sequences();
            foreach (long kept in history)
            {
                var copy = ConfigurationFile.TryParse(File.ReadAllBytes(Path.Combine(store.HistoryDirectory, $"{kept}.conf")),
                    out string statements, out long copySequence, out _, out string error);
                Assert.True(copy && copySequence == kept, $"{context}, history {kept}: {error}");
                AssertIsVariant(statements, kept, $"{context}, history {kept}");
            }
            if (sequence > 0) Assert.Equal(load.Statements, store.LoadCommit(0).Statements); // rollback 0 is what is saved
            // Pruning follows the main file's replacement: a kill between them may leave one extra.
            Assert.True(history.Count <= ConfigurationStore.HistoryDepth + 1, $"{context}: {history.Count} history files");
            lastSequence = sequence;
        }
        return new LaneResult(killedWhileSaving, temporaryLeft, lastSequence);
    }

    private static void AssertIsVariant(string? statements, long sequence, string context)
    {
        Assert.True(statements is not null, $"{context}: nothing loaded for sequence {sequence}");
        var parsed = ConfigurationParser.Parse(statements!);
        Assert.True(parsed.Success, $"{context}: sequence {sequence} does not parse: {string.Join("; ", parsed.Errors)}");
        string expected = ConfigurationWriter.Write(ConfigurationParser.Parse(WriterVariants.ForSequence(sequence)).Configuration!);
        Assert.True(expected == statements, $"{context}: sequence {sequence} is not variant {sequence % WriterVariants.Texts.Count}");
    }

    // The highest sequence the writer announced ("saving n"; 0 when none, null when it never started), the highest it
    // reported done ("saved n"), and its stderr.
    private static async Task<(long? Saving, long Saved, string Stderr)> RunAndKill(string writer, string path, int delayMs)
    {
        var (lines, stderr) = await CrashingWriter.RunAndKill(writer, [path], delayMs);
        return lines is null ? (null, 0, stderr) : (CrashingWriter.Highest(lines, "saving "), CrashingWriter.Highest(lines, "saved "), stderr);
    }

    private static string WriterPath() => CrashingWriter.Locate(typeof(ConfigurationStoreCrashTests), "OnLan.Cli.Tests", "OnLan.ConfigWriter");
}
