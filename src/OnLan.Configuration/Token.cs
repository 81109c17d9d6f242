namespace OnLan.Configuration;

/// <summary>A word of a statement and where it starts (1-based column), for errors that point at it.</summary>
public readonly record struct Token(string Text, int Column);

public static class Tokenizer
{
    /// <summary>
    /// Splits a line into words. Whitespace separates; double quotes group (for values with spaces, later:
    /// domain search lists, passwords); '#' outside quotes starts a comment. Returns false for an unclosed quote.
    /// </summary>
    public static bool TrySplit(string line, List<Token> tokens, out ConfigurationError? error)
    {
        tokens.Clear();
        error = null;
        int i = 0;
        while (i < line.Length)
        {
            char c = line[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '#') break;
            int start = i;
            if (c == '"')
            {
                int close = line.IndexOf('"', i + 1);
                if (close < 0)
                {
                    error = new ConfigurationError(0, start + 1, "unclosed quote");
                    return false;
                }
                tokens.Add(new Token(line[(i + 1)..close], start + 1));
                i = close + 1;
                continue;
            }
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            tokens.Add(new Token(line[start..i], start + 1));
        }
        return true;
    }
}
