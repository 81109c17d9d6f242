namespace OnLan.Cli.Commands;

/// <summary>
/// How a typed word picks a keyword: an exact match wins, else a prefix shared by exactly one keyword
/// (<c>sh int</c> = <c>show interfaces</c>).
/// </summary>
public static class WordMatch
{
    /// <returns>The keyword, or null; then <paramref name="ambiguous"/> lists the keywords the prefix fits (empty: none).</returns>
    public static string? Find(string typed, IEnumerable<string> keywords, out List<string> ambiguous)
    {
        ambiguous = [];
        if (typed.Length == 0) return null;
        foreach (var keyword in keywords)
        {
            if (keyword == typed) return keyword;
            if (keyword.StartsWith(typed, StringComparison.Ordinal)) ambiguous.Add(keyword);
        }
        if (ambiguous.Count == 1)
        {
            string only = ambiguous[0];
            ambiguous.Clear();
            return only;
        }
        return null;
    }

    public static string AmbiguousMessage(string typed, List<string> candidates) =>
        $"'{typed}' is ambiguous: it may be {string.Join(", ", candidates)}";
}
