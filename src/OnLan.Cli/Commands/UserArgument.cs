namespace OnLan.Cli.Commands;

/// <summary>A remote user's identity (Tab offers the configured users).</summary>
public sealed class UserArgument() : SingleWordArgument("<user>", "A remote user's IKE identity (set vpn user …)", optional: false)
{
    protected override CliError? CheckWord(ICommandContext context, CliToken word) => null; // the gateway says whether it can

    protected override IEnumerable<Choice> Words(ICommandContext context)
    {
        foreach (string user in context.Configuration.Vpn.Users.Keys)
            yield return Choice.Word(user, "configured user");
    }
}
