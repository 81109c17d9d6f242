using System.Globalization;

namespace OnLan.Cli.Commands;

/// <summary>A whole number from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
public sealed class NumberArgument(string placeholder, string help, int minimum, int maximum, bool optional = false)
    : SingleWordArgument(placeholder, help, optional)
{
    public int Minimum { get; } = minimum;
    public int Maximum { get; } = maximum;

    public bool TryParse(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= Minimum && value <= Maximum;

    protected override CliError? CheckWord(ICommandContext context, CliToken word) =>
        TryParse(word.Text, out _) ? null : new CliError(word.Column, $"'{word.Text}' is not a number from {Minimum} to {Maximum}");
}
