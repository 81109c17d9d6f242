namespace OnLan.Cli.Commands;

/// <summary>The id of a session, as <c>show sessions</c> lists it; Tab offers the ids of the sessions up now.</summary>
public sealed class SessionIdArgument() : SingleWordArgument("<session-id>", "Session id, as 'show sessions' lists it", optional: false)
{
    protected override CliError? CheckWord(ICommandContext context, CliToken word) => null; // the gateway says whether it exists

    protected override IEnumerable<Choice> Words(ICommandContext context)
    {
        foreach (var session in context.Sessions())
            yield return Choice.Word(session.Id, $"{session.Identity} from {session.OuterAddress}");
    }
}
