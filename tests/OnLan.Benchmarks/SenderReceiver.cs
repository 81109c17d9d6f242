using System.Diagnostics;

namespace OnLan.Benchmarks;

/// <summary>
/// Runs a send loop and a receive loop on two threads for a fixed time. Each loop body does one unit of work
/// and returns how many frames it moved; both stop when the time is up (and a receive body must return within
/// a short timeout, so the whole run is bounded).
/// </summary>
internal static class SenderReceiver
{
    public static ScenarioResult Run(BenchSettings settings, Func<long> sendOnce, Func<long> receiveOnce)
    {
        long sent = 0, received = 0;
        StopFlag stop = new();
        using Barrier start = new(2);
        Thread receiver = new(() =>
        {
            start.SignalAndWait();
            long count = 0;
            while (!stop.Value) count += receiveOnce();
            received = count;
        }) { IsBackground = true, Name = "bench receiver" };
        receiver.Start();
        start.SignalAndWait();
        long began = Stopwatch.GetTimestamp();
        long deadline = began + (long)(settings.Duration.TotalSeconds * Stopwatch.Frequency);
        long count = 0;
        while (Stopwatch.GetTimestamp() < deadline) count += sendOnce();
        sent = count;
        stop.Value = true;
        TimeSpan elapsed = Stopwatch.GetElapsedTime(began);
        if (!receiver.Join(TimeSpan.FromSeconds(10))) throw new TimeoutException("receiver did not stop");
        return new ScenarioResult(sent, received, elapsed, settings.FrameLength);
    }

    private sealed class StopFlag
    {
        private volatile bool _value;

        public bool Value
        {
            get => _value;
            set => _value = value;
        }
    }
}
