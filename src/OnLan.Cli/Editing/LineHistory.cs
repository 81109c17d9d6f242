namespace OnLan.Cli.Editing;

/// <summary>
/// Lines entered, oldest first, bounded: the oldest goes when full. A line equal to the one before it is not kept
/// again, so Up never shows the same line twice in a row.
/// </summary>
public sealed class LineHistory(int capacity = LineHistory.DefaultCapacity)
{
    public const int DefaultCapacity = 100;

    private readonly List<string> _lines = [];

    public int Count => _lines.Count;

    public string this[int index] => _lines[index];

    public void Add(string line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        if (_lines.Count > 0 && _lines[^1] == line) return;
        if (_lines.Count == capacity) _lines.RemoveAt(0);
        _lines.Add(line);
    }
}
