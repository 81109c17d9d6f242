namespace OnLan.Board;

/// <summary>One line of one GPIO character device: <c>/dev/gpiochip{Chip}</c>, offset <see cref="Offset"/>.</summary>
/// <param name="Chip">The N of <c>gpiochipN</c>: the number the gateway gives the GPIO driver.</param>
/// <param name="Offset">The line's offset on that chip (on a Raspberry Pi: the BCM GPIO number).</param>
/// <param name="ActiveLow">True when the LED lights, or the button reads pressed, at the low level.</param>
public readonly record struct GpioLine(int Chip, int Offset, bool ActiveLow)
{
    /// <summary>The highest line offset a profile may name. Real chips have at most a few hundred lines.</summary>
    public const int MaximumOffset = 511;

    /// <summary>The chip's device name, as in <c>/dev</c> and in board.conf.</summary>
    public string ChipName => "gpiochip" + Chip;

    public override string ToString() => $"{ChipName} {Offset} {(ActiveLow ? "active-low" : "active-high")}";
}
