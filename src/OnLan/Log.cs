namespace OnLan;

/// <summary>
/// Event log lines to standard error, where systemd's journal (or the test harness) collects them. Only events:
/// per-packet outcomes are counters, never log lines.
/// </summary>
public static class Log
{
    private static readonly Lock Gate = new();
    private const int Kept = 500;
    private static readonly Queue<string> Recent = new();

    /// <summary>The clock of `show log` timestamps (tests may set another).</summary>
    public static TimeProvider Clock { get; set; } = TimeProvider.System;

    public static void Info(string message) => Write("", message);
    public static void Error(string message) => Write("error: ", message);

    private static void Write(string level, string message)
    {
        lock (Gate)
        {
            Console.Error.WriteLine($"onlan: {level}{message}");
            if (Recent.Count == Kept) Recent.Dequeue();
            Recent.Enqueue($"{Clock.GetUtcNow():yyyy-MM-dd HH:mm:ss} {level}{message}");
        }
    }

    /// <summary>The last <paramref name="count"/> lines (at most 500 are kept), oldest first, with their UTC time: `show log`.</summary>
    public static IReadOnlyList<string> Tail(int count)
    {
        lock (Gate) return Recent.Skip(Math.Max(0, Recent.Count - count)).ToList();
    }
}
