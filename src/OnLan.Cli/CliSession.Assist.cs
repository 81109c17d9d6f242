using System.Text;
using OnLan.Cli.Commands;
using OnLan.Cli.Editing;
using OnLan.Cli.Statements;

namespace OnLan.Cli;

// Tab and '?': both read the command table (and the schema, after set/delete) at the cursor.
public sealed partial class CliSession
{
    public Completion Complete(string beforeCursor)
    {
        if (_question is not null || !NextChoices(beforeCursor, out string partial, out var choices, out _)) return Completion.Nothing;
        var words = new List<Choice>();
        foreach (var choice in choices)
            if (choice.IsWord && choice.Text != Secrets.Mask && choice.Text.StartsWith(partial, StringComparison.Ordinal) &&
                !words.Exists(w => w.Text == choice.Text))
                words.Add(choice);

        if (words.Count == 1) return new Completion(words[0].Text[partial.Length..] + " ", null);
        if (words.Count > 1)
        {
            string common = CommonPrefix(words);
            // Like bash: the first Tab extends to what all choices share; when there is nothing to add, list them.
            return common.Length > partial.Length
                ? new Completion(common[partial.Length..], null)
                : new Completion("", Listing(words));
        }
        // Nothing to type for the user (a value): show what is wanted instead.
        var placeholders = choices.Where(c => !c.IsWord).ToList();
        return placeholders.Count > 0 && partial.Length == 0 ? new Completion("", Listing(placeholders)) : Completion.Nothing;
    }

    public string Help(string beforeCursor)
    {
        if (_question is { } question) return question.Help;
        if (!NextChoices(beforeCursor, out string partial, out var choices, out var error)) return "error: " + error!.Message;
        var shown = new List<Choice>();
        foreach (var choice in choices)
            if ((!choice.IsWord || choice.Text.StartsWith(partial, StringComparison.Ordinal)) && !shown.Exists(c => c.Text == choice.Text))
                shown.Add(choice);
        if (shown.Count == 0) return $"error: nothing may start with '{partial}' here";
        return "Possible completions:\n" + Listing(shown);
    }

    // The complete words before the cursor are read against the table; the word the cursor is in (if any) is the
    // prefix the choices are filtered by.
    private bool NextChoices(string beforeCursor, out string partial, out List<Choice> choices, out CliError? error)
    {
        var tokens = new List<CliToken>();
        CliTokenizer.Split(beforeCursor, tokens, out bool endsInWord, out _);
        partial = "";
        if (endsInWord)
        {
            partial = tokens[^1].Text;
            tokens.RemoveAt(tokens.Count - 1);
        }
        choices = [];
        error = CommandResolver.Next(CliCommands.Tree(Mode), this, tokens, 0, choices);
        return error is null;
    }

    private static string Listing(List<Choice> choices)
    {
        int width = Math.Max(20, choices.Max(c => c.Text.Length) + 2);
        var text = new StringBuilder();
        foreach (var choice in choices) text.Append("  ").Append(choice.Text.PadRight(width)).Append(choice.Help).Append('\n');
        return text.ToString();
    }

    private static string CommonPrefix(List<Choice> words)
    {
        string common = words[0].Text;
        foreach (var word in words)
        {
            int length = 0;
            while (length < common.Length && length < word.Text.Length && common[length] == word.Text[length]) length++;
            common = common[..length];
        }
        return common;
    }
}
