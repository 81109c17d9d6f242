using System.Buffers;
using System.Text;
using OnLan.Cli.Commands;
using OnLan.Cli.Editing;
using OnLan.Cli.Statements;
using OnLan.Configuration;

namespace OnLan.Cli;

/// <summary>
/// One console session, without I/O: bytes from the user go in through <see cref="Feed"/>, the bytes to write back
/// come out. Operational mode (<c>onlan&gt; </c>) shows and acts on the gateway; configuration mode (<c>onlan# </c>,
/// each prompt preceded by an <c>[edit]</c> line, as in Junos) edits a candidate that only <c>commit</c> puts into force.
/// </summary>
/// <remarks>
/// Not thread-safe: the host calls one session from one thread at a time. Sessions share their gateway's
/// <see cref="CommitCoordinator"/>, which is. Every error the user sees is a line that starts with <c>error: </c>.
/// </remarks>
public sealed partial class CliSession : ICommandContext, ILineAssist
{
    public const string OperationalPrompt = "onlan> ";
    public const string ConfigurationPrompt = "onlan# ";
    public const string EditBanner = "[edit]";
    private const string ResetPoolQuestion = "Reset the pool: every session ends and every lease is freed. Continue? [y/N] ";
    private const string PowerOffQuestion = "Power the board off: every session ends until someone switches it on again. Continue? [y/N] ";
    private const string RebootQuestion = "Restart the board: every session ends for about a minute. Continue? [y/N] ";

    private readonly LineEditor _editor;
    private readonly StringBuilder _output = new(); // a command's output, lines ending in '\n'
    // A question asked at a terminal before a command acts (reset pool, poweroff, reboot): the next line answers it.
    private sealed record Question(string Text, string Help, Func<bool> Yes, string No);
    private Question? _question;

    private CliSession(CommitCoordinator commits, CliSessionKind kind)
    {
        Commits = commits;
        Kind = kind;
        _editor = new LineEditor(interactive: kind == CliSessionKind.Terminal, assist: this);
    }

    /// <summary>A session for a person at a terminal: call <see cref="Start"/>, then <see cref="Feed"/> with what they type.</summary>
    public static CliSession ForTerminal(CommitCoordinator commits) => new(commits, CliSessionKind.Terminal);

    /// <summary>A session for a script: <see cref="Feed"/> its bytes, then <see cref="EndOfInput"/>; read <see cref="ExitCode"/>.</summary>
    public static CliSession ForScript(CommitCoordinator commits) => new(commits, CliSessionKind.Script);

    /// <summary>
    /// Runs one operational command (<c>onlan cli 'show sessions'</c>) and returns the exit code: 0, or 1 when it
    /// failed. <paramref name="output"/> has '\n' line ends.
    /// </summary>
    public static int RunOnce(CommitCoordinator commits, string line, out string output)
    {
        var session = ForScript(commits);
        bool succeeded = session.Execute(line, out output);
        return succeeded ? 0 : 1;
    }

    public CommitCoordinator Commits { get; }
    public IGatewayControl Gateway => Commits.Gateway;
    public CliSessionKind Kind { get; }
    public CliMode Mode { get; private set; } = CliMode.Operational;

    /// <summary>The configuration being edited, in configuration mode; null in operational mode.</summary>
    public GatewayConfiguration? Candidate { get; private set; }
    private string? _candidateBase; // the configuration text in force when the candidate was started

    /// <summary>True once the user left (exit, Ctrl-D, end of input) or a script failed: the host closes the connection.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>0 while every line has succeeded; 1 after a script line failed.</summary>
    public int ExitCode { get; private set; }

    /// <summary>The line editor (its history, the line being typed).</summary>
    public LineEditor Editor => _editor;

    GatewayConfiguration ICommandContext.Configuration => Candidate ?? Gateway.Running;

    IReadOnlyList<SessionReport> ICommandContext.Sessions() => Gateway.Sessions();

