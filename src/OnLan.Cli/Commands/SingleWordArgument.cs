namespace OnLan.Cli.Commands;

/// <summary>An argument of exactly one word (a number, a session id).</summary>
public abstract class SingleWordArgument(string placeholder, string help, bool optional) : CliArgument(placeholder, help, optional)
{
    protected abstract CliError? CheckWord(ICommandContext context, CliToken word);

    /// <summary>Words Tab may offer (session ids); none by default.</summary>
    protected virtual IEnumerable<Choice> Words(ICommandContext context) => [];

    public override CliError? Check(ICommandContext context, IReadOnlyList<CliToken> tokens, int start)
    {
        int count = tokens.Count - start;
        if (count == 0) return Optional ? null : new CliError(0, $"missing {Placeholder}: {Help}");
        if (count > 1) return new CliError(tokens[start + 1].Column, $"unexpected '{tokens[start + 1].Text}' after {Placeholder}");
        return CheckWord(context, tokens[start]);
    }

    public override CliError? Next(ICommandContext context, IReadOnlyList<CliToken> tokens, int start, List<Choice> choices)
    {
        int count = tokens.Count - start;
        if (count == 0)
        {
            choices.AddRange(Words(context));
            choices.Add(Choice.Placeholder(Placeholder, Help));
            if (Optional) choices.Add(Choice.Enter);
            return null;
        }
        var error = Check(context, tokens, start);
        if (error is not null) return error;
        choices.Add(Choice.Enter);
        return null;
    }
}
