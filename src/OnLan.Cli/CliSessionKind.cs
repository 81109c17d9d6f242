namespace OnLan.Cli;

/// <summary>How a session talks to its user.</summary>
public enum CliSessionKind
{
    /// <summary>A person at a terminal (the serial tty, or <c>onlan cli</c> on a terminal): prompts, echo, line editing, CRLF.</summary>
    Terminal,

    /// <summary>Lines from a pipe or file: no prompt, no echo, LF; the first error ends the session with exit code 1.</summary>
    Script,
}
