using System.Device.Gpio;

namespace OnLan.Board.Tests;

public sealed class StatusLedsTests
{
    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void Every_led_is_requested_dark_before_the_gateway_starts()
    {
        var bench = new LedBench();
        bench.RunMilliseconds(500);

        foreach (int line in new[] { LedBench.PowerLine, LedBench.WanLine, LedBench.VpnLine, LedBench.AttentionLine })
            Assert.Equal([new TestGpioDriver.LineWrite(TimeSpan.Zero, line, PinValue.Low)], bench.Gpio.WritesTo(line));
        Assert.Empty(bench.Driver.Problems);
    }

    [Fact]
    public void Leds_follow_the_gateway_through_start_wan_up_tunnel_up_traffic_and_tunnel_down()
    {
        var bench = new LedBench();
        StatusLeds leds = bench.Leds;

        // Starting: the power LED blinks at 4 Hz (a change every 125 ms).
        leds.Starting();
        TimeSpan mark = bench.Now;
        bench.RunMilliseconds(1000);
        // The first write is the entry into the pattern (blinks are phase-locked to the clock), then one every 125 ms.
        var starting = bench.WritesSince(LedBench.PowerLine, mark + Ms(1)).Skip(1).ToList();
        Assert.Equal(8, starting.Count);
        for (int i = 1; i < starting.Count; i++)
        {
            Assert.Equal(Ms(125), starting[i].At - starting[i - 1].At);
            Assert.NotEqual(starting[i].Value, starting[i - 1].Value);
        }
        Assert.False(bench.Lit(LedBench.WanLine));
        Assert.False(bench.Lit(LedBench.VpnLine));

        // Serving: heartbeat, on at 0 and 200 ms of each second, 100 ms each.
        leds.Serving();
        mark = bench.Now;
        bench.RunMilliseconds(2000);
        var beats = bench.WritesSince(LedBench.PowerLine, mark + Ms(1));
        Assert.Equal(8, beats.Count);
        var rises = beats.Where(w => w.Value == PinValue.High).Select(w => w.At.Milliseconds).Distinct().Order();
        Assert.Equal([0, 200], rises);
        var falls = beats.Where(w => w.Value == PinValue.Low).Select(w => w.At.Milliseconds).Distinct().Order();
        Assert.Equal([100, 300], falls);

        // WAN link without an address: 1 Hz blink.
        leds.WanChanged(link: true, address: false);
        mark = bench.Now;
        bench.RunMilliseconds(2000);
        var wanBlink = bench.WritesSince(LedBench.WanLine, mark).Skip(1).ToList();
        Assert.Equal(4, wanBlink.Count);
        Assert.All(wanBlink.Zip(wanBlink.Skip(1)), pair => Assert.Equal(Ms(500), pair.Second.At - pair.First.At));

        // Address obtained: steady on.
        leds.WanChanged(link: true, address: true);
        bench.RunMilliseconds(100);
        Assert.True(bench.Lit(LedBench.WanLine));
        mark = bench.Now;
        bench.RunMilliseconds(2000);
        Assert.Empty(bench.WritesSince(LedBench.WanLine, mark + Ms(1)));
        Assert.True(bench.Lit(LedBench.WanLine));

        // A tunnel comes up: VPN on.
        leds.Traffic(1000, bench.Now);
        leds.TunnelsChanged(1);
        bench.RunMilliseconds(100);
        Assert.True(bench.Lit(LedBench.VpnLine));

        // Traffic: the VPN line goes off for 50 ms and comes back.
        mark = bench.Now;
        leds.Traffic(1042, bench.Now);
        bench.RunMilliseconds(500);
        Assert.Equal(
            [new TestGpioDriver.LineWrite(mark + Ms(25), LedBench.VpnLine, PinValue.Low),
             new TestGpioDriver.LineWrite(mark + Ms(50), LedBench.VpnLine, PinValue.High)],
            bench.WritesSince(LedBench.VpnLine, mark));

        // Tunnel down: off, and traffic no longer flickers anything.
        leds.TunnelsChanged(0);
        bench.RunMilliseconds(100);
        Assert.False(bench.Lit(LedBench.VpnLine));
        mark = bench.Now;
        leds.Traffic(2000, bench.Now);
        bench.RunMilliseconds(500);
        Assert.Empty(bench.WritesSince(LedBench.VpnLine, mark));

        // The WAN LED reflects the link through all of it; losing the link turns it off.
        leds.WanChanged(link: false, address: true);
        bench.RunMilliseconds(100);
        Assert.False(bench.Lit(LedBench.WanLine));
    }

