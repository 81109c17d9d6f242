using System.Text;

namespace OnLan.Configuration;

/// <summary>Writes a configuration back as the <c>set</c> statements that make it, in schema order.</summary>
public static class ConfigurationWriter
{
    public static string Write(GatewayConfiguration configuration)
    {
        var text = new StringBuilder();
        Walk(ConfigurationSchema.Root, ConfigurationSchema.Root.Keyword, configuration, text);
        return text.ToString();
    }

    private static void Walk(SchemaNode node, string path, GatewayConfiguration configuration, StringBuilder text)
    {
        switch (node)
        {
            case KeywordNode keyword:
                foreach (var child in keyword.Children)
                    Walk(child, $"{path} {child.Keyword}", configuration, text);
                break;
            case ValueNode value when value.Read(configuration) is { } current:
                text.Append(path).Append(' ').Append(Quote(current)).Append('\n');
                break;
        }
    }

    private static string Quote(string value) =>
        value.Length == 0 || value.AsSpan().IndexOfAny(" \t#\"") >= 0 ? $"\"{value}\"" : value;
}
