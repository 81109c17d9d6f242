using System.Globalization;

namespace OnLan.Board;

/// <summary>
/// The board.conf format: one statement per line, words separated by spaces, <c>#</c> starts a comment.
/// <code>
/// description Raspberry Pi 4 Model B, LAN on a USB adapter
/// wan eth0                                  # by name, or usb:1-1.2 / usb:* / pci:0000:01:00.0 (bus path)
/// lan usb:*
/// led power gpiochip0 17 active-high        # led power|wan|vpn|attention CHIP LINE active-high|active-low
/// button gpio gpiochip0 3 active-low        # or: button input-event /dev/input/... KEY_POWER
/// console ttyS0
/// simulated yes                             # only the simulated board: no GPIO at all
/// </code>
/// Every error is collected with its line number; a profile with any error is not returned.
/// </summary>
internal sealed class BoardProfileParser
{
    private readonly string _file;
    private readonly List<BoardProfileError> _errors = [];
    private readonly Dictionary<Led, (GpioLine Line, int At)> _leds = [];
    private readonly Dictionary<(int Chip, int Offset), string> _linesInUse = [];
    private readonly Dictionary<string, int> _seenOnce = new(StringComparer.Ordinal);
    private string _description = "";
    private PortSelector? _wan, _lan;
    private int _wanAt, _lanAt;
    private ButtonSource? _button;
    private int _buttonAt;
    private string? _console;
    private bool _simulated;

    private BoardProfileParser(string file) => _file = file;

    public static BoardProfileResult Parse(string name, string file, string text)
    {
        var parser = new BoardProfileParser(file);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
            parser.Statement(i + 1, lines[i]);
        return parser.Finish(name);
    }

    internal static string LedName(Led led) => led switch
    {
        Led.Power => "power",
        Led.Wan => "wan",
        Led.Vpn => "vpn",
        _ => "attention",
    };

    private void Statement(int at, string line)
    {
        int hash = line.IndexOf('#');
        if (hash >= 0) line = line[..hash];
        string[] words = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return;
        string keyword = words[0];
        switch (keyword)
        {
            case "description":
                if (Once(at, keyword)) _description = string.Join(' ', words[1..]);
                break;
            case "wan":
            case "lan":
                if (!Arguments(at, words, 1, $"{keyword} NAME|usb:PORT-PATH|pci:ADDRESS") || !Once(at, keyword)) break;
                var port = PortSelector.TryParse(words[1], out string? portError);
                if (port is null) { Error(at, portError!); break; }
                if (keyword == "wan") { _wan = port; _wanAt = at; }
                else { _lan = port; _lanAt = at; }
                break;
            case "led":
                LedStatement(at, words);
                break;
            case "button":
                ButtonStatement(at, words);
                break;
            case "console":
                if (!Arguments(at, words, 1, "console TTY") || !Once(at, keyword)) break;
                if (!words[1].StartsWith("tty", StringComparison.Ordinal) || words[1].Contains('/'))
                    Error(at, $"'{words[1]}' is not a tty name such as ttyAMA0 or ttyS0 (without /dev/)");
                else _console = words[1];
                break;
            case "simulated":
                if (!Arguments(at, words, 1, "simulated yes|no") || !Once(at, keyword)) break;
                if (words[1] is "yes" or "no") _simulated = words[1] == "yes";
                else Error(at, $"'simulated {words[1]}': expected yes or no");
                break;
            default:
                Error(at, $"unknown keyword '{keyword}' (expected description, wan, lan, led, button, console or simulated)");
                break;
        }
    }

    private void LedStatement(int at, string[] words)
    {
        if (!Arguments(at, words, 4, "led power|wan|vpn|attention gpiochipN LINE active-high|active-low")) return;
        Led? led = words[1] switch
        {
            "power" => Led.Power,
            "wan" => Led.Wan,
            "vpn" => Led.Vpn,
            "attention" => Led.Attention,
            _ => null,
        };
        if (led is null) { Error(at, $"unknown LED '{words[1]}' (expected power, wan, vpn or attention)"); return; }
        if (_leds.TryGetValue(led.Value, out var earlier))
        {
            Error(at, $"led {words[1]} is already defined (line {earlier.At})");
            return;
        }
        if (Line(at, words.AsSpan(2), $"led {words[1]}") is GpioLine line)
            _leds[led.Value] = (line, at);
    }

