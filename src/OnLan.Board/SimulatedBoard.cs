namespace OnLan.Board;

/// <summary>
/// The board with no hardware (a laptop, the demo): the LEDs are drawn on one terminal line,
/// <c>[PWR ●] [WAN ○] [VPN ●] [ATT ○]</c>, redrawn only when one changes, and the button is typed.
/// Input: a line <c>press</c> or <c>release</c> (what scripts send), or the key <c>b</c>, which toggles the button
/// (a terminal cannot tell when a key is let go: <c>b</c>, wait three seconds, <c>b</c> is a three-second hold).
/// </summary>
public sealed class SimulatedBoard(TextWriter terminal, bool overwriteLine = true)
{
    private const char Lit = '●';
    private const char Dark = '○';

    private LedStates? _shown;
    private bool _buttonDown;

    /// <summary>Draws the LEDs if they differ from what is on screen. With <c>overwriteLine</c> the line is redrawn in
    /// place (a carriage return, no newline); otherwise each change is a new line (a log, a pipe).</summary>
    public void Show(LedStates states)
    {
        if (_shown == states) return;
        _shown = states;
        string line = Render(states);
        if (overwriteLine) terminal.Write("\r" + line);
        else terminal.WriteLine(line);
        terminal.Flush();
    }

    public static string Render(LedStates states) =>
        $"[PWR {Mark(states.Power)}] [WAN {Mark(states.Wan)}] [VPN {Mark(states.Vpn)}] [ATT {Mark(states.Attention)}]";

    /// <summary>Turns typed input into a button change, or null for anything else (which the caller may treat as a
    /// console command).</summary>
    public KeyAction? Input(ReadOnlySpan<char> input)
    {
        ReadOnlySpan<char> word = input.Trim();
        if (word.SequenceEqual("press")) return Set(true);
        if (word.SequenceEqual("release")) return Set(false);
        if (word.SequenceEqual("b")) return Set(!_buttonDown);
        return null;
    }

    private KeyAction Set(bool down)
    {
        _buttonDown = down;
        return down ? KeyAction.Press : KeyAction.Release;
    }

    private static char Mark(bool lit) => lit ? Lit : Dark;
}
