namespace OnLan;

/// <summary>
/// Event log lines to standard error, where systemd's journal (or the test harness) collects them. Only events:
/// per-packet outcomes are counters, never log lines.
/// </summary>
public static class Log
{
    private static readonly Lock Gate = new();

    public static void Info(string message) => Write("", message);
    public static void Error(string message) => Write("error: ", message);

    private static void Write(string level, string message)
    {
        lock (Gate)
        {
            Console.Error.WriteLine($"onlan: {level}{message}");
        }
    }
}
