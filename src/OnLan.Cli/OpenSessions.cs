namespace OnLan.Cli;

/// <summary>
/// The console sessions open on one gateway, so that what happens outside any of them reaches their users: a
/// confirmed commit rolled back (every terminal session), another session's commit (the terminal sessions editing a
/// candidate, which is now older than what is in force). Scripts and one-shot commands are never interrupted.
/// </summary>
/// <remarks>
/// A session is single-threaded: the host drives it only through its <see cref="Attached"/>, whose lock a notice
/// takes too. A notice waits for that lock only a bounded time (<see cref="NoticeWait"/>): the session that commits
/// holds its own lock while its commit raises the event, so two sessions notifying each other at the same moment
/// must not wait for each other for ever. A session busy that long misses the notice; its commit still refuses, and
/// `show` still says why.
/// </remarks>
public sealed class OpenSessions
{
    private static readonly TimeSpan NoticeWait = TimeSpan.FromMilliseconds(200);
    private readonly Lock _lock = new();
    private readonly List<Attached> _sessions = [];

    public OpenSessions(CommitCoordinator commits)
    {
        commits.Notice += message => Deliver(message, except: null, onlyWhileEditing: false);
        commits.Committed += (committer, sequence) => Deliver(
            $"note: another session committed (sequence {sequence}): 'show' compares, 'discard' starts over", except: committer, onlyWhileEditing: true);
    }

    /// <summary>Attaches <paramref name="session"/>, whose output goes to <paramref name="write"/>; dispose it when the session ends.</summary>
    public Attached Attach(CliSession session, Action<byte[]> write)
    {
        var attached = new Attached(this, session, write);
        lock (_lock) _sessions.Add(attached);
        return attached;
    }

    private void Deliver(string message, object? except, bool onlyWhileEditing)
    {
        Attached[] sessions;
        lock (_lock) sessions = _sessions.ToArray();
        foreach (var attached in sessions)
            if (!ReferenceEquals(attached.Session, except)) attached.Announce(message, onlyWhileEditing);
    }

    /// <summary>One session as its host drives it: every call runs under the session's lock and writes what it says.</summary>
    public sealed class Attached(OpenSessions owner, CliSession session, Action<byte[]> write) : IDisposable
    {
        private readonly Lock _output = new();
        private bool _detached;

        internal readonly CliSession Session = session;

        public void Start()
        {
            lock (_output) write(Session.Start());
        }

        public void Feed(ReadOnlySpan<byte> input)
        {
            lock (_output) write(Session.Feed(input));
        }

        public void EndOfInput()
        {
            lock (_output) write(Session.EndOfInput());
        }

        internal void Announce(string message, bool onlyWhileEditing)
        {
            if (!_output.TryEnter(NoticeWait)) return;
            try
            {
                if (_detached || Session.Kind != CliSessionKind.Terminal || Session.IsClosed ||
                    (onlyWhileEditing && Session.Mode != Commands.CliMode.Configuration)) return;
                write(Session.Announce(message));
            }
            catch (IOException)
            {
                // That user has gone; the session's own thread finds out and ends it.
            }
            finally
            {
                _output.Exit();
            }
        }

        public void Dispose()
        {
            lock (_output) _detached = true;
            lock (owner._lock) owner._sessions.Remove(this);
        }
    }
}
