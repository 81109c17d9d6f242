using System.Buffers;
using System.Text;

namespace OnLan.Cli.Editing;

/// <summary>
/// A VT100 line editor without I/O: bytes from the terminal go in, the bytes to echo or redraw come out, and a line
/// comes back when Enter is pressed. The caller owns the terminal (raw mode, reads and writes).
/// </summary>
/// <remarks>
/// <para>
/// Interactive keys: printable UTF-8; Backspace (0x7f, 0x08); Delete (ESC[3~); Left/Right (ESC[D/ESC[C, ESC O D/C,
/// Ctrl-B/Ctrl-F); Home/End (ESC[H/ESC[F, ESC[1~/ESC[4~, ESC[7~/ESC[8~, ESC O H/F, Ctrl-A/Ctrl-E); Ctrl-K (kill to
/// end), Ctrl-U (kill to start), Ctrl-W (kill the word before the cursor), Ctrl-L (clear screen), Ctrl-C (cancel the
/// line), Ctrl-D (end of input on an empty line, else delete under the cursor); Up/Down (ESC[A/ESC[B, Ctrl-P/Ctrl-N)
/// walk the history; Tab and <c>?</c> ask <see cref="ILineAssist"/> (a <c>?</c> inside double quotes is literal);
/// Enter is CR, LF or CRLF (counted once). Other control bytes and unknown escape sequences are swallowed, never
/// echoed.
/// </para>
/// <para>
/// Every character is taken to be one column wide and the line to fit on one terminal row: a redraw is "CR, prompt,
/// line, erase to end, cursor back". Long lines on a narrow terminal redraw badly but edit correctly.
/// </para>
/// <para>Non-interactive (a script on a pipe): no echo, no editing; bytes are only split into lines.</para>
/// </remarks>
public sealed class LineEditor(bool interactive, ILineAssist? assist = null, LineHistory? history = null)
{
    /// <summary>Longest line accepted, in characters (interactive) or bytes (script).</summary>
    public const int MaxLineLength = 4096;

    private const byte Escape = 0x1b;
    private static readonly byte[] Bell = [0x07];
    private static readonly byte[] NewLine = "\r\n"u8.ToArray();

    private enum EscapeState { Ground, Escape, Csi, Ss3 }

    private readonly List<Rune> _line = [];
    private int _cursor;
    private string _prompt = "";
    private bool _afterCarriageReturn;

    private EscapeState _escape;
    private int _csiParameter;    // the first numeric parameter of a CSI sequence, capped
    private bool _csiSecondParameter;

    private readonly byte[] _utf8 = new byte[4];
    private int _utf8Count, _utf8Expected;

    private int _historyIndex;
    private string _draft = "";

    private readonly List<byte> _scriptLine = [];
    private bool _scriptLineTooLong;

    public bool Interactive { get; } = interactive;
    public LineHistory History { get; } = history ?? new LineHistory();

    /// <summary>The line being edited.</summary>
    public string Text
    {
        get
        {
            var text = new StringBuilder(_line.Count);
            foreach (var rune in _line) text.Append(rune.ToString());
            return text.ToString();
        }
    }

    /// <summary>The cursor, in characters from the start of the line.</summary>
    public int Cursor => _cursor;

    public string Prompt => _prompt;

    /// <summary>Starts a new, empty line: writes <paramref name="prompt"/> (interactive only).</summary>
    public void BeginLine(string prompt, IBufferWriter<byte> output)
    {
        _prompt = prompt;
        _line.Clear();
        _cursor = 0;
        _historyIndex = History.Count;
        _draft = "";
        if (Interactive) Write(output, prompt);
    }

    /// <summary>
    /// Consumes <paramref name="input"/> up to the first event (a line, end of input) or to its end, writing echo
    /// and redraws to <paramref name="output"/>. Returns how many bytes were consumed: the caller acts on the event,
    /// calls <see cref="BeginLine"/>, and feeds the rest.
    /// </summary>
    public int Feed(ReadOnlySpan<byte> input, IBufferWriter<byte> output, out EditorEvent @event, out string? line)
    {
        @event = EditorEvent.None;
        line = null;
        for (int i = 0; i < input.Length; i++)
        {
            @event = Interactive ? Key(input[i], output, out line) : ScriptByte(input[i], out line);
            if (@event != EditorEvent.None) return i + 1;
        }
        return input.Length;
    }

