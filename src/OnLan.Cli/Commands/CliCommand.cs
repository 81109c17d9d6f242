namespace OnLan.Cli.Commands;

/// <summary>
/// One entry of the command table: its words, its help, the modes it is typed in, what may follow its words, and what
/// it does. An entry without a handler only gives a help text to a leading word that several commands share
/// (<c>show</c>).
/// </summary>
public sealed class CliCommand(string words, string help, CliMode modes, CliCommand.Handler? handler = null, CliArgument? argument = null)
{
    /// <summary>Runs the command; writes its output to the session; returns false when it failed (it wrote an <c>error:</c> line).</summary>
    public delegate bool Handler(CliSession session, CommandInvocation invocation);

    public IReadOnlyList<string> Words { get; } = words.Split(' ');
    public string Help { get; } = help;
    public CliMode Modes { get; } = modes;
    public Handler? Run { get; } = handler;
    public CliArgument? Argument { get; } = argument;

    public static CliCommand Group(string words, string help, CliMode modes) => new(words, help, modes);

    public override string ToString() => string.Join(' ', Words);
}
