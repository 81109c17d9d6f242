namespace OnLan.Cli.Editing;

/// <summary>
/// What the editor asks of the command side for Tab and <c>?</c>. Both see only the text before the cursor: what
/// follows it is left as it is.
/// </summary>
public interface ILineAssist
{
    /// <summary>Tab: what to insert at the cursor, and/or a listing to print below the line (ambiguous choices).</summary>
    Completion Complete(string beforeCursor);

    /// <summary><c>?</c>: the listing of what may come next, with help texts, lines separated by '\n'.</summary>
    string Help(string beforeCursor);
}

/// <param name="Insert">Text to insert at the cursor ("" when nothing can be added).</param>
/// <param name="Listing">Lines to print below the line before the prompt is redrawn, or null.</param>
public readonly record struct Completion(string Insert, string? Listing)
{
    public static Completion Nothing { get; } = new("", null);
}