    /// <summary>
    /// Feeds everything, starting each new line with the same prompt: for tests and simple callers whose prompt
    /// never changes.
    /// </summary>
    public EditorOutput Feed(ReadOnlySpan<byte> input)
    {
        var output = new ArrayBufferWriter<byte>();
        var lines = new List<string>();
        bool endOfInput = false;
        while (!input.IsEmpty)
        {
            int consumed = Feed(input, output, out var @event, out string? line);
            input = input[consumed..];
            if (@event == EditorEvent.Line) lines.Add(line!);
            if (@event == EditorEvent.EndOfInput) endOfInput = true;
            if (@event is EditorEvent.Line or EditorEvent.LineTooLong) BeginLine(_prompt, output);
        }
        return new EditorOutput(output.WrittenSpan.ToArray(), lines, endOfInput);
    }

    /// <summary>The end of a script's input: its last line when that had no line end, else null.</summary>
    public string? TakeUnterminatedLine()
    {
        if (Interactive || (_scriptLine.Count == 0 && !_scriptLineTooLong)) return null;
        string? line = _scriptLineTooLong ? null : Encoding.UTF8.GetString(_scriptLine.ToArray());
        _scriptLine.Clear();
        _scriptLineTooLong = false;
        return line;
    }

    private EditorEvent ScriptByte(byte b, out string? line)
    {
        line = null;
        bool afterCarriageReturn = _afterCarriageReturn;
        _afterCarriageReturn = b == '\r';
        if (b == '\n' && afterCarriageReturn) return EditorEvent.None;
        if (b is (byte)'\r' or (byte)'\n')
        {
            bool tooLong = _scriptLineTooLong;
            line = tooLong ? null : Encoding.UTF8.GetString(_scriptLine.ToArray());
            _scriptLine.Clear();
            _scriptLineTooLong = false;
            return tooLong ? EditorEvent.LineTooLong : EditorEvent.Line;
        }
        if (_scriptLine.Count < MaxLineLength) _scriptLine.Add(b);
        else _scriptLineTooLong = true;
        return EditorEvent.None;
    }

    private EditorEvent Key(byte b, IBufferWriter<byte> output, out string? line)
    {
        line = null;
        if (_escape != EscapeState.Ground)
        {
            _afterCarriageReturn = false;
            EscapeByte(b, output);
            return EditorEvent.None;
        }
        if (_utf8Count > 0)
        {
            if ((b & 0xC0) == 0x80)
            {
                _utf8[_utf8Count++] = b;
                if (_utf8Count == _utf8Expected)
                {
                    if (Rune.DecodeFromUtf8(_utf8.AsSpan(0, _utf8Count), out var rune, out _) == OperationStatus.Done) Insert(rune, output);
                    _utf8Count = 0;
                }
                return EditorEvent.None;
            }
            _utf8Count = 0; // a broken sequence is dropped; b starts afresh
        }

        bool afterCarriageReturn = _afterCarriageReturn;
        _afterCarriageReturn = b == '\r';
        switch (b)
        {
            case (byte)'\n' when afterCarriageReturn:
                return EditorEvent.None;
            case (byte)'\r' or (byte)'\n':
                line = Text;
                History.Add(line);
                output.Write(NewLine);
                _line.Clear();
                _cursor = 0;
                return EditorEvent.Line;
            case Escape:
                _escape = EscapeState.Escape;
                break;
            case 0x7f or 0x08:
                Backspace(output);
                break;
            case 0x01: MoveTo(0, output); break;            // Ctrl-A
            case 0x05: MoveTo(_line.Count, output); break;  // Ctrl-E
            case 0x02: Left(output); break;                 // Ctrl-B
            case 0x06: Right(output); break;                // Ctrl-F
            case 0x10: HistoryUp(output); break;            // Ctrl-P
            case 0x0e: HistoryDown(output); break;          // Ctrl-N
            case 0x0b:                                      // Ctrl-K
                _line.RemoveRange(_cursor, _line.Count - _cursor);
                Write(output, "\x1b[K");
                break;
            case 0x15:                                      // Ctrl-U
                _line.RemoveRange(0, _cursor);
                _cursor = 0;
                Redraw(output);
                break;
            case 0x17:                                      // Ctrl-W
                KillWordBefore(output);
                break;
            case 0x0c:                                      // Ctrl-L
                Write(output, "\x1b[H\x1b[2J");
                Redraw(output);
                break;
            case 0x03:                                      // Ctrl-C
                Write(output, "^C\r\n");
                BeginLine(_prompt, output);
                break;
            case 0x04:                                      // Ctrl-D
                if (_line.Count == 0)
                {
                    output.Write(NewLine);
                    return EditorEvent.EndOfInput;
                }
                DeleteUnderCursor(output);
                break;
            case (byte)'\t':
                Complete(output);
                break;
            case (byte)'?' when assist is not null && !InsideQuotes():
                ShowHelp(output);
                break;
            case < 0x20:
                break; // other control bytes: swallowed
            case < 0x80:
                Insert(new Rune(b), output);
                break;
            case >= 0xC2 and <= 0xDF: StartUtf8(b, 2); break;
            case >= 0xE0 and <= 0xEF: StartUtf8(b, 3); break;
            case >= 0xF0 and <= 0xF4: StartUtf8(b, 4); break;
            default:
                break; // a stray continuation byte or an invalid lead byte
        }
        return EditorEvent.None;
    }

