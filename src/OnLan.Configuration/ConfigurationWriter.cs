using System.Text;

namespace OnLan.Configuration;

/// <summary>Writes a configuration back as the <c>set</c> statements that make it, in schema order.</summary>
public static class ConfigurationWriter
{
    public static string Write(GatewayConfiguration configuration)
    {
        var text = new StringBuilder();
        Walk(ConfigurationSchema.Root, ConfigurationSchema.Root.Keyword, [], configuration, text);
        return text.ToString();
    }

    private static void Walk(SchemaNode node, string path, List<string> tags, GatewayConfiguration configuration, StringBuilder text)
    {
        switch (node)
        {
            case TagNode tag:
                foreach (string name in tag.Instances(configuration))
                {
                    tags.Add(name);
                    int before = text.Length;
                    foreach (var child in tag.Children)
                        Walk(child, $"{path} {Quote(name)} {child.Keyword}", tags, configuration, text);
                    if (text.Length == before && tag.CanStandAlone)
                        text.Append(path).Append(' ').Append(Quote(name)).Append('\n');
                    tags.RemoveAt(tags.Count - 1);
                }
                break;
            case KeywordNode keyword:
                foreach (var child in keyword.Children)
                    Walk(child, $"{path} {child.Keyword}", tags, configuration, text);
                break;
            case ValueNode value:
                foreach (var values in value.Read(configuration, tags))
                {
                    text.Append(path);
                    foreach (var v in values) text.Append(' ').Append(Quote(v));
                    text.Append('\n');
                }
                break;
        }
    }

    private static string Quote(string value) =>
        value.Length == 0 || value.AsSpan().IndexOfAny(" \t#\"") >= 0 ? $"\"{value}\"" : value;
}
