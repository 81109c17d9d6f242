using System.Diagnostics;

namespace OnLan.Testing;

/// <summary>Runs a program to completion, bounded in time: on timeout it and its children are killed.</summary>
public static class Shell
{
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="file"/> with a shell-free argument string (split by the runtime's rules).</summary>
    public static CommandResult Run(string file, string arguments, TimeSpan timeout) =>
        Run(new ProcessStartInfo(file, arguments), timeout);

    /// <summary>Runs <paramref name="file"/> with each argument passed as is (no quoting to get wrong).</summary>
    public static CommandResult Run(string file, IEnumerable<string> arguments, TimeSpan timeout) =>
        Run(new ProcessStartInfo(file, arguments), timeout);

    private static CommandResult Run(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(timeout);
        if (!exited)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit(OutputGrace);
        }
        string output = stdout.Wait(OutputGrace) ? stdout.Result : "";
        string error = stderr.Wait(OutputGrace) ? stderr.Result : "";
        if (!exited) return new CommandResult(-1, output, $"{error}\n[killed: {start.FileName} ran longer than {timeout.TotalSeconds:0.#} s]");
        return new CommandResult(process.ExitCode, output, error);
    }
}
