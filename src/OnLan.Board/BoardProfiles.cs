namespace OnLan.Board;

/// <summary>The profiles under a board root (the image's <c>board/</c> directory): one directory per board.</summary>
public static class BoardProfiles
{
    /// <summary>The names of the boards that have a board.conf, sorted.</summary>
    public static IReadOnlyList<string> Names(string boardRoot)
    {
        if (!Directory.Exists(boardRoot)) return [];
        return Directory.GetDirectories(boardRoot)
            .Where(d => File.Exists(Path.Combine(d, BoardProfile.FileName)))
            .Select(d => Path.GetFileName(d))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Loads <c>BOARDROOT/NAME/board.conf</c> (what <c>set system board NAME</c> picks).</summary>
    public static BoardProfileResult Find(string boardRoot, string name)
    {
        string file = Path.Combine(boardRoot, name, BoardProfile.FileName);
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            return Error($"'{name}' is not a board name (letters, digits, '-' and '_')");
        if (!File.Exists(file))
        {
            var known = Names(boardRoot);
            return Error($"no board '{name}' (known: {(known.Count == 0 ? "none" : string.Join(", ", known))})");
        }
        return BoardProfile.Load(Path.Combine(boardRoot, name));

        BoardProfileResult Error(string message) => new(null, [new BoardProfileError(file, 0, message)]);
    }
}
