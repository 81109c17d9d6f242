using OnLan.Ports;

namespace OnLan;

/// <summary>
/// The thread that drives one port: receive a batch, hand each frame to the host stack, run its timers, send
/// what it produced. The loop allocates nothing; it checks for shutdown at least every <see cref="PollInterval"/>.
/// </summary>
public sealed class PortWorker
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly IFrameLink _link;
    private readonly PortHost _host;
    private readonly TimeProvider _time;
    private readonly long _epoch;
    private readonly FrameBatch _input = new(64);
    private readonly FrameBatch _output = new(128);
    private readonly Thread _thread;
    private volatile bool _stopping;
    private bool _started;

    private readonly List<IPortService> _services = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<Action<TimeSpan, FrameBatch>> _calls = new();

    public PortWorker(IFrameLink link, PortHost host, TimeProvider time)
    {
        _link = link;
        _host = host;
        _time = time;
        _epoch = time.GetTimestamp();
        _thread = new Thread(Run) { Name = $"port-{host.Name}", IsBackground = true };
    }

    public PortHost Host => _host;
    public IFrameLink Link => _link;

    /// <summary>Adds a service run on this port's thread; before <see cref="Start"/> only.</summary>
    public void Add(IPortService service) => _services.Add(service);

    public void Start()
    {
        _started = true;
        _thread.Start();
    }

    public void Stop()
    {
        _stopping = true;
        if (_started) _thread.Join();
    }

    private TimeSpan Now => _time.GetElapsedTime(_epoch);

    private long _lastPass;

    /// <summary>When the loop last went round (a <see cref="TimeProvider.GetTimestamp"/> value): the heartbeat LED's pulse.</summary>
    public long LastPassTimestamp => Volatile.Read(ref _lastPass);

    /// <summary>
    /// Runs <paramref name="action"/> on this port's thread between two batches (the protocol engines there are
    /// single-threaded: the console reads and changes them only this way) and returns its result; null when the
    /// thread does not get to it within <paramref name="timeout"/> (stopped, or stuck).
    /// </summary>
    public T? Invoke<T>(Func<TimeSpan, FrameBatch, T> action, TimeSpan timeout) where T : class
    {
        if (!_started || _stopping) return null;
        T? result = null;
        using var done = new ManualResetEventSlim();
        _calls.Enqueue((now, output) =>
        {
            try
            {
                result = action(now, output);
            }
            finally
            {
                done.Set();
            }
        });
        _link.Wake();
        return done.Wait(timeout) ? result : null;
    }

    private void RunCalls(TimeSpan now)
    {
        while (_calls.TryDequeue(out var call))
        {
            try
            {
                call(now, _output);
            }
            catch (Exception e)
            {
                // A console request must never take the port down with it.
                Log.Error($"{_host.Name}: console request failed: {e.Message}");
            }
            Flush();
        }
    }

    private void Run()
    {
        _host.Start(Now, _output);
        Flush();
        bool carrier = _link.IsUp;
        while (!_stopping)
        {
            if (_link.IsUp != carrier)
            {
                carrier = !carrier;
                Log.Info($"{_host.Name}: link {_link.Name} {(carrier ? "carrier up" : "carrier down")}");
            }
            Volatile.Write(ref _lastPass, _time.GetTimestamp());
            bool busy = DrainInboxes(Now);
            // Sleep in the link's receive only when no other thread has left us work (it wakes us if it does).
            var wait = busy || !PrepareToSleep() ? TimeSpan.Zero : PollInterval;
            int received = _link.Receive(_input, wait);
            Awake();
            var now = Now;
            for (int i = 0; i < received; i++)
            {
                _host.Receive(_input.Frame(i), now, _output);
                if (_output.IsFull) Flush();
            }
            _host.Poll(now, _output);
            foreach (var service in _services) service.Poll(now, _output);
            Flush();
            if (!_calls.IsEmpty) RunCalls(now);
        }
        RunCalls(Now);
        foreach (var service in _services) service.Stop(Now, _output);
        Flush();
    }

    private bool DrainInboxes(TimeSpan now)
    {
        bool more = false;
        foreach (var service in _services)
        {
            if (service.Inbox is null) continue;
            more |= service.DrainInbox(now, _output);
            Flush();
        }
        return more;
    }

    private bool PrepareToSleep()
    {
        foreach (var service in _services)
        {
            if (service.Inbox is { } inbox && !inbox.PrepareToSleep())
            {
                Awake();
                return false;
            }
        }
        return true;
    }

    private void Awake()
    {
        foreach (var service in _services) service.Inbox?.Awake();
    }

    private void Flush()
    {
        if (_output.Count == 0) return;
        _link.Send(_output);
        _output.Clear();
    }
}
