namespace OnLan.Configuration;

/// <summary>Why a statement or a whole configuration was refused.</summary>
/// <param name="Line">1-based line in the file, 0 for a check over the whole configuration.</param>
/// <param name="Column">1-based column of the offending word, 0 when no single word is at fault.</param>
public sealed record ConfigurationError(int Line, int Column, string Message)
{
    public override string ToString() =>
        Line == 0 ? Message : Column == 0 ? $"line {Line}: {Message}" : $"line {Line}, column {Column}: {Message}";
}
