namespace OnLan.Configuration;

/// <summary>
/// Reads configuration text: one <c>set</c> statement per line, blank lines and <c>#</c> comments allowed.
/// The result is all or nothing: any bad line, or a configuration that fails <see cref="ConfigurationValidator"/>,
/// yields errors and no configuration, so the gateway never starts half-configured.
/// </summary>
public static class ConfigurationParser
{
    public static ConfigurationResult Parse(string text, GatewayConfiguration? start = null)
    {
        var configuration = start ?? GatewayConfiguration.Empty;
        var errors = new List<ConfigurationError>();
        var tokens = new List<Token>();
        var lines = text.Split('\n');
        for (int index = 0; index < lines.Length; index++)
        {
            string line = lines[index].TrimEnd('\r');
            var outcome = ApplyStatement(configuration, line, tokens, out var error);
            if (error is not null) errors.Add(error with { Line = index + 1 });
            else configuration = outcome;
        }
        if (errors.Count > 0) return ConfigurationResult.Failed(errors);
        var problems = ConfigurationValidator.Validate(configuration);
        return problems.Count > 0 ? ConfigurationResult.Failed(problems) : ConfigurationResult.Succeeded(configuration);
    }

    /// <summary>
    /// Applies one statement to <paramref name="configuration"/> and returns the new configuration; on error
    /// returns the input unchanged. Blank and comment lines change nothing.
    /// </summary>
    public static GatewayConfiguration ApplyStatement(GatewayConfiguration configuration, string line, out ConfigurationError? error) =>
        ApplyStatement(configuration, line, new List<Token>(), out error);

    private static GatewayConfiguration ApplyStatement(GatewayConfiguration configuration, string line, List<Token> tokens, out ConfigurationError? error)
    {
        if (!Tokenizer.TrySplit(line, tokens, out error)) return configuration;
        if (tokens.Count == 0) return configuration;

        var root = ConfigurationSchema.Root;
        if (tokens[0].Text != root.Keyword)
        {
            error = new ConfigurationError(0, tokens[0].Column, $"unknown command '{tokens[0].Text}' (expected: {root.Keyword})");
            return configuration;
        }

        SchemaNode node = root;
        var tags = new List<string>();
        int at = 1;
        while (node is KeywordNode keyword)
        {
            if (at >= tokens.Count)
            {
                error = new ConfigurationError(0, 0, $"incomplete statement: '{Words(tokens)}' must be followed by one of: {Choices(keyword)}");
                return configuration;
            }
            if (keyword is TagNode tag)
            {
                // The name chosen by the user comes right after the tag's keyword.
                var name = tag.NameKind.TryParse(tokens[at].Text, out string nameError);
                if (name is null)
                {
                    error = new ConfigurationError(0, tokens[at].Column, $"invalid {tag.Keyword} name '{tokens[at].Text}': {nameError}");
                    return configuration;
                }
                // Names are kept as text; a kind that parses to a value (a network) gives its canonical form.
                tags.Add(name as string ?? name.ToString()!);
                at++;
                if (at >= tokens.Count && tag.CanStandAlone)
                    return tag.ApplyAlone(configuration, tags);
                if (at >= tokens.Count)
                {
                    error = new ConfigurationError(0, 0, $"incomplete statement: '{Words(tokens)}' must be followed by one of: {Choices(keyword)}");
                    return configuration;
                }
            }
            var next = keyword.Find(tokens[at].Text);
            if (next is null)
            {
                error = new ConfigurationError(0, tokens[at].Column, $"unknown word '{tokens[at].Text}' (expected one of: {Choices(keyword)})");
                return configuration;
            }
            node = next;
            at++;
        }

        var leaf = (ValueNode)node;
        int wanted = leaf.Kinds.Count;
        if (tokens.Count - at < wanted)
        {
            error = new ConfigurationError(0, 0, $"'{Words(tokens)}' needs {(wanted == 1 ? "a value" : "values")} {leaf.Placeholders}");
            return configuration;
        }
        if (tokens.Count - at > wanted)
        {
            var extra = tokens[at + wanted];
            error = new ConfigurationError(0, extra.Column, $"unexpected '{extra.Text}' after the value of '{leaf.Keyword}'");
            return configuration;
        }
        var values = new object[wanted];
        for (int i = 0; i < wanted; i++)
        {
            var token = tokens[at + i];
            var value = leaf.Kinds[i].TryParse(token.Text, out string reason);
            if (value is null)
            {
                error = new ConfigurationError(0, token.Column, $"invalid {leaf.Keyword} '{token.Text}': {reason}");
                return configuration;
            }
            values[i] = value;
        }
        if (leaf.Check(configuration, values) is { } problem)
        {
            var token = tokens[at + problem.ValueIndex];
            error = new ConfigurationError(0, token.Column, $"invalid {leaf.Keyword} '{token.Text}': {problem.Reason}");
            return configuration;
        }
        return leaf.Apply(configuration, tags, values);
    }

    private static string Choices(KeywordNode node)
    {
        var words = new string[node.Children.Count];
        for (int i = 0; i < words.Length; i++) words[i] = node.Children[i].Keyword;
        return string.Join(", ", words);
    }

    private static string Words(List<Token> tokens)
    {
        var words = new string[tokens.Count];
        for (int i = 0; i < words.Length; i++) words[i] = tokens[i].Text;
        return string.Join(' ', words);
    }
}

/// <summary>A parsed configuration, or the reasons there is none.</summary>
public sealed class ConfigurationResult
{
    private ConfigurationResult(GatewayConfiguration? configuration, IReadOnlyList<ConfigurationError> errors)
    {
        Configuration = configuration;
        Errors = errors;
    }

    public GatewayConfiguration? Configuration { get; }
    public IReadOnlyList<ConfigurationError> Errors { get; }
    public bool Success => Configuration is not null;

    public static ConfigurationResult Succeeded(GatewayConfiguration configuration) => new(configuration, []);
    public static ConfigurationResult Failed(IReadOnlyList<ConfigurationError> errors) => new(null, errors);
}
