using OnLan.Cli.Commands;
using OnLan.Configuration;

namespace OnLan.Cli.Statements;

/// <summary>
/// Reads the words after <c>set</c> or <c>delete</c> against <see cref="ConfigurationSchema.Root"/>: keywords (which
/// may be abbreviated while unique), tag names and values, each checked by its kind. It knows no statement by name:
/// everything comes from the tree, so a statement added to the schema is typed, completed and masked at once.
/// </summary>
public static class SchemaWalker
{
    /// <summary>Walks <c>tokens[start..end)</c>; stops at the first word it cannot read (see <see cref="SchemaPath.Error"/>).</summary>
    public static SchemaPath Walk(IReadOnlyList<CliToken> tokens, int start, int end)
    {
        var path = new SchemaPath();
        for (int at = start; at < end; at++)
        {
            var token = tokens[at];
            var error = Step(path, token);
            if (error is not null)
            {
                path.Error = error;
                path.FailedToken = token;
                break;
            }
        }
        return path;
    }

    private static CliError? Step(SchemaPath path, CliToken token)
    {
        switch (path.Expect)
        {
            case SchemaExpectation.Child:
            {
                var node = (KeywordNode)path.Node;
                string? word = WordMatch.Find(token.Text, node.Children.Select(c => c.Keyword), out var ambiguous);
                if (word is null)
                {
                    return ambiguous.Count > 0
                        ? new CliError(token.Column, WordMatch.AmbiguousMessage(token.Text, ambiguous))
                        : new CliError(token.Column, $"unknown word '{token.Text}' (expected one of: {Keywords(node)})");
                }
                var child = node.Find(word)!;
                path.Steps.Add(new SchemaStep(token, word, null));
                path.Node = child;
                path.AfterName = false;
                switch (child)
                {
                    case TagNode:
                        path.Expect = SchemaExpectation.Name;
                        break;
                    case KeywordNode:
                        path.Expect = SchemaExpectation.Child;
                        break;
                    case ValueNode leaf:
                        path.ValueIndex = 0;
                        path.Expect = leaf.Kinds.Count > 0 ? SchemaExpectation.Value : SchemaExpectation.End;
                        break;
                }
                return null;
            }
            case SchemaExpectation.Name:
            {
                var tag = (TagNode)path.Node;
                var name = tag.NameKind.TryParse(token.Text, out string reason);
                if (name is null)
                {
                    string shown = Secrets.IsSecret(tag.NameKind) ? "" : $" '{token.Text}'";
                    return new CliError(token.Column, $"invalid {tag.Keyword} name{shown}: {reason}");
                }
                // As the parser keeps it: text, or the canonical form of a parsed value (a network).
                string canonical = name as string ?? name.ToString()!;
                path.Steps.Add(new SchemaStep(token, canonical, tag.NameKind));
                path.Tags.Add(canonical);
                path.Expect = SchemaExpectation.Child;
                path.AfterName = true;
                return null;
            }
            case SchemaExpectation.Value:
            {
                var leaf = (ValueNode)path.Node;
                var kind = leaf.Kinds[path.ValueIndex];
                if (kind.TryParse(token.Text, out string reason) is null)
                {
                    string shown = Secrets.IsSecret(kind) ? "" : $" '{token.Text}'";
                    return new CliError(token.Column, $"invalid {leaf.Keyword}{shown}: {reason}");
                }
                path.Steps.Add(new SchemaStep(token, token.Text, kind));
                path.ValueIndex++;
                if (path.ValueIndex == leaf.Kinds.Count) path.Expect = SchemaExpectation.End;
                return null;
            }
            default:
                return new CliError(token.Column, $"unexpected '{token.Text}' after the value of '{path.Node.Keyword}'");
        }
    }

    /// <summary>
    /// What may follow the path: keywords, the names configured under a tag and a placeholder for a new one, value
    /// placeholders (a placeholder like <c>enable|disable</c> gives its words), and for <c>delete</c> the values
    /// configured at a leaf.
    /// </summary>
    public static void Next(SchemaPath path, GatewayConfiguration configuration, bool forDelete, List<Choice> choices)
    {
        switch (path.Expect)
        {
            case SchemaExpectation.Child:
                foreach (var child in ((KeywordNode)path.Node).Children) choices.Add(Choice.Word(child.Keyword, child.Help));
                break;
            case SchemaExpectation.Name:
            {
                var tag = (TagNode)path.Node;
                foreach (var name in tag.Instances(configuration))
                    choices.Add(Choice.Word(Secrets.IsSecret(tag.NameKind) ? Secrets.Mask : CliTokenizer.Quote(name), "configured"));
                if (!forDelete) choices.Add(Choice.Placeholder(tag.NameKind.Placeholder, tag.Help));
                break;
            }
            case SchemaExpectation.Value:
            {
                var leaf = (ValueNode)path.Node;
                var kind = leaf.Kinds[path.ValueIndex];
                if (forDelete)
                {
                    foreach (var values in leaf.Read(configuration, path.Tags))
                        if (path.ValueIndex < values.Length && !Secrets.IsSecret(kind) && Matches(path, values))
                            choices.Add(Choice.Word(CliTokenizer.Quote(values[path.ValueIndex]), "configured"));
                    break;
                }
                foreach (var alternative in kind.Placeholder.Split('|'))
                {
                    if (alternative.StartsWith('<')) choices.Add(Choice.Placeholder(alternative, leaf.Help));
                    else choices.Add(Choice.Word(alternative, leaf.Help));
                }
                break;
            }
        }
        if (forDelete ? path.Steps.Count > 0 : path.IsComplete) choices.Add(Choice.Enter);
    }

    // For a leaf with several values, the configured entries that agree with the values already typed.
    private static bool Matches(SchemaPath path, string[] values)
    {
        var leaf = (ValueNode)path.Node;
        for (int i = 0; i < path.ValueIndex; i++)
        {
            var step = path.Steps[path.Steps.Count - path.ValueIndex + i];
            if (!SameValue(leaf.Kinds[i], step.Canonical, values[i])) return false;
        }
        return true;
    }

    /// <summary>True when two texts are the same value of <paramref name="kind"/> (10.0.0.1 and 10.0.0.1-10.0.0.1 as an exclusion).</summary>
    public static bool SameValue(ValueKind? kind, string a, string b)
    {
        if (a == b) return true;
        if (kind is null) return false;
        var x = kind.TryParse(a, out _);
        var y = kind.TryParse(b, out _);
        return x is not null && y is not null && x.Equals(y);
    }

    private static string Keywords(KeywordNode node) => string.Join(", ", node.Children.Select(c => c.Keyword));
}
