using System.Device.Gpio;
using Microsoft.Extensions.Time.Testing;

namespace OnLan.Board.Tests;

/// <summary>StatusLeds, LedDriver and a TestGpioDriver on a fake clock, pumped as the gateway's LED timer would.</summary>
internal sealed class LedBench
{
    public const int PowerLine = 17, WanLine = 27, VpnLine = 22, AttentionLine = 23;

    public static readonly Dictionary<Led, GpioLine> Lines = new()
    {
        [Led.Power] = new GpioLine(0, PowerLine, false),
        [Led.Wan] = new GpioLine(0, WanLine, false),
        [Led.Vpn] = new GpioLine(0, VpnLine, false),
        [Led.Attention] = new GpioLine(0, AttentionLine, false),
    };

    public FakeTimeProvider Time { get; } = new();
    public StatusLeds Leds { get; } = new();
    public TestGpioDriver Gpio { get; }
    public LedDriver Driver { get; }

    /// <summary>Whether the pump's pass also calls Heartbeat (false: the main loop is stuck).</summary>
    public bool MainLoopRuns { get; set; } = true;

    public LedBench(IReadOnlyDictionary<Led, GpioLine>? lines = null)
    {
        Gpio = new TestGpioDriver(Time);
        Driver = new LedDriver(lines ?? Lines, _ => Gpio);
    }

    public TimeSpan Now => Time.GetUtcNow() - Time.Start;

    /// <summary>Runs the pump for <paramref name="duration"/> in <see cref="StatusLeds.TickInterval"/> steps.</summary>
    public void Run(TimeSpan duration)
    {
        TimeSpan end = Now + duration;
        while (Now < end)
        {
            Time.Advance(StatusLeds.TickInterval);
            if (MainLoopRuns) Leds.Heartbeat(Now);
            Driver.Apply(Leds.Tick(Now));
        }
    }

    public void RunMilliseconds(int milliseconds) => Run(TimeSpan.FromMilliseconds(milliseconds));

    public bool Lit(int line) => Gpio.Level(line) == PinValue.High;

    /// <summary>The writes to a line from <paramref name="since"/> on (inclusive).</summary>
    public List<TestGpioDriver.LineWrite> WritesSince(int line, TimeSpan since) =>
        Gpio.WritesTo(line).Where(w => w.At >= since).ToList();
}
