namespace OnLan.Testing;

/// <summary>How a command ended. <see cref="ExitCode"/> is -1 when it was killed for running too long.</summary>
public readonly record struct CommandResult(int ExitCode, string StdOut, string StdErr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with the command's output when it failed; returns the result otherwise.</summary>
    public CommandResult EnsureSuccess(string what)
    {
        if (ExitCode != 0) throw new InvalidOperationException($"{what} failed (exit {ExitCode}): {StdErr.Trim()} {StdOut.Trim()}");
        return this;
    }
}
