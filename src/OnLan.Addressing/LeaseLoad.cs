namespace OnLan.Addressing;

/// <summary>What <see cref="ILeaseStore.Load"/> found.</summary>
/// <param name="File">The stored state; null when there is none or it could not be used.</param>
/// <param name="Error">Why a store that exists could not be used (for the log); null when nothing went wrong.
/// A first start with no store yet is not an error.</param>
public readonly record struct LeaseLoad(LeaseFile? File, string? Error)
{
    public static LeaseLoad Nothing => default;
    public static LeaseLoad Loaded(LeaseFile file) => new(file, null);
    public static LeaseLoad Failed(string error) => new(null, error);
}
