namespace OnLan.Board;

/// <summary>A loaded profile, or every error found in it (all of them, so one edit fixes a file).</summary>
public sealed class BoardProfileResult
{
    internal BoardProfileResult(BoardProfile? profile, IReadOnlyList<BoardProfileError> errors)
    {
        Profile = profile;
        Errors = errors;
    }

    /// <summary>The profile; null exactly when <see cref="Errors"/> is not empty.</summary>
    public BoardProfile? Profile { get; }

    public IReadOnlyList<BoardProfileError> Errors { get; }

    public bool Succeeded => Profile is not null;

    /// <summary>The errors, one per line, for the console and the log.</summary>
    public string ErrorText => string.Join(Environment.NewLine, Errors);
}
