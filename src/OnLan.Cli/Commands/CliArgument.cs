namespace OnLan.Cli.Commands;

/// <summary>What follows a command's words: checked before the command runs, and completed by Tab and <c>?</c>.</summary>
public abstract class CliArgument(string placeholder, string help, bool optional)
{
    public string Placeholder { get; } = placeholder;
    public string Help { get; } = help;

    /// <summary>True when the command may run without it.</summary>
    public bool Optional { get; } = optional;

    /// <summary>Checks the argument words <c>tokens[start..]</c>; null when they are fine.</summary>
    public abstract CliError? Check(ICommandContext context, IReadOnlyList<CliToken> tokens, int start);

    /// <summary>
    /// Adds to <paramref name="choices"/> what may come after the complete argument words <c>tokens[start..]</c>;
    /// returns an error when those words are already wrong.
    /// </summary>
    public abstract CliError? Next(ICommandContext context, IReadOnlyList<CliToken> tokens, int start, List<Choice> choices);
}
