namespace OnLan.Cli.Editing;

/// <summary>What one call of <see cref="LineEditor.Feed(ReadOnlySpan{byte}, System.Buffers.IBufferWriter{byte}, out EditorEvent, out string?)"/> ended with.</summary>
public enum EditorEvent
{
    /// <summary>All input consumed; the line is still being edited.</summary>
    None,

    /// <summary>Enter: a completed line is returned; the caller runs it, then calls <see cref="LineEditor.BeginLine"/>.</summary>
    Line,

    /// <summary>Ctrl-D on an empty line (interactive) — the user wants out.</summary>
    EndOfInput,

    /// <summary>A script line longer than <see cref="LineEditor.MaxLineLength"/>: refused whole rather than cut.</summary>
    LineTooLong,
}
