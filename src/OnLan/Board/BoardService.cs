using System.Collections.Concurrent;
using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using OnLan.Board;
using OnLan.Cli;
using OnLan.Configuration;
using OnLan.Control;

namespace OnLan.BoardSupport;

/* The board's LEDs and button, on their own thread (never called from protocol code). Every 25 ms:

     the gateway's state, read from the outside → StatusLeds (power: starting/heartbeat, WAN, VPN, attention)
       heartbeat = the WAN port's loop went round lately (a stalled loop stops it)
       VPN       = Child SAs in the data plane; a flicker when the tunnel counters move
       attention = pool exhausted / an address conflict / 3+ authentication failures, each within the last minute
     → the LEDs: GPIO lines (System.Device.Gpio over libgpiod) or, on the simulated board, a line in the log
     the button: a GPIO line polled every 20 ms, key events from an input device (gpio-keys), or on the simulated
       board "press"/"release" lines appended to <state>/board-button → ButtonMonitor (debounced)
       held 3 s  → pool reset (every tunnel deleted, every lease freed) and the attention LED blinks it back
       held 10 s → factory configuration (the running one kept as <config>.backup-<time>), applied at once */
public sealed class BoardService : IDisposable
{
    private static readonly TimeSpan AttentionWindow = TimeSpan.FromMinutes(1);
    private const int AuthenticationFailuresForAttention = 3;

    private readonly BoardProfile _profile;
    private readonly GatewayHost _host;
    private readonly CommitCoordinator _commits;
    private readonly TimeProvider _time;
    private readonly string? _factoryPath;
    private readonly string _buttonFile;
    private readonly StatusLeds _leds = new();
    private readonly ButtonMonitor _button = new();
    private readonly ConcurrentQueue<KeyAction> _keys = new();
    private readonly long _epoch;
    private LedDriver? _driver;
    private SimulatedBoard? _simulated;
    private GpioButtonLine? _gpioButton;
    private Thread? _thread;
    private volatile bool _stopping;
    private long _buttonFileOffset;

    // Counter values and when they last moved, for the attention reasons.
    private long _exhausted, _conflicts, _authFailures;
    private TimeSpan _exhaustedAt = TimeSpan.MinValue, _conflictAt = TimeSpan.MinValue;
    private readonly Queue<TimeSpan> _authFailureTimes = new();

    private BoardService(BoardProfile profile, GatewayHost host, CommitCoordinator commits, TimeProvider time, string? factoryPath, string stateDirectory)
    {
        _profile = profile;
        _host = host;
        _commits = commits;
        _time = time;
        _factoryPath = factoryPath;
        _buttonFile = Path.Combine(stateDirectory, "board-button");
        _epoch = time.GetTimestamp();
        _leds.Starting();
    }

    /// <summary>The board of `set system board`, from <paramref name="boardRoot"/>; null (logged) without one or when its profile is bad.</summary>
    public static BoardService? TryStart(GatewayHost host, CommitCoordinator commits, TimeProvider time, string boardRoot, string stateDirectory)
    {
        if (host.Running.System.Board is not { } name) return null;
        var result = BoardProfiles.Find(boardRoot, name);
        if (!result.Succeeded)
        {
            Log.Error($"board: {result.ErrorText}");
            return null;
        }
        var profile = result.Profile!;
        string? factory = new[] { Path.Combine(boardRoot, name, "factory.conf"), Path.Combine(boardRoot, "factory.conf") }.FirstOrDefault(File.Exists);
        var service = new BoardService(profile, host, commits, time, factory, stateDirectory);
        service.OpenHardware();
        service._thread = new Thread(service.Run) { Name = "board", IsBackground = true };
        service._thread.Start();
        Log.Info($"board: {name} ({profile.Description}); leds {profile.LedSummary}; factory configuration {factory ?? "none"}");
        return service;
    }

    private void OpenHardware()
    {
        if (_profile.Simulated)
        {
            _simulated = new SimulatedBoard(new LogWriter(), overwriteLine: false);
            File.WriteAllText(_buttonFile, "");
            return;
        }
        // libgpiod 1.x (Debian 12's libgpiod2) behind System.Device.Gpio; a board without it runs without LEDs.
        _driver = new LedDriver(_profile.Leds, chip => new LibGpiodDriver(chip));
        foreach (var problem in _driver.Problems) Log.Error($"board: {problem}");
        switch (_profile.Button)
        {
            case GpioButtonSource gpio:
                try
                {
                    _gpioButton = new GpioButtonLine(gpio.Line, new LibGpiodDriver(gpio.Line.Chip));
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or PlatformNotSupportedException or DllNotFoundException)
                {
                    Log.Error($"board: button on {gpio.Line}: {e.Message}");
                }
                break;
            case InputEventButtonSource input:
                new Thread(() => ReadInputEvents(input)) { Name = "board-button", IsBackground = true }.Start();
                break;
        }
    }

