using System.Globalization;
using System.Text;

namespace OnLan.Testing.StrongSwan;

/// <summary>Writes values in strongSwan's settings syntax (swanctl.conf and strongswan.conf share it).</summary>
internal static class SwanctlText
{
    /// <summary>A double-quoted string; the settings lexer takes <c>\"</c> and <c>\\</c> inside quotes.</summary>
    public static string Quote(string value, string what)
    {
        if (value.AsSpan().IndexOfAny('\n', '\r', '\0') >= 0) throw new ArgumentException($"{what} must be one line", what);
        return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A value written as is (proposals, selectors, durations): refused when it could end the line or block.</summary>
    public static string Bare(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || value.AsSpan().IndexOfAny("\n\r\0\"#{}=") >= 0)
        {
            throw new ArgumentException($"{what} '{value}' is empty or holds one of \\n \\r \" # {{ }} =", what);
        }
        return value.Trim();
    }

    public static string YesNo(bool value) => value ? "yes" : "no";

    public static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Appends raw lines (indented) when there are any.</summary>
    public static void AppendRaw(StringBuilder text, string? raw, string indent)
    {
        if (string.IsNullOrWhiteSpace(raw)) return;
        foreach (string line in raw.Split('\n')) text.Append(indent).AppendLine(line.TrimEnd('\r'));
    }
}
