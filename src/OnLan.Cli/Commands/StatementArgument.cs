using OnLan.Cli.Statements;

namespace OnLan.Cli.Commands;

/// <summary>The path of a configuration statement, after <c>set</c> or <c>delete</c>, read from the schema tree.</summary>
public sealed class StatementArgument(bool forDelete)
    : CliArgument(forDelete ? "<path>" : "<statement>", forDelete ? "What to remove" : "What to set", optional: false)
{
    public bool ForDelete { get; } = forDelete;

    // Only the path is checked here; the set or delete itself (which needs the candidate) is the handler's.
    public override CliError? Check(ICommandContext context, IReadOnlyList<CliToken> tokens, int start)
    {
        if (start == tokens.Count) return new CliError(0, ForDelete ? "delete what?" : "set what?");
        return SchemaWalker.Walk(tokens, start, tokens.Count).Error;
    }

    public override CliError? Next(ICommandContext context, IReadOnlyList<CliToken> tokens, int start, List<Choice> choices)
    {
        var path = SchemaWalker.Walk(tokens, start, tokens.Count);
        if (path.Error is not null) return path.Error;
        SchemaWalker.Next(path, context.Configuration, ForDelete, choices);
        return null;
    }
}
