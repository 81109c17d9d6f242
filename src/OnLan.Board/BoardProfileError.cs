namespace OnLan.Board;

/// <summary>One thing wrong with a board.conf. <see cref="Line"/> is 1-based; 0 means the file as a whole (a missing statement).</summary>
public sealed record BoardProfileError(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