    private void StartUtf8(byte lead, int length)
    {
        _utf8[0] = lead;
        _utf8Count = 1;
        _utf8Expected = length;
    }

    // ESC [ params final (CSI) and ESC O final (SS3). Only the first numeric parameter matters to us; the rest of a
    // sequence is swallowed whatever it holds, so a key we do not know never reaches the line.
    private void EscapeByte(byte b, IBufferWriter<byte> output)
    {
        switch (_escape)
        {
            case EscapeState.Escape:
                _escape = b switch
                {
                    (byte)'[' => EscapeState.Csi,
                    (byte)'O' => EscapeState.Ss3,
                    Escape => EscapeState.Escape,
                    _ => EscapeState.Ground, // Alt-<key>: swallowed
                };
                _csiParameter = 0;
                _csiSecondParameter = false;
                break;
            case EscapeState.Ss3:
                _escape = EscapeState.Ground;
                EscapeKey(b, 0, output);
                break;
            case EscapeState.Csi:
                if (b is >= (byte)'0' and <= (byte)'9')
                {
                    if (!_csiSecondParameter && _csiParameter < 1000) _csiParameter = _csiParameter * 10 + (b - '0');
                }
                else if (b == ';') _csiSecondParameter = true;
                else if (b is >= 0x20 and <= 0x3f) { } // other parameter and intermediate bytes
                else
                {
                    _escape = EscapeState.Ground;
                    if (b is >= 0x40 and <= 0x7e) EscapeKey(b, _csiParameter, output);
                    // any other byte aborts the sequence and is swallowed with it
                }
                break;
        }
    }

    private void EscapeKey(byte final, int parameter, IBufferWriter<byte> output)
    {
        switch (final, parameter)
        {
            case ((byte)'A', _): HistoryUp(output); break;
            case ((byte)'B', _): HistoryDown(output); break;
            case ((byte)'C', _): Right(output); break;
            case ((byte)'D', _): Left(output); break;
            case ((byte)'H', _): MoveTo(0, output); break;
            case ((byte)'F', _): MoveTo(_line.Count, output); break;
            case ((byte)'~', 1 or 7): MoveTo(0, output); break;
            case ((byte)'~', 4 or 8): MoveTo(_line.Count, output); break;
            case ((byte)'~', 3): DeleteUnderCursor(output); break;
        }
    }

    private void Insert(Rune rune, IBufferWriter<byte> output)
    {
        if (_line.Count >= MaxLineLength)
        {
            output.Write(Bell);
            return;
        }
        _line.Insert(_cursor, rune);
        _cursor++;
        if (_cursor == _line.Count) Write(output, rune.ToString());
        else Redraw(output);
    }

