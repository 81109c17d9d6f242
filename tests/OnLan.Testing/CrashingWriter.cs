using System.Diagnostics;

namespace OnLan.Testing;

/// <summary>
/// The kill -9 tests' writer process: a small exe that saves without end (leases, configurations) and reports on
/// stdout, started and killed with SIGKILL after a random delay — a power cut as far as the process can tell.
/// </summary>
public static class CrashingWriter
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The writer's dll as built beside the test project (the test builds it through a ProjectReference without
    /// referencing its assembly): the test assembly's path with the project name replaced.
    /// </summary>
    public static string Locate(Type test, string testProject, string writerProject)
    {
        string candidate = test.Assembly.Location.Replace(testProject, writerProject);
        if (!File.Exists(candidate))
            throw new Xunit.Sdk.XunitException($"{candidate} is missing: build tests/{writerProject} with the same configuration as {testProject}");
        return candidate;
    }

    /// <summary>
    /// Runs the writer with <paramref name="arguments"/>, waits for its first line "started" and then for its first
    /// line that starts with <paramref name="armedBy"/> (its first completed save), lets it work for
    /// <paramref name="delayMs"/> more, kills it with SIGKILL. Returns its whole output lines (a line the kill cut is
    /// left out; null when it never started) and its stderr.
    /// </summary>
    /// <remarks>
    /// The delay starts at the first save, not at "started": on a loaded machine a freshly started writer may take
    /// longer than the whole delay to get through its first save (JIT, a slow fsync), and a kill before it would
    /// test nothing.
    /// </remarks>
    public static async Task<(IReadOnlyList<string>? Lines, string Stderr)> RunAndKill(string writer, IEnumerable<string> arguments, int delayMs,
        string armedBy = "saved ")
    {
        var start = new ProcessStartInfo(DotnetHost(), [writer, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var firstLine = await process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
        if (firstLine != "started")
        {
            process.Kill();
            await process.WaitForExitAsync();
            return (null, $"first line '{firstLine}'; stderr: {await stderr}");
        }
        List<string> armingLines = [];
        while (await process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout) is { } line)
        {
            armingLines.Add(line);
            if (line.StartsWith(armedBy, StringComparison.Ordinal)) break;
        }
        // Read on while it runs so the pipe never fills and blocks the writer.
        var rest = process.StandardOutput.ReadToEndAsync();
        await Task.Delay(delayMs);
        process.Kill(); // SIGKILL on Unix: no finalizers, no flush
        await process.WaitForExitAsync();
        // The last element is "" or a line the kill cut ("saving 12" cut to "saving 1"): only whole lines count.
        var lines = (await rest).Split('\n');
        return ([.. armingLines, .. lines[..^1]], await stderr);
    }

    /// <summary>The highest n of the whole lines "<paramref name="prefix"/>n" (0 when none).</summary>
    public static long Highest(IReadOnlyList<string> lines, string prefix)
    {
        long highest = 0;
        foreach (var line in lines)
            if (line.StartsWith(prefix, StringComparison.Ordinal) && long.TryParse(line.AsSpan(prefix.Length), out long n)) highest = Math.Max(highest, n);
        return highest;
    }

    /// <summary>The dotnet host that runs this test, so the writer gets the same runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }
}
