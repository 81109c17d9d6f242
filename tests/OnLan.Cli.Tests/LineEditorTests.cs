using System.Text;
using OnLan.Cli.Editing;

namespace OnLan.Cli.Tests;

public sealed class LineEditorTests
{
    private sealed class RecordingAssist : ILineAssist
    {
        public List<string> Completions { get; } = [];
        public List<string> Helps { get; } = [];
        public Completion Answer { get; set; } = new("ow ", null);

        public Completion Complete(string beforeCursor)
        {
            Completions.Add(beforeCursor);
            return Answer;
        }

        public string Help(string beforeCursor)
        {
            Helps.Add(beforeCursor);
            return "Possible completions:\n  status    State";
        }
    }

    private static LineEditor Editor(ILineAssist? assist = null, LineHistory? history = null)
    {
        var editor = new LineEditor(interactive: true, assist, history);
        editor.Feed(""u8); // nothing
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        editor.BeginLine("onlan> ", output);
        return editor;
    }

    private static EditorOutput Type(LineEditor editor, string keys) => editor.Feed(Encoding.UTF8.GetBytes(keys));

    [Fact]
    public void Printable_characters_are_echoed_and_kept()
    {
        var editor = Editor();
        var result = Type(editor, "show");
        Assert.Equal("show", result.Text);
        Assert.Equal("show", editor.Text);
        Assert.Equal(4, editor.Cursor);
    }

    [Fact]
    public void Multibyte_utf8_is_one_character_even_when_split_across_feeds()
    {
        var editor = Editor();
        byte[] e = Encoding.UTF8.GetBytes("é");
        editor.Feed(new[] { (byte)'a', e[0] });
        editor.Feed(new[] { e[1], (byte)'b' });
        Assert.Equal("aéb", editor.Text);
        Type(editor, "\x1b[D\x1b[DX");
        Assert.Equal("aXéb", editor.Text);
    }

    [Theory]
    [InlineData("\x7f")]
    [InlineData("\b")]
    public void Backspace_removes_the_character_before_the_cursor(string key)
    {
        var editor = Editor();
        Type(editor, "shox");
        var result = Type(editor, key);
        Assert.Equal("sho", editor.Text);
        Assert.Equal("\b \b", result.Text);
        Type(editor, "\x1b[D" + key);
        Assert.Equal("so", editor.Text);
        Assert.Equal(1, editor.Cursor);
    }

    [Fact]
    public void Backspace_at_the_start_rings_the_bell()
    {
        var editor = Editor();
        Assert.Equal("\a", Type(editor, "\x7f").Text);
        Assert.Equal("", editor.Text);
    }

    [Fact]
    public void Delete_removes_the_character_under_the_cursor()
    {
        var editor = Editor();
        Type(editor, "abc\x1b[D\x1b[D\x1b[3~");
        Assert.Equal("ac", editor.Text);
        Assert.Equal(1, editor.Cursor);
    }

    [Theory]
    [InlineData("\x1b[D", "\x1b[C")]
    [InlineData("\x1bOD", "\x1bOC")]
    [InlineData("\x02", "\x06")]
    public void Left_and_right_move_the_cursor(string left, string right)
    {
        var editor = Editor();
        Type(editor, "ac" + left + "b");
        Assert.Equal("abc", editor.Text);
        Type(editor, left + left + right + "X");
        Assert.Equal("aXbc", editor.Text);
        Type(editor, right + right + right + right + "Z"); // right stops at the end
        Assert.Equal("aXbcZ", editor.Text);
    }

    [Theory]
    [InlineData("\x1b[H", "\x1b[F")]
    [InlineData("\x1b[1~", "\x1b[4~")]
    [InlineData("\x1b[7~", "\x1b[8~")]
    [InlineData("\x1bOH", "\x1bOF")]
    [InlineData("\x01", "\x05")]
    public void Home_and_end_jump_to_the_ends_of_the_line(string home, string end)
    {
        var editor = Editor();
        Type(editor, "how" + home + "s");
        Assert.Equal("show", editor.Text);
        Assert.Equal(1, editor.Cursor);
        Type(editor, end + " x");
        Assert.Equal("show x", editor.Text);
    }

