namespace OnLan.Cli.Commands;

/// <summary>Why a line was refused, and which word of it is at fault.</summary>
/// <param name="Column">1-based column of the offending word on the line as typed; 0 when no single word is at fault.</param>
public sealed record CliError(int Column, string Message);
