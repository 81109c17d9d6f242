namespace OnLan.Cli.Commands;

/// <summary>A resolved command line: the line as typed, its words, and where the command's argument words begin.</summary>
public sealed record CommandInvocation(string Line, IReadOnlyList<CliToken> Tokens, int ArgumentStart)
{
    public int ArgumentCount => Tokens.Count - ArgumentStart;

    public string? Argument(int index) => ArgumentStart + index < Tokens.Count ? Tokens[ArgumentStart + index].Text : null;
}
