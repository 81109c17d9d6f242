namespace OnLan.Board;

/// <summary>The key codes a board button is bound to, by their names in linux/input-event-codes.h.</summary>
public static class InputKeyCodes
{
    public const ushort KeyPower = 116;
    public const ushort KeyRestart = 0x198;
    public const ushort KeyWakeUp = 143;
    public const ushort KeySetup = 141;
    public const ushort KeyVendor = 0x168;
    public const ushort Button0 = 0x100;
    public const ushort Button1 = 0x101;
    public const ushort Button2 = 0x102;
    public const ushort Button3 = 0x103;

    /// <summary>The highest key code (KEY_MAX).</summary>
    public const ushort KeyMaximum = 0x2ff;

    private static readonly (string Name, ushort Code)[] Known =
    [
        ("KEY_POWER", KeyPower), ("KEY_RESTART", KeyRestart), ("KEY_WAKEUP", KeyWakeUp), ("KEY_SETUP", KeySetup),
        ("KEY_VENDOR", KeyVendor), ("BTN_0", Button0), ("BTN_1", Button1), ("BTN_2", Button2), ("BTN_3", Button3),
    ];

    /// <summary>A name from the table, or a number (decimal or 0x…) up to KEY_MAX for a key the table lacks.</summary>
    public static bool TryParse(string text, out ushort code)
    {
        foreach (var (name, known) in Known)
            if (string.Equals(name, text, StringComparison.Ordinal)) { code = known; return true; }
        bool parsed = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ushort.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out code)
            : ushort.TryParse(text, System.Globalization.NumberStyles.None, null, out code);
        return parsed && code <= KeyMaximum;
    }

    /// <summary>The table's name for a code, else the number in hex.</summary>
    public static string NameOf(ushort code)
    {
        foreach (var (name, known) in Known)
            if (known == code) return name;
        return "0x" + code.ToString("x");
    }

    /// <summary>The names <see cref="TryParse"/> knows, for error messages.</summary>
    public static string KnownNames => string.Join(", ", Known.Select(k => k.Name));
}
