using OnLan.Cli.Storage;
using OnLan.Configuration;

namespace OnLan.Cli;

/// <summary>
/// Commits for every console session of one gateway: validate, put into force, save; and the confirmed commit's
/// automatic rollback. One per gateway, shared by the tty and the socket sessions, so a rollback still happens when
/// the session that armed it is gone. Thread-safe: sessions and the rollback timer may call in on any thread.
/// </summary>
public sealed class CommitCoordinator(IGatewayControl gateway, ConfigurationStore store, TimeProvider time) : IDisposable
{
    private readonly Lock _lock = new();
    private ITimer? _rollbackTimer;
    private GatewayConfiguration? _rollbackTo; // what was in force before the first unconfirmed commit
    private int _rollbackGeneration;           // tells a timer that fired late from the one armed now

    public IGatewayControl Gateway { get; } = gateway;
    public ConfigurationStore Store { get; } = store;
    public TimeProvider Time { get; } = time;

    /// <summary>
    /// Something every console should be told of, outside any command: a confirmed commit rolled back. Raised on the
    /// timer's thread; the host writes it to the consoles and the log.
    /// </summary>
    public event Action<string>? Notice;

    /// <summary>When an unconfirmed commit will be rolled back, or null.</summary>
    public DateTimeOffset? ConfirmDeadline { get; private set; }

    /// <summary>
    /// Validates <paramref name="candidate"/> whole (its text parsed as the file would be), puts it into force and saves
    /// it as the next commit. With <paramref name="confirmWithin"/>, the configuration in force before is put back
    /// unless <see cref="Confirm"/> or another commit comes in time. A commit without it confirms one pending.
    /// On any error nothing changes: the gateway and the file keep the configuration in force.
    /// <paramref name="basedOn"/>: the configuration text in force when the session started its candidate; when another
    /// commit (or a rollback) came in between, the candidate would silently undo it, so the commit is refused.
    /// </summary>
    public CommitResult Commit(GatewayConfiguration candidate, TimeSpan? confirmWithin = null, string? basedOn = null, object? committer = null)
    {
        var result = PutInForce(candidate, confirmWithin, basedOn);
        if (result.Success && result.Sequence > 0) Committed?.Invoke(committer, result.Sequence); // outside the lock
        return result;
    }

    /// <summary>
    /// Raised after a commit that changed the configuration in force, with whoever <see cref="Commit"/> was told made
    /// it and the commit's sequence number: the other sessions' candidates are now older than what is in force.
    /// </summary>
    public event Action<object?, long>? Committed;

    private CommitResult PutInForce(GatewayConfiguration candidate, TimeSpan? confirmWithin, string? basedOn)
    {
        string text = ConfigurationWriter.Write(candidate);
        var parsed = ConfigurationParser.Parse(text);
        if (!parsed.Success) return CommitResult.Refused(parsed.Errors.Select(e => e.Message).ToArray());

        lock (_lock)
        {
            var previous = Gateway.Running;
            string inForce = ConfigurationWriter.Write(previous);
            if (basedOn is not null && basedOn != inForce) return CommitResult.Refused([ChangedUnderneath]);
            bool changed = text != inForce;
            bool wasPending = _rollbackTo is not null;
            if (!changed && confirmWithin is null)
            {
                Disarm();
                return CommitResult.Done(wasPending ? "commit confirmed: the rollback is cancelled" : "no changes to commit", 0);
            }

            long sequence = 0;
            if (changed)
            {
                if (Gateway.Apply(parsed.Configuration!) is { } refused)
                    return CommitResult.Refused([$"the gateway refused the configuration: {refused}"]);
                if (Store.Save(text, Time.GetUtcNow(), out sequence) is { } saveError)
                {
                    string restored = Gateway.Apply(previous) is { } restoreError
                        ? $"; putting the previous configuration back failed too: {restoreError}"
                        : "; the previous configuration is back in force";
                    return CommitResult.Refused([saveError + restored]);
                }
            }

            if (confirmWithin is not { } within)
            {
                Disarm();
                return CommitResult.Done(wasPending ? $"commit complete (sequence {sequence}); the rollback is cancelled" : $"commit complete (sequence {sequence})", sequence);
            }

            // A second confirmed commit extends the time; the rollback still goes back to before the first.
            _rollbackTo ??= previous;
            _rollbackTimer?.Dispose();
            int generation = ++_rollbackGeneration;
            ConfirmDeadline = Time.GetUtcNow() + within;
            _rollbackTimer = Time.CreateTimer(_ => RollBackUnconfirmed(generation), null, within, Timeout.InfiniteTimeSpan);
            string saved = changed ? $"commit complete (sequence {sequence})" : "no changes";
            return CommitResult.Done(
                $"{saved}; it will be rolled back at {ConfirmDeadline:yyyy-MM-dd HH:mm:ss} UTC unless confirmed ('commit' or 'confirm')", sequence);
        }
    }

    /// <summary>Why a commit from a candidate started before the last change of the configuration in force is refused.</summary>
    public const string ChangedUnderneath =
        "the configuration in force changed after this candidate began (another session's commit or a rollback): 'show' compares, 'discard' starts over";

    /// <summary>Keeps the configuration of a confirmed commit; false when none is waiting.</summary>
    public bool Confirm()
    {
        lock (_lock)
        {
            if (_rollbackTo is null) return false;
            Disarm();
            return true;
        }
    }

    /// <summary>The commit <paramref name="back"/> steps before the newest, from the store's history.</summary>
    public StoredConfiguration ReadCommit(int back) => Store.LoadCommit(back);

    private void RollBackUnconfirmed(int generation)
    {
        string notice;
        lock (_lock)
        {
            if (generation != _rollbackGeneration || _rollbackTo is not { } target) return;
            Disarm();
            string text = ConfigurationWriter.Write(target);
            if (Gateway.Apply(target) is { } refused)
                notice = $"error: the unconfirmed commit could not be rolled back: {refused}";
            else if (Store.Save(text, Time.GetUtcNow(), out long sequence) is { } saveError)
                notice = $"error: the unconfirmed commit was rolled back in the gateway but not saved: {saveError}";
            else
                notice = $"the commit was not confirmed in time: the previous configuration is back in force (saved as sequence {sequence})";
        }
        Notice?.Invoke(notice);
    }

    private void Disarm()
    {
        _rollbackTimer?.Dispose();
        _rollbackTimer = null;
        _rollbackTo = null;
        ConfirmDeadline = null;
        _rollbackGeneration++;
    }

    public void Dispose()
    {
        lock (_lock) _rollbackTimer?.Dispose();
    }
}

/// <summary>How a commit went.</summary>
/// <param name="Errors">Why it was refused (each a sentence, without the <c>error:</c> prefix); empty on success.</param>
/// <param name="Sequence">The saved commit's sequence number, 0 when nothing was saved.</param>
public sealed record CommitResult(bool Success, IReadOnlyList<string> Errors, string Message, long Sequence)
{
    public static CommitResult Done(string message, long sequence) => new(true, [], message, sequence);
    public static CommitResult Refused(IReadOnlyList<string> errors) => new(false, errors, "", 0);
}
