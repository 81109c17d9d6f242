namespace OnLan.Cli.Storage;

/// <summary>What a read of the store found.</summary>
/// <param name="Statements">The <c>set</c> statements, or null when there is nothing (first start) or on error.</param>
/// <param name="Sequence">The commit's sequence number (0 for a file written by hand).</param>
/// <param name="Error">Why nothing could be read, or null.</param>
/// <param name="Warning">Something the operator should know although a configuration was read (the main file was damaged and its copy in the history was used).</param>
public sealed record StoredConfiguration(string? Statements, long Sequence, DateTimeOffset? SavedAt, string? Error, string? Warning = null)
{
    public static StoredConfiguration Nothing { get; } = new(null, 0, null, null);

    public static StoredConfiguration Failed(string error) => new(null, 0, null, error);
}