    [Fact]
    public void Redraw_after_an_edit_in_the_middle_puts_the_cursor_back()
    {
        var editor = Editor();
        Type(editor, "shw\x1b[D");
        var result = Type(editor, "o");
        Assert.Equal("\ronlan> show\x1b[K\x1b[1D", result.Text);
    }

    [Fact]
    public void Ctrl_K_kills_to_the_end_and_Ctrl_U_to_the_start()
    {
        var editor = Editor();
        Type(editor, "show sessions\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x0b");
        Assert.Equal("show ", editor.Text);
        Type(editor, "status\x1b[D\x1b[D\x15");
        Assert.Equal("us", editor.Text);
        Assert.Equal(0, editor.Cursor);
    }

    [Fact]
    public void Ctrl_W_kills_the_word_before_the_cursor()
    {
        var editor = Editor();
        Type(editor, "set vpn pool  \x17");
        Assert.Equal("set vpn ", editor.Text);
        Type(editor, "\x17\x17\x17");
        Assert.Equal("", editor.Text);
    }

    [Fact]
    public void Ctrl_C_cancels_the_line_and_prompts_again()
    {
        var editor = Editor();
        var result = Type(editor, "show sess\x03");
        Assert.Empty(result.Lines);
        Assert.Equal("", editor.Text);
        Assert.EndsWith("^C\r\nonlan> ", result.Text);
        Assert.Equal("status", Type(editor, "status\r").Lines.Single());
    }

    [Fact]
    public void Ctrl_D_ends_input_on_an_empty_line_and_deletes_otherwise()
    {
        var editor = Editor();
        var result = Type(editor, "ab\x01\x04");
        Assert.False(result.EndOfInput);
        Assert.Equal("b", editor.Text);
        Type(editor, "\x04");
        Assert.True(Type(editor, "\x04").EndOfInput);
    }

    [Fact]
    public void Enter_is_CR_LF_or_CRLF_counted_once()
    {
        var editor = Editor();
        var result = Type(editor, "a\r\nb\rc\nd\r\r\n");
        Assert.Equal(["a", "b", "c", "d", ""], result.Lines);
    }

    [Fact]
    public void CRLF_split_across_two_feeds_is_still_one_enter()
    {
        var editor = Editor();
        Assert.Single(Type(editor, "a\r").Lines);
        Assert.Empty(Type(editor, "\n").Lines);
    }

    [Fact]
    public void Up_and_down_walk_the_history_and_come_back_to_the_draft()
    {
        var editor = Editor();
        Type(editor, "one\rtwo\rdraft");
        Type(editor, "\x1b[A");
        Assert.Equal("two", editor.Text);
        Type(editor, "\x1b[A");
        Assert.Equal("one", editor.Text);
        Assert.Equal("\a", Type(editor, "\x1b[A").Text); // nothing older
        Type(editor, "\x1b[B\x1b[B");
        Assert.Equal("draft", editor.Text);
        Type(editor, "\x1b[A\r");
        Assert.Equal(["one", "two"], Enumerable.Range(0, editor.History.Count).Select(i => editor.History[i])); // no "two" twice in a row
    }

    [Fact]
    public void History_is_bounded_and_keeps_no_duplicates_in_a_row()
    {
        var history = new LineHistory(capacity: 3);
        var editor = Editor(history: history);
        Type(editor, "a\ra\rb\rc\rd\r\r   \r");
        Assert.Equal(3, history.Count);
        Assert.Equal(["b", "c", "d"], Enumerable.Range(0, history.Count).Select(i => history[i]));
    }

