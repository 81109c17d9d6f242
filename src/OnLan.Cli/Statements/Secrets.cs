using OnLan.Cli.Commands;
using OnLan.Configuration;

namespace OnLan.Cli.Statements;

/// <summary>
/// Which configuration values are secrets, and how they are hidden. The schema marks a secret by its kind: a value or
/// name of a kind marked <see cref="ValueKind.IsSecret"/> (a key, a password, an NT hash) is one, wherever in the tree
/// it sits, so a statement added later with a secret is masked without a change here.
/// </summary>
public static class Secrets
{
    public const string Mask = "********";

    public static bool IsSecret(ValueKind kind) => kind.IsSecret;

    /// <summary>
    /// <paramref name="line"/> with every secret word replaced by <see cref="Mask"/>; the words from
    /// <paramref name="pathStart"/> on are read as a statement path (after <c>set</c> or <c>delete</c>). Words the
    /// schema does not know are left as they are; a line that is not a statement comes back unchanged.
    /// </summary>
    public static string MaskLine(string line, int pathStart = 1)
    {
        var tokens = new List<CliToken>();
        CliTokenizer.Split(line, tokens, out _, out _);
        if (tokens.Count <= pathStart) return line;
        var path = SchemaWalker.Walk(tokens, pathStart, tokens.Count);
        string masked = line;
        // From the right, so the columns of the words still to replace stay valid.
        for (int i = path.Steps.Count - 1; i >= 0; i--)
        {
            var step = path.Steps[i];
            if (!step.IsSecret) continue;
            masked = string.Concat(masked.AsSpan(0, step.Token.Column - 1), Mask, masked.AsSpan(step.Token.Column - 1 + step.Token.Length));
        }
        // A value the walk refused (a secret too short to be valid) is still a secret if it stands where one goes.
        if (path.Error is not null && path.Expect == SchemaExpectation.Value && path.Node is ValueNode leaf &&
            path.ValueIndex < leaf.Kinds.Count && IsSecret(leaf.Kinds[path.ValueIndex]) && path.FailedToken is { } failed)
            masked = string.Concat(masked.AsSpan(0, failed.Column - 1), Mask, masked.AsSpan(failed.Column - 1 + failed.Length));
        return masked;
    }

    /// <summary>Each line of <paramref name="text"/> (statements, one a line) masked.</summary>
    public static string MaskText(string text)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++) lines[i] = MaskLine(lines[i]);
        return string.Join('\n', lines);
    }
}
