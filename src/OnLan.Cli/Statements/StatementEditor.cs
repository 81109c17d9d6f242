using System.Text;
using OnLan.Cli.Commands;
using OnLan.Configuration;

namespace OnLan.Cli.Statements;

/// <summary>
/// <c>set</c> and <c>delete</c> on a candidate configuration. Both return the candidate unchanged with an error
/// pointing at the word at fault (its column on the line as typed) when the line is refused.
/// </summary>
public static class StatementEditor
{
    /// <summary>
    /// Applies the statement whose path is <c>tokens[start..]</c> (the words after <c>set</c>). Abbreviated keywords
    /// are expanded, then the parser applies the statement exactly as it would read it from the file.
    /// </summary>
    public static GatewayConfiguration Set(GatewayConfiguration candidate, IReadOnlyList<CliToken> tokens, int start, out CliError? error)
    {
        var path = SchemaWalker.Walk(tokens, start, tokens.Count);
        if (path.Error is not null)
        {
            error = path.Error;
            return candidate;
        }
        if (!path.IsComplete)
        {
            error = new CliError(0, Incomplete(path));
            return candidate;
        }

        // The statement as the file would hold it, and where each of its words starts, to map the parser's column
        // back to the word as typed.
        var line = new StringBuilder(ConfigurationSchema.Root.Keyword);
        var columns = new List<(int Canonical, int Typed)>();
        foreach (var step in path.Steps)
        {
            line.Append(' ');
            columns.Add((line.Length + 1, step.Token.Column));
            line.Append(CliTokenizer.Quote(step.Canonical));
        }
        var changed = ConfigurationParser.ApplyStatement(candidate, line.ToString(), out var parserError);
        if (parserError is not null)
        {
            int typed = 0;
            foreach (var (canonical, column) in columns)
                if (canonical == parserError.Column) typed = column;
            error = new CliError(typed, parserError.Message);
            return candidate;
        }
        error = null;
        return changed;
    }

    /// <summary>
    /// Removes every statement under the path <c>tokens[start..]</c> (the words after <c>delete</c>): a keyword, a tag
    /// name, or a leaf with some or all of its values. Deleting what is not configured is an error.
    /// </summary>
    public static GatewayConfiguration Delete(GatewayConfiguration candidate, IReadOnlyList<CliToken> tokens, int start, out CliError? error)
    {
        var path = SchemaWalker.Walk(tokens, start, tokens.Count);
        if (path.Error is not null)
        {
            error = path.Error;
            return candidate;
        }
        if (path.Steps.Count == 0)
        {
            error = new CliError(0, $"delete what? one of: {string.Join(", ", ConfigurationSchema.Root.Children.Select(c => c.Keyword))}");
            return candidate;
        }

        var kept = new List<string>();
        int removed = 0;
        var words = new List<CliToken>();
        foreach (var statement in ConfigurationWriter.Write(candidate).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            CliTokenizer.Split(statement, words, out _, out _);
            if (IsUnder(words, path)) removed++;
            else kept.Add(statement);
        }
        if (removed == 0)
        {
            error = new CliError(0, $"nothing is configured under '{Describe(path)}'");
            return candidate;
        }

        // The candidate is rebuilt from the statements left: the writer's text reads back as the same configuration.
        var rebuilt = GatewayConfiguration.Empty;
        foreach (var statement in kept)
        {
            rebuilt = ConfigurationParser.ApplyStatement(rebuilt, statement, out var rebuildError);
            if (rebuildError is not null)
            {
                error = new CliError(0, $"cannot delete '{Describe(path)}': what is left does not read back ({rebuildError.Message})");
                return candidate;
            }
        }
        error = null;
        return rebuilt;
    }

    // A statement (words of the writer's output, "set" first) lies under the path when its words start with the
    // path's, names and values compared as values of their kind.
    private static bool IsUnder(List<CliToken> statement, SchemaPath path)
    {
        if (statement.Count < path.Steps.Count + 1) return false;
        for (int i = 0; i < path.Steps.Count; i++)
        {
            var step = path.Steps[i];
            string word = statement[i + 1].Text;
            if (step.Kind is null ? word != step.Canonical : !SchemaWalker.SameValue(step.Kind, step.Canonical, word)) return false;
        }
        return true;
    }

    private static string Describe(SchemaPath path) =>
        string.Join(' ', path.Steps.Select(s => s.IsSecret ? Secrets.Mask : CliTokenizer.Quote(s.Canonical)));

    private static string Incomplete(SchemaPath path)
    {
        string typed = path.Steps.Count == 0 ? "set" : $"set {Describe(path)}";
        return path.Expect switch
        {
            SchemaExpectation.Name => $"incomplete statement: '{typed}' needs a name {((TagNode)path.Node).NameKind.Placeholder}",
            SchemaExpectation.Value => $"incomplete statement: '{typed}' needs {((ValueNode)path.Node).Kinds[path.ValueIndex].Placeholder}",
            _ => $"incomplete statement: '{typed}' must be followed by one of: {string.Join(", ", ((KeywordNode)path.Node).Children.Select(c => c.Keyword))}",
        };
    }
}