    private void ButtonStatement(int at, string[] words)
    {
        if (words.Length < 2 || words[1] is not ("gpio" or "input-event"))
        {
            Error(at, "expected 'button gpio gpiochipN LINE active-high|active-low' or 'button input-event /dev/input/DEVICE KEY'");
            return;
        }
        if (words[1] == "gpio")
        {
            if (!Arguments(at, words, 4, "button gpio gpiochipN LINE active-high|active-low") || !Once(at, "button")) return;
            if (Line(at, words.AsSpan(2), "button") is GpioLine line) { _button = new GpioButtonSource(line); _buttonAt = at; }
            return;
        }
        if (!Arguments(at, words, 3, "button input-event /dev/input/DEVICE KEY") || !Once(at, "button")) return;
        bool ok = true;
        if (!words[2].StartsWith("/dev/input/", StringComparison.Ordinal))
        {
            Error(at, $"'{words[2]}' is not an input event device (a path under /dev/input/)");
            ok = false;
        }
        if (!InputKeyCodes.TryParse(words[3], out ushort code))
        {
            Error(at, $"unknown key '{words[3]}' (known: {InputKeyCodes.KnownNames}, or a number up to 0x2ff)");
            ok = false;
        }
        if (ok) { _button = new InputEventButtonSource(words[2], code); _buttonAt = at; }
    }

    /// <summary>Parses "gpiochipN LINE active-high|active-low" and claims the line: one line drives one thing.</summary>
    private GpioLine? Line(int at, ReadOnlySpan<string> words, string user)
    {
        bool ok = true;
        int chip = 0, offset = 0;
        if (!words[0].StartsWith("gpiochip", StringComparison.Ordinal)
            || !int.TryParse(words[0].AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out chip))
        {
            Error(at, $"unknown GPIO chip '{words[0]}' (expected gpiochipN, as in /dev/gpiochipN)");
            ok = false;
        }
        if (!int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > GpioLine.MaximumOffset)
        {
            Error(at, $"bad line number '{words[1]}' (expected 0 to {GpioLine.MaximumOffset})");
            ok = false;
        }
        bool activeLow = words[2] == "active-low";
        if (!activeLow && words[2] != "active-high")
        {
            Error(at, $"'{words[2]}': expected active-high or active-low");
            ok = false;
        }
        if (!ok) return null;
        if (_linesInUse.TryGetValue((chip, offset), out string? owner))
        {
            Error(at, $"duplicate GPIO line: gpiochip{chip} {offset} is already used by {owner}");
            return null;
        }
        _linesInUse[(chip, offset)] = $"{user} (line {at})";
        return new GpioLine(chip, offset, activeLow);
    }

    private bool Arguments(int at, string[] words, int count, string usage)
    {
        if (words.Length == count + 1) return true;
        Error(at, $"'{words[0]}' takes {count} argument{(count == 1 ? "" : "s")}: {usage}");
        return false;
    }

    private bool Once(int at, string keyword)
    {
        if (_seenOnce.TryGetValue(keyword, out int earlier))
        {
            Error(at, $"'{keyword}' is given twice (first on line {earlier})");
            return false;
        }
        _seenOnce[keyword] = at;
        return true;
    }

    private void Error(int at, string message) => _errors.Add(new BoardProfileError(_file, at, message));

    private BoardProfileResult Finish(string name)
    {
        if (!_seenOnce.ContainsKey("wan")) Error(0, "missing WAN port: add 'wan NAME' (or wan usb:PORT-PATH / pci:ADDRESS)");
        if (!_seenOnce.ContainsKey("lan")) Error(0, "missing LAN port: add 'lan NAME' (or lan usb:PORT-PATH / pci:ADDRESS)");
        if (_wan is not null && _wan == _lan)
            Error(_lanAt, $"the LAN port {_lan} is the WAN port too (line {_wanAt})");
        if (_simulated)
        {
            foreach (var (led, (_, at)) in _leds)
                Error(at, $"a simulated board has no GPIO: led {LedName(led)} cannot be used (the terminal draws the LEDs)");
            if (_button is not null)
                Error(_buttonAt, "a simulated board has no button hardware: its button is a key in the terminal");
        }
        if (_errors.Count > 0 || _wan is null || _lan is null)
            return new BoardProfileResult(null, _errors.OrderBy(e => e.Line).ToArray());
        var leds = _leds.ToDictionary(kv => kv.Key, kv => kv.Value.Line);
        ButtonSource? button = _simulated ? new TerminalButtonSource() : _button;
        return new BoardProfileResult(new BoardProfile(name, _description, _wan, _lan, leds, button, _console, _simulated), []);
    }
}
