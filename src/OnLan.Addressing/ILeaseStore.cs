namespace OnLan.Addressing;

/// <summary>
/// Where the pool keeps its leases across restarts. The pool calls <see cref="Save"/> under its lock, so calls
/// never overlap and arrive in sequence order.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// The last state saved. Never throws for a missing, unreadable or corrupt store: that is reported in the
    /// result, and the pool starts empty.
    /// </summary>
    LeaseLoad Load();

    /// <summary>
    /// Replaces the stored state with <paramref name="file"/>, durably: when this returns, a power cut keeps it.
    /// A crash in the middle leaves either the previous state or this one, never a mix. Throws
    /// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when the medium refuses.
    /// </summary>
    void Save(LeaseFile file);
}
