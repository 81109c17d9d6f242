namespace OnLan.Cli.Commands;

/// <summary>One thing that may come next on a line, as Tab and <c>?</c> show it.</summary>
/// <param name="Text">A word to type (<paramref name="IsWord"/>), or a placeholder like <c>&lt;a.b.c.d&gt;</c> or <c>&lt;Enter&gt;</c>.</param>
/// <param name="IsWord">True when Tab may insert <paramref name="Text"/> as it is.</param>
public readonly record struct Choice(string Text, string Help, bool IsWord)
{
    public const string EnterText = "<Enter>";

    public static Choice Word(string text, string help) => new(text, help, true);
    public static Choice Placeholder(string text, string help) => new(text, help, false);
    public static Choice Enter { get; } = new(EnterText, "Execute this command", false);
}