    [Fact]
    public void Heartbeat_stops_and_the_power_led_holds_still_when_the_main_loop_stalls()
    {
        var bench = new LedBench();
        bench.Leds.Starting();
        bench.Leds.Serving();
        bench.RunMilliseconds(2000);
        Assert.NotEmpty(bench.WritesSince(LedBench.PowerLine, bench.Now - Ms(1000)));

        bench.MainLoopRuns = false;
        TimeSpan stalledAt = bench.Now;
        bench.RunMilliseconds(3000);

        // Within HeartbeatTimeout the beat goes on; the next pump pass darkens it; after that, nothing moves.
        TimeSpan still = stalledAt + StatusLeds.HeartbeatTimeout + StatusLeds.TickInterval;
        Assert.Empty(bench.WritesSince(LedBench.PowerLine, still + Ms(1)));
        Assert.False(bench.Lit(LedBench.PowerLine));

        bench.MainLoopRuns = true;
        TimeSpan resumed = bench.Now;
        bench.RunMilliseconds(1000);
        Assert.True(bench.WritesSince(LedBench.PowerLine, resumed).Count >= 4);
    }

    [Fact]
    public void Continuous_traffic_flickers_at_most_every_200_ms()
    {
        var bench = new LedBench();
        bench.Leds.TunnelsChanged(2);
        bench.Leds.Traffic(0, bench.Now);
        bench.RunMilliseconds(100);
        TimeSpan mark = bench.Now;
        for (int i = 1; i <= 40; i++)
        {
            bench.Leds.Traffic(i * 10, bench.Now);
            bench.RunMilliseconds(25);
        }

        var offs = bench.WritesSince(LedBench.VpnLine, mark).Where(w => w.Value == PinValue.Low).ToList();
        Assert.Equal(5, offs.Count);
        Assert.All(offs.Zip(offs.Skip(1)), pair => Assert.Equal(StatusLeds.FlickerInterval, pair.Second.At - pair.First.At));
    }

    [Fact]
    public void Attention_is_on_while_any_reason_is_active()
    {
        var bench = new LedBench();
        StatusLeds leds = bench.Leds;
        bench.RunMilliseconds(100);
        Assert.False(bench.Lit(LedBench.AttentionLine));

        leds.Attention(AttentionReason.PoolExhausted, active: true);
        bench.RunMilliseconds(100);
        Assert.True(bench.Lit(LedBench.AttentionLine));

        leds.Attention(AttentionReason.AddressConflict, active: true);
        leds.Attention(AttentionReason.PoolExhausted, active: false);
        bench.RunMilliseconds(100);
        Assert.True(bench.Lit(LedBench.AttentionLine));
        Assert.True(leds.IsAttentionActive(AttentionReason.AddressConflict));
        Assert.False(leds.IsAttentionActive(AttentionReason.PoolExhausted));

        leds.Attention(AttentionReason.AddressConflict, active: false);
        bench.RunMilliseconds(100);
        Assert.False(bench.Lit(LedBench.AttentionLine));

        foreach (AttentionReason reason in Enum.GetValues<AttentionReason>())
        {
            leds.Attention(reason, active: true);
            Assert.True(leds.Tick(bench.Now).Attention, reason.ToString());
            leds.Attention(reason, active: false);
            Assert.False(leds.Tick(bench.Now).Attention, reason.ToString());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Acknowledge_blinks_the_attention_led_three_times_then_restores_it(bool attentionActive)
    {
        var bench = new LedBench();
        bench.Leds.Attention(AttentionReason.ConfigurationError, attentionActive);
        bench.RunMilliseconds(100);

        TimeSpan mark = bench.Now;
        bench.Leds.Acknowledge(bench.Now);
        bench.RunMilliseconds(2000);

        var writes = bench.WritesSince(LedBench.AttentionLine, mark);
        // Three dark gaps whether the LED was on or off before: three blinks.
        var gaps = writes.Where(w => w.Value == PinValue.Low && w.At < mark + StatusLeds.AcknowledgeLength).ToList();
        Assert.Equal(3, gaps.Count);
        Assert.All(gaps.Zip(gaps.Skip(1)), pair => Assert.Equal(StatusLeds.AcknowledgeBlinkPeriod, pair.Second.At - pair.First.At));
        Assert.All(writes, w => Assert.True(w.At <= mark + StatusLeds.AcknowledgeLength + StatusLeds.TickInterval));
        Assert.Equal(attentionActive, bench.Lit(LedBench.AttentionLine));
    }

    [Fact]
    public void Tick_is_a_pure_function_of_state_and_time()
    {
        var leds = new StatusLeds();
        leds.Starting();
        leds.WanChanged(true, false);
        TimeSpan now = TimeSpan.FromSeconds(12.3);
        Assert.Equal(leds.Tick(now), leds.Tick(now));
        Assert.Equal(leds.Tick(now), leds.Tick(now + TimeSpan.FromSeconds(1)));
    }
}
