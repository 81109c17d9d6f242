namespace OnLan.Cli.Statements;

/// <summary>
/// The statements that differ between two configurations' texts, in the order they come in: <c>- set …</c> for one
/// only in <c>from</c>, <c>+ set …</c> for one only in <c>to</c>. A longest-common-subsequence diff: configurations
/// are a few hundred lines, so the quadratic table is small.
/// </summary>
public static class ConfigurationDiff
{
    public static IReadOnlyList<string> Lines(string from, string to)
    {
        var a = from.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var b = to.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var common = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
            for (int j = b.Length - 1; j >= 0; j--)
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);

        var lines = new List<string>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { x++; y++; }
            // On a tie the removal comes first, as diff(1) shows a changed line: "- old" then "+ new".
            else if (x < a.Length && (y == b.Length || common[x + 1, y] >= common[x, y + 1])) lines.Add("- " + a[x++]);
            else lines.Add("+ " + b[y++]);
        }
        return lines;
    }
}
