namespace OnLan.Board;

/// <summary>
/// What the firmware needs to know about one board: which port is WAN and which LAN, which GPIO line drives each LED,
/// where the button comes from and which tty is the serial console. Profiles are data (board/NAME/board.conf, see
/// <see cref="BoardProfileParser"/>); no code names a board.
/// </summary>
public sealed class BoardProfile
{
    /// <summary>The file every board directory holds.</summary>
    public const string FileName = "board.conf";

    internal BoardProfile(string name, string description, PortSelector wan, PortSelector lan,
        IReadOnlyDictionary<Led, GpioLine> leds, ButtonSource? button, string? console, bool simulated)
    {
        Name = name;
        Description = description;
        Wan = wan;
        Lan = lan;
        Leds = leds;
        Button = button;
        Console = console;
        Simulated = simulated;
    }

    /// <summary>The board's directory name, as given to <c>set system board</c>.</summary>
    public string Name { get; }

    public string Description { get; }

    public PortSelector Wan { get; }

    public PortSelector Lan { get; }

    /// <summary>The LEDs the board has; an LED it lacks is absent (the gateway runs without it).</summary>
    public IReadOnlyDictionary<Led, GpioLine> Leds { get; }

    /// <summary>The button, or null for a board without one.</summary>
    public ButtonSource? Button { get; }

    /// <summary>The serial console's tty name without /dev (<c>ttyAMA0</c>), or null.</summary>
    public string? Console { get; }

    /// <summary>No hardware: the LEDs are drawn in the terminal and the button is a key (<see cref="SimulatedBoard"/>).</summary>
    public bool Simulated { get; }

    /// <summary>The LEDs present, in <see cref="Led"/> order, e.g. "power, wan, vpn (no attention)".</summary>
    public string LedSummary
    {
        get
        {
            var present = Enum.GetValues<Led>().Where(Leds.ContainsKey).Select(Name).ToArray();
            var missing = Enum.GetValues<Led>().Where(l => !Leds.ContainsKey(l)).Select(Name).ToArray();
            string text = present.Length == 0 ? "no LEDs" : string.Join(", ", present);
            return missing.Length == 0 || present.Length == 0 ? text : $"{text} (no {string.Join(", ", missing)})";

            static string Name(Led led) => BoardProfileParser.LedName(led);
        }
    }

    /// <summary>Loads and validates <c>DIRECTORY/board.conf</c>; the profile is named after the directory.</summary>
    public static BoardProfileResult Load(string directory)
    {
        string path = Path.Combine(directory, FileName);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new BoardProfileResult(null, [new BoardProfileError(path, 0, $"cannot read the board profile: {e.Message}")]);
        }
        return BoardProfileParser.Parse(name, path, text);
    }

    /// <summary>Validates a profile's text without touching the file system (the console checks an edit this way).</summary>
    public static BoardProfileResult Parse(string name, string text) => BoardProfileParser.Parse(name, FileName, text);
}
