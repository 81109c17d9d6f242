namespace OnLan.Cli.Commands;

/// <summary>Where a command may be typed: operational mode (<c>onlan&gt;</c>) or configuration mode (<c>onlan#</c>).</summary>
[Flags]
public enum CliMode
{
    Operational = 1,
    Configuration = 2,
}