    private void ReadInputEvents(InputEventButtonSource source)
    {
        try
        {
            using var device = new FileStream(source.DevicePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            var reader = new InputEventStream(device, source.KeyCode);
            var actions = new List<KeyAction>();
            while (!_stopping && reader.Read(actions))
            {
                foreach (var action in actions) _keys.Enqueue(action);
                actions.Clear();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Error($"board: button device {source.DevicePath}: {e.Message}");
        }
    }

    private TimeSpan Now => _time.GetElapsedTime(_epoch);

    private void Run()
    {
        _leds.Serving();
        var nextButtonPoll = TimeSpan.Zero;
        while (!_stopping)
        {
            var now = Now;
            Observe(now);
            var states = _leds.Tick(now);
            _driver?.Apply(states);
            // In the log, the heartbeat's blinking would be a line ten times a second: the power LED is drawn steady.
            _simulated?.Show(states with { Power = true });
            if (now >= nextButtonPoll)
            {
                nextButtonPoll = now + GpioButtonLine.PollInterval;
                Handle(PollButton(now), now);
            }
            Thread.Sleep(StatusLeds.TickInterval);
        }
    }

    private void Observe(TimeSpan now)
    {
        var gateway = _host.Gateway;
        var wan = gateway.Workers[0];
        _leds.Heartbeat(now - _time.GetElapsedTime(wan.LastPassTimestamp));
        _leds.WanChanged(link: wan.Link.IsUp, address: true); // static address (a DHCP-client WAN comes with the router issue)
        _leds.TunnelsChanged(gateway.DataPlane?.Count ?? 0);
        _leds.Traffic(gateway.Tunnel.Encapsulated + gateway.Tunnel.Decapsulated, now);

        if (gateway.Pool is { } pool)
        {
            var counters = pool.Counters;
            if (counters.Exhausted != _exhausted) (_exhausted, _exhaustedAt) = (counters.Exhausted, now);
            if (counters.Conflicts != _conflicts) (_conflicts, _conflictAt) = (counters.Conflicts, now);
        }
        long failures = gateway.Ike?.Responder.Counters.AuthenticationFailures ?? 0;
        for (; _authFailures < failures; _authFailures++) _authFailureTimes.Enqueue(now);
        _authFailures = failures;
        while (_authFailureTimes.Count > 0 && now - _authFailureTimes.Peek() > AttentionWindow) _authFailureTimes.Dequeue();
        _leds.Attention(AttentionReason.PoolExhausted, _exhaustedAt != TimeSpan.MinValue && now - _exhaustedAt < AttentionWindow);
        _leds.Attention(AttentionReason.AddressConflict, _conflictAt != TimeSpan.MinValue && now - _conflictAt < AttentionWindow);
        _leds.Attention(AttentionReason.AuthenticationFailures, _authFailureTimes.Count >= AuthenticationFailuresForAttention);
    }

    private ButtonEvent PollButton(TimeSpan now)
    {
        if (_gpioButton is { } line) return _button.Sample(line.IsDown(), now);
        if (_simulated is not null) ReadSimulatedButton();
        var result = ButtonEvent.None;
        while (_keys.TryDequeue(out var key))
        {
            var e = key == KeyAction.Press ? _button.Pressed(now) : _button.Released(now);
            if (e != ButtonEvent.None) result = e;
        }
        var tick = _button.Tick(now);
        return tick != ButtonEvent.None ? tick : result;
    }

    // The simulated button: lines appended to <state>/board-button ("press", "release").
    private void ReadSimulatedButton()
    {
        try
        {
            using var file = new FileStream(_buttonFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (file.Length <= _buttonFileOffset) return;
            file.Position = _buttonFileOffset;
            var text = new StreamReader(file).ReadToEnd();
            int complete = text.LastIndexOf('\n') + 1;
            _buttonFileOffset += System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, complete));
            foreach (var line in text[..complete].Split('\n', StringSplitOptions.RemoveEmptyEntries))
                if (_simulated!.Input(line.Trim()) is { } action) _keys.Enqueue(action);
        }
        catch (IOException)
        {
        }
    }

    private void Handle(ButtonEvent e, TimeSpan now)
    {
        switch (e)
        {
            case ButtonEvent.HoldPoolReset:
                Log.Info("board: button held 3 s: pool reset");
                _leds.Acknowledge(now);
                _host.ResetPool();
                break;
            case ButtonEvent.HoldFactoryReset:
                Log.Info("board: button held 10 s: factory configuration");
                FactoryReset();
                break;
            case ButtonEvent.Short:
                Log.Info("board: button pressed (hold 3 s to reset the pool, 10 s for the factory configuration)");
                break;
        }
    }

    // The factory configuration replaces the running one; the running file is kept beside it first.
    private void FactoryReset()
    {
        if (_factoryPath is null)
        {
            Log.Error("board: no factory configuration (board/<name>/factory.conf or board/factory.conf)");
            return;
        }
        // The board stays the board: its `set system board` is kept over the factory file's.
        var parsed = ConfigurationParser.Parse(File.ReadAllText(_factoryPath), GatewayConfiguration.Empty with { System = _host.Running.System });
        if (!parsed.Success)
        {
            Log.Error($"board: factory configuration {_factoryPath} refused: {string.Join("; ", parsed.Errors)}");
            return;
        }
        string running = _commits.Store.Path;
        string backup = $"{running}.backup-{_time.GetUtcNow():yyyyMMdd-HHmmss}";
        try
        {
            if (File.Exists(running)) File.Copy(running, backup, overwrite: true);
        }
        catch (IOException e)
        {
            Log.Error($"board: cannot keep the running configuration as {backup}: {e.Message}; factory reset not done");
            return;
        }
        var result = _commits.Commit(parsed.Configuration!);
        if (result.Success) Log.Info($"board: factory configuration in force; the previous one is {backup}");
        else Log.Error($"board: factory configuration not applied: {string.Join("; ", result.Errors)}");
    }

    public void Dispose()
    {
        _stopping = true;
        _thread?.Join(TimeSpan.FromSeconds(1));
        _driver?.Dispose();
        _gpioButton?.Dispose();
    }

    // The simulated board's LED line goes to the log (the demo shows it).
    private sealed class LogWriter : TextWriter
    {
        private readonly System.Text.StringBuilder _line = new();
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            if (value is '\n' or '\r')
            {
                if (_line.Length > 0) Log.Info($"board: {_line}");
                _line.Clear();
                return;
            }
            _line.Append(value);
        }
    }
}
