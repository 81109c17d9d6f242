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
        int at = 1;
        while (node is KeywordNode keyword)
        {
            if (at >= tokens.Count)
            {
                error = new ConfigurationError(0, 0, $"incomplete statement: '{Words(tokens)}' must be followed by one of: {Choices(keyword)}");
                return configuration;
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
        if (at >= tokens.Count)
        {
            error = new ConfigurationError(0, 0, $"'{Words(tokens)}' needs a value {leaf.Kind.Placeholder}");
            return configuration;
        }
        if (at + 1 < tokens.Count)
        {
            error = new ConfigurationError(0, tokens[at + 1].Column, $"unexpected '{tokens[at + 1].Text}' after the value of '{leaf.Keyword}'");
            return configuration;
        }
        var value = leaf.Kind.TryParse(tokens[at].Text, out string reason);
        if (value is null)
        {
            error = new ConfigurationError(0, tokens[at].Column, $"invalid {leaf.Keyword} '{tokens[at].Text}': {reason}");
            return configuration;
        }
        return leaf.Apply(configuration, value);
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
