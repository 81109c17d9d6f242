using System.Device.Gpio;

namespace OnLan.Board.Tests;

public sealed class LedDriverTests
{
    [Fact]
    public void A_line_is_written_only_when_its_value_changes()
    {
        var bench = new LedBench();
        int initial = bench.Gpio.Writes.Count;
        var on = new LedStates(Power: true, Wan: false, Vpn: false, Attention: false);
        bench.Driver.Apply(on);
        bench.Driver.Apply(on);
        bench.Driver.Apply(on);
        Assert.Equal(initial + 1, bench.Gpio.Writes.Count);
    }

    [Fact]
    public void An_active_low_led_is_lit_by_driving_its_line_low()
    {
        var gpio = new TestGpioDriver();
        var driver = new LedDriver(new Dictionary<Led, GpioLine> { [Led.Power] = new(0, 5, ActiveLow: true) }, _ => gpio);
        Assert.Equal(PinValue.High, gpio.Level(5));

        driver.Apply(new LedStates(true, false, false, false));
        Assert.Equal(PinValue.Low, gpio.Level(5));
        driver.Apply(default);
        Assert.Equal(PinValue.High, gpio.Level(5));
    }

    [Fact]
    public void A_line_that_cannot_be_opened_is_reported_and_the_other_leds_still_work()
    {
        var gpio = new TestGpioDriver();
        gpio.BusyLines.Add(LedBench.VpnLine);
        var driver = new LedDriver(LedBench.Lines, _ => gpio);

        string problem = Assert.Single(driver.Problems);
        Assert.Contains("led vpn", problem);
        Assert.Contains("gpiochip0 22", problem);
        Assert.Contains("Device or resource busy", problem);
        Assert.False(driver.Has(Led.Vpn));
        Assert.True(driver.Has(Led.Power));

        driver.Apply(new LedStates(true, true, true, true));
        Assert.Equal(PinValue.High, gpio.Level(LedBench.PowerLine));
        Assert.DoesNotContain(gpio.OpenLines, l => l == LedBench.VpnLine);
    }

    [Fact]
    public void A_chip_that_cannot_be_opened_drops_its_leds_only()
    {
        var chip0 = new TestGpioDriver();
        var lines = new Dictionary<Led, GpioLine> { [Led.Power] = new(0, 13, false), [Led.Wan] = new(1, 1, false), [Led.Vpn] = new(1, 0, false) };
        var driver = new LedDriver(lines, chip => chip == 0 ? chip0 : throw new DllNotFoundException("libgpiod.so.2 not found"));

        Assert.Equal(2, driver.Problems.Count);
        Assert.Contains("led wan: cannot open gpiochip1 (libgpiod.so.2 not found)", driver.Problems[0]);
        Assert.Contains("led vpn: gpiochip1 is not usable", driver.Problems[1]);
        Assert.True(driver.Has(Led.Power));
    }

    [Fact]
    public void A_failing_write_drops_the_led_with_a_problem()
    {
        var bench = new LedBench();
        bench.Gpio.FailWrites = true;
        bench.Driver.Apply(new LedStates(true, false, false, false));
        Assert.Contains(bench.Driver.Problems, p => p.Contains("led power: writing gpiochip0 17 active-high failed"));
        Assert.False(bench.Driver.Has(Led.Power));
        bench.Driver.Apply(new LedStates(false, false, false, false));
    }

    [Fact]
    public void Dispose_turns_the_leds_off_and_releases_the_chip()
    {
        var bench = new LedBench();
        bench.Driver.Apply(new LedStates(true, true, true, true));
        bench.Driver.Dispose();
        Assert.False(bench.Lit(LedBench.PowerLine));
        Assert.False(bench.Lit(LedBench.AttentionLine));
        Assert.True(bench.Gpio.Disposed);
    }
}