    [Fact]
    public void Tab_asks_for_a_completion_of_the_text_before_the_cursor_and_inserts_it()
    {
        var assist = new RecordingAssist();
        var editor = Editor(assist);
        var result = Type(editor, "sh\t");
        Assert.Equal(["sh"], assist.Completions);
        Assert.Equal("show ", editor.Text);
        Assert.Equal("show ", result.Text);
    }

    [Fact]
    public void Tab_with_a_listing_prints_it_below_and_redraws_the_line()
    {
        var assist = new RecordingAssist { Answer = new Completion("", "  status\n  sessions\n") };
        var editor = Editor(assist);
        var result = Type(editor, "show s\t");
        Assert.Equal("show s\r\n  status\r\n  sessions\r\n\ronlan> show s\x1b[K", result.Text);
        Assert.Equal("show s", editor.Text);
    }

    [Fact]
    public void Question_mark_prints_help_and_redraws_without_entering_the_mark()
    {
        var assist = new RecordingAssist();
        var editor = Editor(assist);
        var result = Type(editor, "show ?");
        Assert.Equal(["show "], assist.Helps);
        Assert.Equal("show ", editor.Text);
        Assert.EndsWith("?\r\nPossible completions:\r\n  status    State\r\n\ronlan> show \x1b[K", result.Text);
    }

    [Fact]
    public void Question_mark_inside_quotes_is_literal()
    {
        var assist = new RecordingAssist();
        var editor = Editor(assist);
        Type(editor, "set x \"why?\" ?");
        Assert.Equal("set x \"why?\" ", editor.Text);
        Assert.Single(assist.Helps);
    }

    [Theory]
    [InlineData("\x1b[15~")]   // F5
    [InlineData("\x1b[1;5P")]  // Ctrl-F1
    [InlineData("\x1bx")]      // Alt-x
    [InlineData("\x1b[200~")]  // bracketed paste start
    [InlineData("\x1bOP")]     // F1
    [InlineData("\x1b[?25h")]  // private mode
    [InlineData("\x1b[Z")]     // Shift-Tab
    public void Unknown_escape_sequences_are_swallowed(string sequence)
    {
        var editor = Editor();
        Type(editor, "ab");
        var result = Type(editor, sequence + "c");
        Assert.Equal("abc", editor.Text);
        Assert.Equal("c", result.Text);
    }

    [Fact]
    public void Other_control_bytes_are_swallowed()
    {
        var editor = Editor();
        var result = Type(editor, "a\u0000\u0007\u001f\u0012b");
        Assert.Equal("ab", editor.Text);
        Assert.Equal("ab", result.Text);
    }

    [Fact]
    public void A_line_stops_growing_at_the_maximum_length()
    {
        var editor = Editor();
        Type(editor, new string('x', LineEditor.MaxLineLength + 10));
        Assert.Equal(LineEditor.MaxLineLength, editor.Text.Length);
    }

    [Fact]
    public void A_script_is_only_split_into_lines_without_echo()
    {
        var editor = new LineEditor(interactive: false, new RecordingAssist());
        var result = editor.Feed("show ?\tstatus\r\nconfigure\nset \x1b[D x"u8);
        Assert.Empty(result.Output);
        Assert.Equal(["show ?\tstatus", "configure"], result.Lines);
        Assert.Equal("set \x1b[D x", editor.TakeUnterminatedLine());
        Assert.Null(editor.TakeUnterminatedLine());
    }

    [Fact]
    public void A_script_line_that_is_too_long_is_refused_whole()
    {
        var editor = new LineEditor(interactive: false);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        byte[] input = Encoding.ASCII.GetBytes(new string('x', LineEditor.MaxLineLength + 1) + "\nok\n");
        int consumed = editor.Feed(input, output, out var @event, out string? line);
        Assert.Equal(EditorEvent.LineTooLong, @event);
        Assert.Null(line);
        editor.Feed(input.AsSpan(consumed), output, out @event, out line);
        Assert.Equal((EditorEvent.Line, "ok"), (@event, line));
    }
}
