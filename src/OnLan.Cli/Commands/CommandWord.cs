namespace OnLan.Cli.Commands;

/// <summary>
/// A node of the command tree built from the table for one mode: a word, its help, the words that may follow it, and
/// the command that ends here (if any).
/// </summary>
public sealed class CommandWord(string word, string help)
{
    public string Word { get; } = word;
    public string Help { get; internal set; } = help;
    public List<CommandWord> Children { get; } = [];
    public CliCommand? Command { get; internal set; }

    public CommandWord? Child(string word)
    {
        foreach (var child in Children)
            if (child.Word == word) return child;
        return null;
    }

    /// <summary>Builds the tree of <paramref name="commands"/> typed in <paramref name="mode"/>.</summary>
    public static CommandWord Tree(IEnumerable<CliCommand> commands, CliMode mode)
    {
        var root = new CommandWord("", "");
        foreach (var command in commands)
        {
            if ((command.Modes & mode) == 0) continue;
            var node = root;
            foreach (var word in command.Words)
            {
                var child = node.Child(word);
                if (child is null)
                {
                    child = new CommandWord(word, command.Help);
                    node.Children.Add(child);
                }
                node = child;
            }
            node.Help = command.Help;
            if (command.Run is not null) node.Command = command;
        }
        return root;
    }
}
