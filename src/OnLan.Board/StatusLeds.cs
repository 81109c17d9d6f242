namespace OnLan.Board;

/// <summary>
/// What the four status LEDs show, as a pure function of the gateway's state and the time. Sans-IO: the gateway feeds
/// events in (from its event listeners, never from protocol code) and an LED pump calls <see cref="Tick"/> every
/// <see cref="TickInterval"/> and hands the result to <see cref="LedDriver"/> or <see cref="SimulatedBoard"/>.
/// Times are the gateway's monotonic clock (TimeProvider timestamps as a TimeSpan since an epoch), never wall-clock:
/// a board without a real-time clock jumps years when NTP first answers.
///
/// Patterns (blinks are phase-locked to the clock, so every LED that blinks at one rate blinks together):
/// <list type="bullet">
/// <item>power: off until <see cref="Starting"/>; 4 Hz blink (125 ms on, 125 ms off) while starting; once serving a
/// heartbeat per second (100 on, 100 off, 100 on, 700 off) but only while <see cref="Heartbeat"/> came within
/// <see cref="HeartbeatTimeout"/>: when the main loop stalls the LED goes dark and stays still.</item>
/// <item>wan: off without link; 1 Hz blink (500/500) with link but no address; on with link and address.</item>
/// <item>vpn: on while at least one tunnel is up, off otherwise; a traffic counter change turns it off for
/// <see cref="FlickerLength"/>, at most once per <see cref="FlickerInterval"/>.</item>
/// <item>attention: on while any <see cref="AttentionReason"/> is active; <see cref="Acknowledge"/> overrides it with
/// three blinks (250 on, 250 off) over 1.5 s.</item>
/// </list>
/// </summary>
public sealed class StatusLeds
{
    /// <summary>How often the pump should call <see cref="Tick"/>: fine enough for the 50 ms flicker.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(25);

    public static readonly TimeSpan StartingBlinkPeriod = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan HeartbeatPulse = TimeSpan.FromMilliseconds(100);

    /// <summary>The main loop is taken to be stalled when its last <see cref="Heartbeat"/> is older than this.</summary>
    public static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan WanBlinkPeriod = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan FlickerLength = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan FlickerInterval = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan AcknowledgeBlinkPeriod = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan AcknowledgeLength = AcknowledgeBlinkPeriod * 3;

    private enum Phase { Stopped, Starting, Serving }

    private Phase _phase;
    private TimeSpan? _lastHeartbeat;
    private bool _wanLink, _wanAddress;
    private int _tunnels;
    private long? _trafficBaseline;
    private TimeSpan? _flickerStart;
    private int _attentionReasons;
    private TimeSpan? _acknowledgeStart;

    /// <summary>The gateway has begun starting up: the power LED blinks fast.</summary>
    public void Starting() => _phase = Phase.Starting;

    /// <summary>The gateway serves: the power LED beats while <see cref="Heartbeat"/> keeps coming.</summary>
    public void Serving() => _phase = Phase.Serving;

    /// <summary>The main loop calls this on every pass; it is what proves the loop is not stuck.</summary>
    public void Heartbeat(TimeSpan now) => _lastHeartbeat = now;

    public void WanChanged(bool link, bool address)
    {
        _wanLink = link;
        _wanAddress = link && address;
    }

    /// <summary>The number of established tunnels (Child SAs, or IKE SAs with one) after a change.</summary>
    public void TunnelsChanged(int count) => _tunnels = Math.Max(0, count);

    /// <summary>
    /// Called periodically with a packet counter (any counter that grows with tunnel traffic). A change starts a
    /// flicker unless one started within <see cref="FlickerInterval"/>; then the change stays pending (the baseline is
    /// kept) and the next call after the interval flickers, so continuous traffic flickers at the interval's rate.
    /// The first call only sets the baseline.
    /// </summary>
    public void Traffic(long packetCount, TimeSpan now)
    {
        if (_trafficBaseline is null) { _trafficBaseline = packetCount; return; }
        if (packetCount == _trafficBaseline) return;
        if (_flickerStart is TimeSpan last && now - last < FlickerInterval) return;
        _trafficBaseline = packetCount;
        _flickerStart = now;
    }

    public void Attention(AttentionReason reason, bool active)
    {
        int bit = 1 << (int)reason;
        _attentionReasons = active ? _attentionReasons | bit : _attentionReasons & ~bit;
    }

    public bool IsAttentionActive(AttentionReason reason) => (_attentionReasons & (1 << (int)reason)) != 0;

    /// <summary>The button's hold was taken (pool reset): blink the attention LED three times.</summary>
    public void Acknowledge(TimeSpan now) => _acknowledgeStart = now;

    /// <summary>What each LED should show at <paramref name="now"/>. Changes nothing: calling it twice gives the same answer.</summary>
    public LedStates Tick(TimeSpan now) => new(PowerAt(now), WanAt(now), VpnAt(now), AttentionAt(now));

    private bool PowerAt(TimeSpan now) => _phase switch
    {
        Phase.Starting => InFirstPart(now, StartingBlinkPeriod, StartingBlinkPeriod / 2),
        Phase.Serving => _lastHeartbeat is TimeSpan beat && now - beat <= HeartbeatTimeout && HeartbeatAt(now),
        _ => false,
    };

    private static bool HeartbeatAt(TimeSpan now)
    {
        TimeSpan t = Within(now, HeartbeatPeriod);
        return t < HeartbeatPulse || (t >= HeartbeatPulse * 2 && t < HeartbeatPulse * 3);
    }

    private bool WanAt(TimeSpan now) => (_wanLink, _wanAddress) switch
    {
        (false, _) => false,
        (true, false) => InFirstPart(now, WanBlinkPeriod, WanBlinkPeriod / 2),
        (true, true) => true,
    };

    private bool VpnAt(TimeSpan now)
    {
        if (_tunnels == 0) return false;
        bool flickering = _flickerStart is TimeSpan start && now >= start && now - start < FlickerLength;
        return !flickering;
    }

    private bool AttentionAt(TimeSpan now)
    {
        if (_acknowledgeStart is TimeSpan start && now >= start && now - start < AcknowledgeLength)
            return InFirstPart(now - start, AcknowledgeBlinkPeriod, AcknowledgeBlinkPeriod / 2);
        return _attentionReasons != 0;
    }

    private static bool InFirstPart(TimeSpan now, TimeSpan period, TimeSpan onLength) => Within(now, period) < onLength;

    private static TimeSpan Within(TimeSpan now, TimeSpan period) =>
        TimeSpan.FromTicks(((now.Ticks % period.Ticks) + period.Ticks) % period.Ticks);
}
