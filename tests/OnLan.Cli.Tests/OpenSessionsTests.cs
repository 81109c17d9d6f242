using System.Collections.Concurrent;
using System.Text;

namespace OnLan.Cli.Tests;

/// <summary>Notices from outside any session (another session's commit, a rollback) reach the open terminal sessions.</summary>
public sealed class OpenSessionsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly TestConsole _console = new();
    private readonly OpenSessions _open;

    public OpenSessionsTests() => _open = new OpenSessions(_console.Commits);

    public void Dispose() => _console.Dispose();

    /// <summary>A terminal session whose output is collected; typed lines go through its <see cref="OpenSessions.Attached"/>.</summary>
    private sealed class Terminal
    {
        private readonly ConcurrentQueue<byte[]> _written = new();
        public CliSession Session { get; }
        public OpenSessions.Attached Handle { get; }

        public Terminal(OpenSessions open, CommitCoordinator commits)
        {
            Session = CliSession.ForTerminal(commits);
            Handle = open.Attach(Session, _written.Enqueue);
            Handle.Start();
        }

        public void Type(string line) => Handle.Feed(Encoding.UTF8.GetBytes(line + "\r"));

        public string Output => string.Concat(_written.Select(Encoding.UTF8.GetString));

        public bool WaitFor(string text)
        {
            var until = DateTime.UtcNow + Patience;
            while (!Output.Contains(text))
            {
                if (DateTime.UtcNow > until) return false;
                Thread.Sleep(10);
            }
            return true;
        }
    }

    [Fact]
    public void A_commit_is_announced_to_the_other_sessions_editing_a_candidate_and_to_no_one_else()
    {
        var editing = new Terminal(_open, _console.Commits);
        var looking = new Terminal(_open, _console.Commits);
        var committing = new Terminal(_open, _console.Commits);
        editing.Type("configure");
        committing.Type("configure");
        committing.Type("set vpn dhcp-option dns 198.18.0.11");
        committing.Type("commit");

        Assert.True(editing.WaitFor("note: another session committed (sequence 1)"), editing.Output);
        Assert.True(editing.WaitFor("onlan# "), editing.Output); // the prompt drawn again after the notice
        Thread.Sleep(100); // the same delivery went to the others, or would have
        Assert.DoesNotContain("another session committed", looking.Output);
        Assert.DoesNotContain("another session committed", committing.Output);
    }

    [Fact]
    public void A_confirmed_commit_rolled_back_is_announced_to_every_open_session_and_a_closed_one_gets_nothing()
    {
        var arming = new Terminal(_open, _console.Commits);
        var looking = new Terminal(_open, _console.Commits);
        var gone = new Terminal(_open, _console.Commits);
        gone.Handle.Dispose();
        string goneBefore = gone.Output;
        arming.Type("configure");
        arming.Type("set vpn dhcp-option dns 198.18.0.11");
        arming.Type("commit confirmed 1");

        _console.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(looking.WaitFor("not confirmed in time"), looking.Output);
        Assert.True(arming.WaitFor("not confirmed in time"), arming.Output);
        Thread.Sleep(100);
        Assert.Equal(goneBefore, gone.Output);
    }
}
