using System.Device.Gpio;

namespace OnLan.Board;

/// <summary>
/// A button on a GPIO line, read by polling (every 20 ms from the gateway's timer, into
/// <see cref="ButtonMonitor.Sample"/>). Polling rather than edge callbacks: the callbacks arrive on the driver's own
/// thread with no time we control, and a poll is deterministic, cheap and enough for a human's finger.
/// </summary>
public sealed class GpioButtonLine : IDisposable
{
    /// <summary>How often the gateway should call <see cref="IsDown"/>.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly GpioController _controller;
    private readonly GpioLine _line;

    /// <summary>Requests the line as an input (pulled towards "released" when the driver supports bias). Throws when
    /// the chip or line cannot be had; the gateway then runs without a button.</summary>
    public GpioButtonLine(GpioLine line, GpioDriver driver)
    {
        _line = line;
        _controller = new GpioController(driver);
        PinMode pull = line.ActiveLow ? PinMode.InputPullUp : PinMode.InputPullDown;
        try
        {
            _controller.OpenPin(line.Offset, _controller.IsPinModeSupported(line.Offset, pull) ? pull : PinMode.Input);
        }
        catch
        {
            _controller.Dispose();
            throw;
        }
    }

    public bool IsDown() => (_controller.Read(_line.Offset) == PinValue.High) != _line.ActiveLow;

    public void Dispose() => _controller.Dispose();
}