    /// <summary>What to write when the session begins: a greeting and the first prompt (nothing for a script).</summary>
    public byte[] Start()
    {
        if (Kind != CliSessionKind.Terminal) return [];
        var output = new ArrayBufferWriter<byte>();
        WriteText(output, $"OnLan {Gateway.Version}. Type '?' for help, Tab to complete.\n");
        Prompt(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Takes bytes from the user; returns what to write back (echo, command output, the next prompt). After
    /// <see cref="IsClosed"/>, input is ignored.
    /// </summary>
    public byte[] Feed(ReadOnlySpan<byte> input)
    {
        var output = new ArrayBufferWriter<byte>();
        while (!input.IsEmpty && !IsClosed)
        {
            int consumed = _editor.Feed(input, output, out var @event, out string? line);
            input = input[consumed..];
            switch (@event)
            {
                case EditorEvent.Line:
                    RunLine(line!, output);
                    break;
                case EditorEvent.LineTooLong:
                    _output.Append($"error: line longer than {LineEditor.MaxLineLength} bytes\n");
                    Finish(output, succeeded: false);
                    break;
                case EditorEvent.EndOfInput:
                    IsClosed = true;
                    break;
            }
        }
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The input ended (EOF on the pipe, the socket closed): a script's last line without a line end runs.</summary>
    public byte[] EndOfInput()
    {
        var output = new ArrayBufferWriter<byte>();
        if (!IsClosed && _editor.TakeUnterminatedLine() is { } line) RunLine(line, output);
        IsClosed = true;
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Runs one line as if typed, without the editor: for the one-shot command and for tests. Returns whether it
    /// succeeded; <paramref name="output"/> has '\n' line ends and no prompt.
    /// </summary>
    public bool Execute(string line, out string output)
    {
        _output.Clear();
        bool succeeded = Run(line);
        output = _output.ToString();
        _output.Clear();
        if (!succeeded) ExitCode = 1;
        return succeeded;
    }

    /// <summary>Text for the user from outside any command (a confirmed commit rolled back), with the prompt and line redrawn.</summary>
    public byte[] Announce(string message)
    {
        var output = new ArrayBufferWriter<byte>();
        if (Kind == CliSessionKind.Terminal) WriteText(output, "\n");
        WriteText(output, message.TrimEnd('\n') + "\n");
        if (Kind == CliSessionKind.Terminal && !IsClosed)
        {
            if (Mode == CliMode.Configuration && _question is null) WriteText(output, EditBanner + "\n");
            _editor.Redraw(output);
        }
        return output.WrittenSpan.ToArray();
    }

    private void RunLine(string line, ArrayBufferWriter<byte> output)
    {
        _output.Clear();
        bool succeeded = Run(line);
        Finish(output, succeeded);
    }

    private void Finish(ArrayBufferWriter<byte> output, bool succeeded)
    {
        WriteText(output, _output.ToString());
        _output.Clear();
        if (!succeeded && Kind == CliSessionKind.Script)
        {
            ExitCode = 1;
            IsClosed = true;
        }
        if (!IsClosed && Kind == CliSessionKind.Terminal) Prompt(output);
    }

    private bool Run(string line)
    {
        if (_question is { } question)
        {
            _question = null;
            return Answer(question, line);
        }
        var tokens = new List<CliToken>();
        if (!CliTokenizer.Split(line, tokens, out _, out int quoteColumn))
            return Fail(line, new CliError(quoteColumn, "unclosed quote"));
        if (tokens.Count == 0) return true;
        var error = CommandResolver.Resolve(CliCommands.Tree(Mode), this, tokens, 0, out var command, out int argumentStart);
        if (error is not null) return Fail(line, error);
        return command!.Run!(this, new CommandInvocation(line, tokens, argumentStart));
    }

    private void Prompt(ArrayBufferWriter<byte> output)
    {
        if (_question is { } question)
        {
            _editor.BeginLine(question.Text, output);
            return;
        }
        if (Mode == CliMode.Configuration) WriteText(output, EditBanner + "\n");
        _editor.BeginLine(Mode == CliMode.Configuration ? ConfigurationPrompt : OperationalPrompt, output);
    }

    /// <summary>
    /// Writes <c>error: …</c>, then the line (secrets masked) with a caret under the word at fault — or after the
    /// line's end when a word is missing.
    /// </summary>
    private bool Fail(string line, CliError error)
    {
        _output.Append("error: ").Append(error.Message).Append('\n');
        int column = error.Column == 0 ? line.TrimEnd().Length + 2 : error.Column;
        string shown = MaskStatement(line, ref column);
        _output.Append("  ").Append(shown).Append('\n');
        _output.Append(' ', column + 1).Append("^\n");
        return false;
    }

    private bool Fail(string message)
    {
        foreach (var line in message.Split('\n')) _output.Append("error: ").Append(line).Append('\n');
        return false;
    }

    // A line whose command takes a statement (set, delete, in any abbreviation) has its secrets masked; the caret's
    // column moves with the words that change length.
    private string MaskStatement(string line, ref int column)
    {
        var tokens = new List<CliToken>();
        CliTokenizer.Split(line, tokens, out _, out _);
        if (tokens.Count < 2) return line;
        var root = CliCommands.Tree(Mode);
        string? first = WordMatch.Find(tokens[0].Text, root.Children.Select(c => c.Word), out _);
        if (first is null || root.Child(first)!.Command?.Argument is not StatementArgument) return line;
        var path = SchemaWalker.Walk(tokens, 1, tokens.Count);
        string masked = Secrets.MaskLine(line);
        foreach (var step in path.Steps)
            if (step.IsSecret && step.Token.Column < column) column += Secrets.Mask.Length - step.Token.Length;
        return masked;
    }

    private void WriteText(IBufferWriter<byte> output, string text)
    {
        if (text.Length == 0) return;
        if (Kind == CliSessionKind.Terminal) text = text.Replace("\n", "\r\n");
        Encoding.UTF8.GetBytes(text, output);
    }

    private static int NumberOr(string? text, NumberArgument argument, int fallback) =>
        argument.TryParse(text, out int value) ? value : fallback;
}
