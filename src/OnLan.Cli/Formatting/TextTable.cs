using System.Text;

namespace OnLan.Cli.Formatting;

/// <summary>Rows under upper-case headers, each column as wide as its widest cell, two spaces apart.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(StringBuilder output)
    {
        var widths = new int[headers.Length];
        for (int c = 0; c < headers.Length; c++) widths[c] = headers[c].Length;
        foreach (var row in _rows)
            for (int c = 0; c < headers.Length && c < row.Length; c++) widths[c] = Math.Max(widths[c], row[c].Length);
        WriteRow(output, headers, widths);
        foreach (var row in _rows) WriteRow(output, row, widths);
    }

    private static void WriteRow(StringBuilder output, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (int c = 0; c < widths.Length; c++)
        {
            string cell = c < cells.Length ? cells[c] : "";
            line.Append(cell);
            if (c < widths.Length - 1) line.Append(' ', widths[c] - cell.Length + 2);
        }
        output.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
