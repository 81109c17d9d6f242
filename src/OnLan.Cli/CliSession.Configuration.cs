using OnLan.Cli.Commands;
using OnLan.Cli.Statements;
using OnLan.Configuration;

namespace OnLan.Cli;

// Configuration mode: a candidate edited with set and delete, compared with show, put into force with commit.
public sealed partial class CliSession
{
    internal bool Set(CommandInvocation invocation)
    {
        var changed = StatementEditor.Set(Candidate!, invocation.Tokens, invocation.ArgumentStart, out var error);
        if (error is not null) return Fail(invocation.Line, error);
        Candidate = changed;
        return true;
    }

    internal bool Delete(CommandInvocation invocation)
    {
        var changed = StatementEditor.Delete(Candidate!, invocation.Tokens, invocation.ArgumentStart, out var error);
        if (error is not null) return Fail(invocation.Line, error);
        Candidate = changed;
        return true;
    }

    /// <summary>
    /// A fresh candidate: the configuration in force, remembered as the candidate's base (what <c>commit</c> checks is
    /// still in force, and what "uncommitted changes" are measured from).
    /// </summary>
    private void StartCandidate()
    {
        Candidate = Gateway.Running;
        _candidateBase = ConfigurationWriter.Write(Candidate);
    }

    internal bool ShowCandidate()
    {
        string inForce = ConfigurationWriter.Write(Gateway.Running);
        var lines = ConfigurationDiff.Lines(inForce, ConfigurationWriter.Write(Candidate!));
        if (_candidateBase is not null && _candidateBase != inForce) _output.Append("note: ").Append(CommitCoordinator.ChangedUnderneath).Append('\n');
        if (lines.Count == 0) _output.Append("no changes\n");
        foreach (var line in lines) _output.Append(line[..2]).Append(Secrets.MaskLine(line[2..])).Append('\n');
        return true;
    }

    /// <summary><c>commit</c> (<paramref name="invocation"/> null) or <c>commit confirmed &lt;minutes&gt;</c>.</summary>
    internal bool Commit(CommandInvocation? invocation)
    {
        TimeSpan? within = invocation is null ? null : TimeSpan.FromMinutes(NumberOr(invocation.Argument(0), CliCommands.ConfirmMinutes, 10));
        var result = Commits.Commit(Candidate!, within, _candidateBase, committer: this);
        if (!result.Success)
        {
            _output.Append("error: commit refused, nothing changed:\n");
            foreach (var error in result.Errors) _output.Append("error: ").Append(error).Append('\n');
            return false;
        }
        StartCandidate();
        _output.Append(result.Message).Append('\n');
        return true;
    }

    internal bool Confirm()
    {
        if (!Commits.Confirm()) return Fail("no confirmed commit is waiting");
        _output.Append("commit confirmed: the rollback is cancelled\n");
        return true;
    }

    internal bool Rollback(CommandInvocation invocation)
    {
        int back = NumberOr(invocation.Argument(0), CliCommands.RollbackNumber, 0);
        var stored = Commits.ReadCommit(back);
        if (stored.Error is not null) return Fail(stored.Error);
        if (stored.Statements is null) return Fail($"there is no commit {back}");
        var configuration = GatewayConfiguration.Empty;
        var lines = stored.Statements.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            configuration = ConfigurationParser.ApplyStatement(configuration, lines[i].TrimEnd('\r'), out var error);
            if (error is not null) return Fail($"commit {back} does not read back, line {i + 1}: {error.Message}");
        }
        Candidate = configuration;
        string when = stored.SavedAt is { } saved ? $", saved {Formatting.Units.Time(saved)}" : "";
        _output.Append($"commit {back} (sequence {stored.Sequence}{when}) loaded into the candidate: 'show' to compare, 'commit' to apply\n");
        return true;
    }

    internal bool Discard()
    {
        StartCandidate();
        _output.Append("changes discarded\n");
        return true;
    }

    internal bool ExitConfiguration(bool discard)
    {
        if (!discard && ConfigurationWriter.Write(Candidate!) != _candidateBase)
            return Fail("there are uncommitted changes: 'commit' them, or 'exit discard' to drop them");
        Candidate = null;
        _candidateBase = null;
        Mode = CliMode.Operational;
        return true;
    }
}
