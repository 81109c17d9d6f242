namespace OnLan.Cli.Commands;

/// <summary>
/// Splits a command line the way <see cref="OnLan.Configuration.Tokenizer"/> splits a configuration line (whitespace
/// separates, double quotes group, '#' at the start of a word begins a comment), so a <c>set</c> typed at the console
/// and the same line in the file mean the same thing. Also says whether the line ends inside a word or quote, which
/// completion needs.
/// </summary>
public static class CliTokenizer
{
    /// <summary>
    /// Splits <paramref name="line"/>. Returns false, with the column of the opening quote, when a quote is not
    /// closed; the open quote's text still comes as the last token (completion uses it).
    /// </summary>
    /// <param name="endsInWord">True when the last token runs to the end of the line (the cursor is inside it).</param>
    public static bool Split(string line, List<CliToken> tokens, out bool endsInWord, out int unclosedQuoteColumn)
    {
        tokens.Clear();
        endsInWord = false;
        unclosedQuoteColumn = 0;
        int i = 0;
        while (i < line.Length)
        {
            char c = line[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '#') { endsInWord = false; return true; }
            int start = i;
            if (c == '"')
            {
                int close = line.IndexOf('"', i + 1);
                if (close < 0)
                {
                    tokens.Add(new CliToken(line[(i + 1)..], start + 1, line.Length - start));
                    endsInWord = true;
                    unclosedQuoteColumn = start + 1;
                    return false;
                }
                tokens.Add(new CliToken(line[(i + 1)..close], start + 1, close + 1 - start));
                i = close + 1;
                endsInWord = i == line.Length;
                continue;
            }
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            tokens.Add(new CliToken(line[start..i], start + 1, i - start));
            endsInWord = i == line.Length;
        }
        return true;
    }

    /// <summary>The word as it must be written on a line to read back as <paramref name="text"/>.</summary>
    public static string Quote(string text) =>
        text.Length == 0 || text.StartsWith('#') || text.AsSpan().IndexOfAny(" \t\r\n\"") >= 0 ? $"\"{text}\"" : text;
}
