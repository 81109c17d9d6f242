namespace OnLan.Board;

/// <summary>Where the board's button comes from.</summary>
public abstract record ButtonSource;

/// <summary>A GPIO line the gateway requests and polls itself.</summary>
public sealed record GpioButtonSource(GpioLine Line) : ButtonSource
{
    public override string ToString() => "gpio " + Line;
}

/// <summary>
/// A key on an input event device: the board's device tree binds the button to the kernel's gpio-keys driver, which owns
/// the line (and debounces it), so the line cannot be requested; the key arrives as EV_KEY events instead.
/// </summary>
public sealed record InputEventButtonSource(string DevicePath, ushort KeyCode) : ButtonSource
{
    public override string ToString() => $"input-event {DevicePath} {InputKeyCodes.NameOf(KeyCode)}";
}

/// <summary>The simulated board's button: a key typed in the terminal (see <see cref="SimulatedBoard"/>).</summary>
public sealed record TerminalButtonSource : ButtonSource
{
    public override string ToString() => "terminal";
}
