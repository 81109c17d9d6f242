namespace OnLan.Cli.Commands;

/// <summary>An operational command typed in configuration mode after <c>run</c> (as in VyOS and Junos).</summary>
public sealed class OperationalArgument(CommandWord operational)
    : CliArgument("<command>", "An operational command", optional: false)
{
    public CommandWord Operational { get; } = operational;

    public override CliError? Check(ICommandContext context, IReadOnlyList<CliToken> tokens, int start) =>
        start == tokens.Count
            ? new CliError(0, "run what? an operational command, like 'run show sessions'")
            : CommandResolver.Resolve(Operational, context, tokens, start, out _, out _);

    public override CliError? Next(ICommandContext context, IReadOnlyList<CliToken> tokens, int start, List<Choice> choices) =>
        CommandResolver.Next(Operational, context, tokens, start, choices);
}
