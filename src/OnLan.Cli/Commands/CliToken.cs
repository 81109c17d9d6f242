namespace OnLan.Cli.Commands;

/// <summary>A word of a command line.</summary>
/// <param name="Text">The word, without its quotes.</param>
/// <param name="Column">1-based column where it starts (its opening quote, if quoted).</param>
/// <param name="Length">Characters it takes on the line, quotes included.</param>
public readonly record struct CliToken(string Text, int Column, int Length);
