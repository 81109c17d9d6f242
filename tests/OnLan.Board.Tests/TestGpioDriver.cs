using System.Device.Gpio;
using Microsoft.Extensions.Time.Testing;

namespace OnLan.Board.Tests;

/// <summary>
/// A GPIO chip in memory: records every value written to a line with the fake clock's time, lets a test set input
/// levels, and can refuse lines (as a kernel driver that owns them would).
/// </summary>
public sealed class TestGpioDriver(FakeTimeProvider? time = null, int lineCount = 64) : GpioDriver
{
    private readonly Dictionary<int, PinMode> _open = [];
    private readonly Dictionary<int, PinValue> _levels = [];

    public readonly record struct LineWrite(TimeSpan At, int Line, PinValue Value);

    /// <summary>Every value put on a line, in order, stamped with the fake clock (time since its start).</summary>
    public List<LineWrite> Writes { get; } = [];

    /// <summary>Lines whose open fails with "Device or resource busy".</summary>
    public HashSet<int> BusyLines { get; } = [];

    public bool FailWrites { get; set; }

    public bool Disposed { get; private set; }

    public IReadOnlyCollection<int> OpenLines => _open.Keys;

    /// <summary>What a line shows now (the last write, or the level a test set).</summary>
    public PinValue Level(int line) => _levels.TryGetValue(line, out PinValue v) ? v : PinValue.Low;

    public void SetInput(int line, PinValue value) => _levels[line] = value;

    public IEnumerable<LineWrite> WritesTo(int line) => Writes.Where(w => w.Line == line);

    private TimeSpan Now => time is null ? TimeSpan.Zero : time.GetUtcNow() - time.Start;

    protected override int PinCount => lineCount;

    protected override void OpenPin(int pinNumber)
    {
        if (pinNumber >= lineCount) throw new ArgumentOutOfRangeException(nameof(pinNumber), "no such line");
        if (BusyLines.Contains(pinNumber)) throw new IOException("Device or resource busy");
        _open[pinNumber] = PinMode.Input;
    }

    protected override void ClosePin(int pinNumber) => _open.Remove(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode) => _open[pinNumber] = mode;

    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        _open[pinNumber] = mode;
        if (mode == PinMode.Output) Record(pinNumber, initialValue);
    }

    protected override PinMode GetPinMode(int pinNumber) => _open[pinNumber];

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber) => Level(pinNumber);

    protected override void Write(int pinNumber, PinValue value)
    {
        if (FailWrites) throw new IOException("Input/output error");
        Record(pinNumber, value);
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the board polls; it waits for no GPIO event");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException("the board polls; it registers no GPIO callback");

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException("the board polls; it registers no GPIO callback");

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    private void Record(int line, PinValue value)
    {
        _levels[line] = value;
        Writes.Add(new LineWrite(Now, line, value));
    }
}
