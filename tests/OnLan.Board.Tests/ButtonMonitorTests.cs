using System.Device.Gpio;

namespace OnLan.Board.Tests;

public sealed class ButtonMonitorTests
{
    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    /// <summary>Ticks every 20 ms from <paramref name="from"/> to <paramref name="to"/>, collecting events with their times.</summary>
    private static void TickThrough(ButtonMonitor button, TimeSpan from, TimeSpan to, List<(TimeSpan At, ButtonEvent Event)> events)
    {
        for (TimeSpan now = from; now <= to; now += Ms(20))
            Add(events, now, button.Tick(now));
    }

    private static void Add(List<(TimeSpan, ButtonEvent)> events, TimeSpan at, ButtonEvent e)
    {
        if (e != ButtonEvent.None) events.Add((at, e));
    }

    [Fact]
    public void Bounce_within_30_ms_is_ignored_and_a_short_press_gives_one_short()
    {
        var button = new ButtonMonitor();
        var events = new List<(TimeSpan, ButtonEvent)>();
        Add(events, Ms(0), button.Pressed(Ms(0)));
        Add(events, Ms(4), button.Released(Ms(4)));
        Add(events, Ms(9), button.Pressed(Ms(9)));
        Add(events, Ms(17), button.Released(Ms(17)));
        Add(events, Ms(22), button.Pressed(Ms(22)));
        TickThrough(button, Ms(40), Ms(400), events);
        Assert.True(button.IsDown);

        Add(events, Ms(400), button.Released(Ms(400)));
        Add(events, Ms(405), button.Pressed(Ms(405)));
        Add(events, Ms(410), button.Released(Ms(410)));
        TickThrough(button, Ms(420), Ms(6000), events);

        Assert.Equal([(Ms(400), ButtonEvent.Short)], events);
        Assert.False(button.IsDown);
    }

    [Fact]
    public void A_bounce_that_ends_released_settles_on_the_next_tick_and_never_becomes_a_hold()
    {
        var button = new ButtonMonitor();
        var events = new List<(TimeSpan, ButtonEvent)>();
        Add(events, Ms(0), button.Pressed(Ms(0)));
        Add(events, Ms(10), button.Released(Ms(10)));
        TickThrough(button, Ms(20), Ms(12000), events);

        Assert.Equal([(Ms(40), ButtonEvent.Short)], events);
    }

    [Fact]
    public void Holding_3_seconds_fires_pool_reset_once_while_held_and_the_release_fires_nothing()
    {
        var button = new ButtonMonitor();
        var events = new List<(TimeSpan, ButtonEvent)>();
        Add(events, Ms(0), button.Pressed(Ms(0)));
        TickThrough(button, Ms(20), Ms(5000), events);
        Add(events, Ms(5000), button.Released(Ms(5000)));
        TickThrough(button, Ms(5020), Ms(15000), events);

        Assert.Equal([(Ms(3000), ButtonEvent.HoldPoolReset)], events);
    }

    [Fact]
    public void Holding_10_seconds_fires_pool_reset_then_factory_reset_once_each()
    {
        var button = new ButtonMonitor();
        var events = new List<(TimeSpan, ButtonEvent)>();
        Add(events, Ms(0), button.Pressed(Ms(0)));
        TickThrough(button, Ms(20), Ms(12000), events);
        Add(events, Ms(12000), button.Released(Ms(12000)));
        TickThrough(button, Ms(12020), Ms(20000), events);

        Assert.Equal([(Ms(3000), ButtonEvent.HoldPoolReset), (Ms(10000), ButtonEvent.HoldFactoryReset)], events);
    }

    [Fact]
    public void Each_press_is_timed_on_its_own()
    {
        var button = new ButtonMonitor();
        var events = new List<(TimeSpan, ButtonEvent)>();
        Add(events, Ms(0), button.Pressed(Ms(0)));
        TickThrough(button, Ms(20), Ms(3500), events);
        Add(events, Ms(3500), button.Released(Ms(3500)));
        Add(events, Ms(4000), button.Pressed(Ms(4000)));
        TickThrough(button, Ms(4020), Ms(5000), events);
        Add(events, Ms(5000), button.Released(Ms(5000)));

        Assert.Equal([(Ms(3000), ButtonEvent.HoldPoolReset), (Ms(5000), ButtonEvent.Short)], events);
    }

    [Fact]
    public void A_release_fires_the_hold_no_tick_got_to_fire()
    {
        var pool = new ButtonMonitor();
        pool.Pressed(Ms(0));
        Assert.Equal(ButtonEvent.HoldPoolReset, pool.Released(Ms(4000)));

        var factory = new ButtonMonitor();
        factory.Pressed(Ms(0));
        Assert.Equal(ButtonEvent.HoldFactoryReset, factory.Released(Ms(11000)));
        Assert.Equal(ButtonEvent.None, factory.Tick(Ms(11020)));
    }

    [Fact]
    public void Repeated_presses_while_held_change_nothing()
    {
        var button = new ButtonMonitor();
        button.Pressed(Ms(0));
        Assert.Equal(ButtonEvent.None, button.Pressed(Ms(500)));
        Assert.Equal(ButtonEvent.None, button.Pressed(Ms(2900)));
        Assert.Equal(ButtonEvent.HoldPoolReset, button.Tick(Ms(3000)));
    }

    [Fact]
    public void A_polled_active_low_gpio_button_reads_pressed_at_the_low_level()
    {
        var gpio = new TestGpioDriver();
        gpio.SetInput(3, PinValue.High);
        using var line = new GpioButtonLine(new GpioLine(0, 3, ActiveLow: true), gpio);
        var button = new ButtonMonitor();
        var events = new List<(TimeSpan, ButtonEvent)>();

        for (TimeSpan now = TimeSpan.Zero; now <= Ms(4000); now += GpioButtonLine.PollInterval)
        {
            if (now == Ms(100)) gpio.SetInput(3, PinValue.Low);
            if (now == Ms(3200)) gpio.SetInput(3, PinValue.High);
            Add(events, now, button.Sample(line.IsDown(), now));
        }

        Assert.Equal([(Ms(3100), ButtonEvent.HoldPoolReset)], events);
    }
}
