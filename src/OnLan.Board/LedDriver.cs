using System.Device.Gpio;

namespace OnLan.Board;

/// <summary>
/// Puts <see cref="StatusLeds"/>' answers on the board's GPIO lines. One <see cref="GpioController"/> per chip, each
/// on a <see cref="GpioDriver"/> the caller makes (on the board: <c>chip => new LibGpiodDriver(chip)</c> or
/// <c>new LibGpiodV2Driver(chip)</c>; in tests a fake). A line is written only when its value changes, so the pump can
/// call <see cref="Apply"/> every tick for free. An LED whose chip or line cannot be opened, or whose write fails, is
/// dropped with a <see cref="Problems"/> entry: the gateway runs on without it. Not thread-safe: one pump owns it.
/// </summary>
public sealed class LedDriver : IDisposable
{
    private readonly Dictionary<int, GpioController> _controllers = [];
    private readonly List<Output> _outputs = [];
    private readonly List<string> _problems = [];

    private sealed class Output(Led led, GpioLine line, GpioController controller, bool lit)
    {
        public Led Led { get; } = led;
        public GpioLine Line { get; } = line;
        public GpioController Controller { get; } = controller;
        public bool Lit { get; set; } = lit;
    }

    /// <param name="leds">The profile's LEDs (<see cref="BoardProfile.Leds"/>).</param>
    /// <param name="openChip">Makes the driver for <c>/dev/gpiochipN</c>; called once per chip. It may throw: the
    /// chip's LEDs are then reported in <see cref="Problems"/> and left out.</param>
    public LedDriver(IReadOnlyDictionary<Led, GpioLine> leds, Func<int, GpioDriver> openChip)
    {
        var failedChips = new Dictionary<int, string>();
        foreach (Led led in Enum.GetValues<Led>())
        {
            if (!leds.TryGetValue(led, out GpioLine line)) continue;
            string name = BoardProfileParser.LedName(led);
            if (failedChips.TryGetValue(line.Chip, out string? chipError))
            {
                _problems.Add($"led {name}: {line.ChipName} is not usable ({chipError}); running without this LED");
                continue;
            }
            if (!_controllers.TryGetValue(line.Chip, out GpioController? controller))
            {
                try
                {
                    controller = new GpioController(openChip(line.Chip));
                    _controllers[line.Chip] = controller;
                }
                catch (Exception e)
                {
                    failedChips[line.Chip] = e.Message;
                    _problems.Add($"led {name}: cannot open {line.ChipName} ({e.Message}); running without this LED");
                    continue;
                }
            }
            try
            {
                // Requested as an output already driven to "off", so the LED never flashes at start.
                controller.OpenPin(line.Offset, PinMode.Output, Level(line, lit: false));
                _outputs.Add(new Output(led, line, controller, lit: false));
            }
            catch (Exception e)
            {
                _problems.Add($"led {name}: cannot open {line} ({e.Message}; is the line claimed by a kernel driver?); running without this LED");
            }
        }
    }

    /// <summary>Why an LED of the profile is not driven, one sentence each; empty when every LED works.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Whether the LED is being driven.</summary>
    public bool Has(Led led) => _outputs.Exists(o => o.Led == led);

    /// <summary>Writes each LED whose state differs from what its line shows now.</summary>
    public void Apply(LedStates states)
    {
        for (int i = _outputs.Count - 1; i >= 0; i--)
        {
            Output output = _outputs[i];
            bool lit = states[output.Led];
            if (lit == output.Lit) continue;
            try
            {
                output.Controller.Write(output.Line.Offset, Level(output.Line, lit));
                output.Lit = lit;
            }
            catch (Exception e)
            {
                _problems.Add($"led {BoardProfileParser.LedName(output.Led)}: writing {output.Line} failed ({e.Message}); running without this LED");
                _outputs.RemoveAt(i);
            }
        }
    }

    /// <summary>Turns every LED off and releases the lines.</summary>
    public void Dispose()
    {
        Apply(default);
        foreach (GpioController controller in _controllers.Values)
            controller.Dispose();
        _controllers.Clear();
        _outputs.Clear();
    }

    private static PinValue Level(GpioLine line, bool lit) => lit != line.ActiveLow ? PinValue.High : PinValue.Low;
}
