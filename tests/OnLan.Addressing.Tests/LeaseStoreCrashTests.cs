using OnLan.Testing;
using OnLan.Wire;
using Xunit.Abstractions;

namespace OnLan.Addressing.Tests;

/// <summary>
/// kill -9 at random points while leases are written: OnLan.LeaseWriter saves without end, is killed with SIGKILL
/// a random 20-150 ms after its first completed save, and the store it leaves must load, never go back in sequence and
/// hold no address twice. Two writers run side by side on separate stores to use both cores.
/// </summary>
public sealed class LeaseStoreCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 200;
    private const int Lanes = 2;

    // The writer's pool (tests/OnLan.LeaseWriter/LeaseWriterPool.cs): 10.20.0.10-10.20.3.241 minus 10.20.1.0-15.
    private static readonly Ipv4Address First = new(10, 20, 0, 10), Last = new(10, 20, 3, 241);
    private static readonly Ipv4Address ExcludedFirst = new(10, 20, 1, 0), ExcludedLast = new(10, 20, 1, 15);

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Store_is_never_corrupt_after_kill_9_at_random_points_during_lease_writes()
    {
        string writer = WriterPath();
        var lanes = Enumerable.Range(0, Lanes).Select(lane => RunLane(writer, lane, Kills / Lanes)).ToArray();
        var results = await Task.WhenAll(lanes);

        int killedWhileSaving = results.Sum(r => r.KilledWhileSaving);
        int temporaryLeft = results.Sum(r => r.TemporaryFilesLeft);
        output.WriteLine($"{Kills} kills; {killedWhileSaving} after at least one save of that run; " +
                         $"{temporaryLeft} left a .tmp (killed inside a save); final sequences {string.Join(", ", results.Select(r => r.Sequence))}");
        // Most kills must land while the writer is busy saving, or the test proves little.
        Assert.True(killedWhileSaving >= Kills * 3 / 4, $"only {killedWhileSaving} of {Kills} kills hit a writer that had saved");
    }

    private sealed record LaneResult(int KilledWhileSaving, int TemporaryFilesLeft, long Sequence);

    private async Task<LaneResult> RunLane(string writer, int lane, int kills)
    {
        string path = _directory.File($"leases-{lane}");
        var random = new Random(lane);
        long lastSequence = 0;
        int killedWhileSaving = 0, temporaryLeft = 0;
        for (int run = 0; run < kills; run++)
        {
            var (reported, stderr) = await RunAndKill(writer, path, seed: lane * 1000 + run, random.Next(20, 151));
            string context = $"lane {lane}, run {run}";
            Assert.True(reported is not null, $"{context}: the writer did not start: {stderr}");
            if (File.Exists(path + ".tmp")) temporaryLeft++;

            var load = new FileLeaseStore(path).Load();

            Assert.True(load.Error is null, $"{context}: {load.Error}");
            long sequence = load.File?.Sequence ?? 0;
            Assert.True(sequence >= lastSequence, $"{context}: sequence went back from {lastSequence} to {sequence}");
            if (reported!.Value > 0)
            {
                killedWhileSaving++;
                // A save that returned is durable; at most the one in flight (renamed, not yet reported) is newer.
                Assert.InRange(sequence, reported.Value, reported.Value + 1);
            }
            if (load.File is { } file) AssertInvariants(file, context);
            lastSequence = sequence;
        }
        return new LaneResult(killedWhileSaving, temporaryLeft, lastSequence);
    }

    // Returns the highest sequence the writer reported saved (0 when none; null when it never started) and its stderr.
    private static async Task<(long? Reported, string Stderr)> RunAndKill(string writer, string path, int seed, int delayMs)
    {
        var (lines, stderr) = await CrashingWriter.RunAndKill(writer, [path, seed.ToString()], delayMs);
        return (lines is null ? null : CrashingWriter.Highest(lines, "saved "), stderr);
    }

    private static void AssertInvariants(LeaseFile file, string context)
    {
        var addresses = file.Leases.Select(l => l.Address).Concat(file.Holds.Select(h => h.Address)).ToList();
        Assert.True(addresses.Count == addresses.Distinct().Count(), $"{context}: an address is leased or held twice");
        foreach (var address in addresses.Concat(file.Bindings.Select(b => b.Address)))
        {
            bool inRange = address.Value >= First.Value && address.Value <= Last.Value;
            bool excluded = address.Value >= ExcludedFirst.Value && address.Value <= ExcludedLast.Value;
            Assert.True(inRange && !excluded, $"{context}: {address} is outside the writer's pool");
        }
    }

    private static string WriterPath() => CrashingWriter.Locate(typeof(LeaseStoreCrashTests), "OnLan.Addressing.Tests", "OnLan.LeaseWriter");
}
