namespace OnLan.Board;

/// <summary>
/// The button's debouncer and hold timer, sans-IO: a source reports raw presses and releases with the time (GPIO
/// polling, an input event device, a terminal key) and something calls <see cref="Tick"/> at least every 20-50 ms.
/// We keep this rather than Iot.Device.Bindings' GpioButton, which reads the real clock (untestable) and costs ~1.1 MB.
///
/// Debounce: a change is accepted only when <see cref="DebounceTime"/> has passed since the last accepted change; a
/// change that comes sooner is remembered, and <see cref="Tick"/> accepts it once the window is over if the raw level
/// still differs. So a bounce that ends released is never mistaken for a long hold.
/// </summary>
public sealed class ButtonMonitor
{
    public static readonly TimeSpan DebounceTime = TimeSpan.FromMilliseconds(30);
    public static readonly TimeSpan PoolResetHold = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan FactoryResetHold = TimeSpan.FromSeconds(10);

    private bool _rawDown;
    private bool _down;
    private TimeSpan? _lastAcceptedChange;
    private TimeSpan _pressedAt;
    private bool _poolResetFired, _factoryResetFired;

    /// <summary>Whether the button is held, after debouncing.</summary>
    public bool IsDown => _down;

    public ButtonEvent Pressed(TimeSpan now) => Raw(down: true, now);

    public ButtonEvent Released(TimeSpan now) => Raw(down: false, now);

    /// <summary>A polled level: the same as <see cref="Pressed"/> or <see cref="Released"/>, then <see cref="Tick"/>.</summary>
    public ButtonEvent Sample(bool down, TimeSpan now)
    {
        ButtonEvent change = Raw(down, now);
        return change != ButtonEvent.None ? change : Tick(now);
    }

    /// <summary>Settles a pending change, then fires a hold that has become due (one event per call).</summary>
    public ButtonEvent Tick(TimeSpan now)
    {
        ButtonEvent settled = Settle(now);
        if (settled != ButtonEvent.None || !_down) return settled;
        TimeSpan held = now - _pressedAt;
        if (!_poolResetFired && held >= PoolResetHold) { _poolResetFired = true; return ButtonEvent.HoldPoolReset; }
        if (!_factoryResetFired && held >= FactoryResetHold) { _factoryResetFired = true; return ButtonEvent.HoldFactoryReset; }
        return ButtonEvent.None;
    }

    private ButtonEvent Raw(bool down, TimeSpan now)
    {
        _rawDown = down;
        return Settle(now);
    }

    private ButtonEvent Settle(TimeSpan now)
    {
        if (_rawDown == _down) return ButtonEvent.None;
        if (_lastAcceptedChange is TimeSpan last && now - last < DebounceTime) return ButtonEvent.None;
        _lastAcceptedChange = now;
        _down = _rawDown;
        if (_down)
        {
            _pressedAt = now;
            _poolResetFired = _factoryResetFired = false;
            return ButtonEvent.None;
        }
        return Release(now - _pressedAt);
    }

    /// <summary>A release fires what the hold earned but no tick got to fire (a source that only reports edges, a late
    /// tick); the factory reset supersedes the pool reset it includes.</summary>
    private ButtonEvent Release(TimeSpan held)
    {
        if (held >= FactoryResetHold && !_factoryResetFired) { _poolResetFired = _factoryResetFired = true; return ButtonEvent.HoldFactoryReset; }
        if (held >= PoolResetHold && !_poolResetFired) { _poolResetFired = true; return ButtonEvent.HoldPoolReset; }
        return _poolResetFired ? ButtonEvent.None : ButtonEvent.Short;
    }
}