    private void InsertText(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (_line.Count >= MaxLineLength) return;
            _line.Insert(_cursor++, rune);
        }
    }

    private void Backspace(IBufferWriter<byte> output)
    {
        if (_cursor == 0)
        {
            output.Write(Bell);
            return;
        }
        _cursor--;
        _line.RemoveAt(_cursor);
        if (_cursor == _line.Count) Write(output, "\b \b");
        else Redraw(output);
    }

    private void DeleteUnderCursor(IBufferWriter<byte> output)
    {
        if (_cursor == _line.Count)
        {
            output.Write(Bell);
            return;
        }
        _line.RemoveAt(_cursor);
        Redraw(output);
    }

    private void KillWordBefore(IBufferWriter<byte> output)
    {
        int start = _cursor;
        while (start > 0 && Rune.IsWhiteSpace(_line[start - 1])) start--;
        while (start > 0 && !Rune.IsWhiteSpace(_line[start - 1])) start--;
        _line.RemoveRange(start, _cursor - start);
        _cursor = start;
        Redraw(output);
    }

    private void Left(IBufferWriter<byte> output)
    {
        if (_cursor == 0) return;
        _cursor--;
        Write(output, "\x1b[D");
    }

    private void Right(IBufferWriter<byte> output)
    {
        if (_cursor == _line.Count) return;
        _cursor++;
        Write(output, "\x1b[C");
    }

    private void MoveTo(int position, IBufferWriter<byte> output)
    {
        if (position == _cursor) return;
        _cursor = position;
        Redraw(output);
    }

    private void HistoryUp(IBufferWriter<byte> output)
    {
        if (_historyIndex == 0)
        {
            output.Write(Bell);
            return;
        }
        if (_historyIndex == History.Count) _draft = Text;
        _historyIndex--;
        Replace(History[_historyIndex], output);
    }

    private void HistoryDown(IBufferWriter<byte> output)
    {
        if (_historyIndex >= History.Count)
        {
            output.Write(Bell);
            return;
        }
        _historyIndex++;
        Replace(_historyIndex == History.Count ? _draft : History[_historyIndex], output);
    }

    private void Replace(string text, IBufferWriter<byte> output)
    {
        _line.Clear();
        _cursor = 0;
        InsertText(text);
        Redraw(output);
    }

    private void Complete(IBufferWriter<byte> output)
    {
        var completion = assist?.Complete(TextBeforeCursor()) ?? Completion.Nothing;
        if (completion.Listing is { } listing)
        {
            output.Write(NewLine);
            WriteListing(output, listing);
            InsertText(completion.Insert);
            Redraw(output);
        }
        else if (completion.Insert.Length > 0)
        {
            bool atEnd = _cursor == _line.Count;
            InsertText(completion.Insert);
            if (atEnd) Write(output, completion.Insert);
            else Redraw(output);
        }
        else output.Write(Bell);
    }

    private void ShowHelp(IBufferWriter<byte> output)
    {
        string listing = assist!.Help(TextBeforeCursor());
        Write(output, "?\r\n");
        WriteListing(output, listing);
        Redraw(output);
    }

    private static void WriteListing(IBufferWriter<byte> output, string listing)
    {
        foreach (var line in listing.TrimEnd('\n').Split('\n'))
        {
            Write(output, line);
            output.Write(NewLine);
        }
    }

    private bool InsideQuotes()
    {
        int quotes = 0;
        for (int i = 0; i < _cursor; i++)
            if (_line[i].Value == '"') quotes++;
        return quotes % 2 == 1;
    }

    private string TextBeforeCursor()
    {
        var text = new StringBuilder(_cursor);
        for (int i = 0; i < _cursor; i++) text.Append(_line[i].ToString());
        return text.ToString();
    }

    /// <summary>
    /// Writes the prompt and the line again, cursor in place: after output that came from elsewhere (CR, prompt, the
    /// whole line, erase what an older, longer line left, then the cursor back to its place).
    /// </summary>
    public void Redraw(IBufferWriter<byte> output)
    {
        Write(output, "\r");
        Write(output, _prompt);
        Write(output, Text);
        Write(output, "\x1b[K");
        int tail = _line.Count - _cursor;
        if (tail > 0) Write(output, $"\x1b[{tail}D");
    }

    private static void Write(IBufferWriter<byte> output, string text) => Encoding.UTF8.GetBytes(text, output);
}

/// <param name="Output">Echo and redraws to write to the terminal.</param>
/// <param name="Lines">Lines completed by Enter, in order.</param>
/// <param name="EndOfInput">Ctrl-D came on an empty line.</param>
public sealed record EditorOutput(byte[] Output, IReadOnlyList<string> Lines, bool EndOfInput)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Output);
}
