namespace OnLan.Cli.Commands;

/// <summary>
/// Reads a line against a command tree: which command it names (keywords may be abbreviated while unique), and what
/// may come next (for Tab and <c>?</c>). Both walk the tree the same way, so what completes is what runs.
/// </summary>
public static class CommandResolver
{
    /// <summary>Finds the command <c>tokens[start..]</c> names and checks its argument.</summary>
    public static CliError? Resolve(CommandWord root, ICommandContext context, IReadOnlyList<CliToken> tokens, int start,
        out CliCommand? command, out int argumentStart)
    {
        command = null;
        argumentStart = tokens.Count;
        var error = Walk(root, tokens, start, out var node, out int at);
        if (error is not null) return error;
        if (node == root) return new CliError(0, "empty command");
        if (node.Command is null)
            return new CliError(0, $"incomplete command: '{Words(tokens, start)}' must be followed by one of: {Keywords(node)}");
        var argument = node.Command.Argument;
        if (argument is null && at < tokens.Count)
            return new CliError(tokens[at].Column, $"unexpected '{tokens[at].Text}' after '{node.Command}'");
        if (argument is not null && (error = argument.Check(context, tokens, at)) is not null) return error;
        command = node.Command;
        argumentStart = at;
        return null;
    }

    /// <summary>Adds what may follow the complete words <c>tokens[start..]</c>; returns an error when they are already wrong.</summary>
    public static CliError? Next(CommandWord root, ICommandContext context, IReadOnlyList<CliToken> tokens, int start, List<Choice> choices)
    {
        var error = Walk(root, tokens, start, out var node, out int at);
        if (error is not null) return error;
        var argument = node.Command?.Argument;
        if (at < tokens.Count)
        {
            // Walk stops early only where an argument begins.
            return argument!.Next(context, tokens, at, choices);
        }
        foreach (var child in node.Children) choices.Add(Choice.Word(child.Word, child.Help));
        if (argument is not null) return argument.Next(context, tokens, at, choices);
        if (node.Command is not null) choices.Add(Choice.Enter);
        return null;
    }

    // Follows keywords from the root; stops at the end, or at the first word that is no keyword but may begin the
    // argument of the command reached.
    private static CliError? Walk(CommandWord root, IReadOnlyList<CliToken> tokens, int start, out CommandWord node, out int at)
    {
        node = root;
        for (at = start; at < tokens.Count; at++)
        {
            var token = tokens[at];
            string? word = WordMatch.Find(token.Text, node.Children.Select(c => c.Word), out var ambiguous);
            if (word is not null)
            {
                node = node.Child(word)!;
                continue;
            }
            if (ambiguous.Count > 0) return new CliError(token.Column, WordMatch.AmbiguousMessage(token.Text, ambiguous));
            if (node.Command?.Argument is not null) return null;
            if (node == root) return new CliError(token.Column, $"unknown command '{token.Text}' (expected one of: {Keywords(root)})");
            if (node.Children.Count == 0) return new CliError(token.Column, $"unexpected '{token.Text}' after '{node.Command}'");
            return new CliError(token.Column, $"unknown word '{token.Text}' (expected one of: {Keywords(node)})");
        }
        return null;
    }

    private static string Keywords(CommandWord node) => string.Join(", ", node.Children.Select(c => c.Word));

    private static string Words(IReadOnlyList<CliToken> tokens, int start) =>
        string.Join(' ', tokens.Skip(start).Select(t => t.Text));
}
