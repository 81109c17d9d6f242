namespace OnLan.Addressing;

/// <summary>A store that keeps the last saved state in memory: for tests, and for a gateway with no writable medium.</summary>
public sealed class InMemoryLeaseStore : ILeaseStore
{
    private readonly Lock _gate = new();
    private LeaseFile? _saved;

    public LeaseFile? Saved
    {
        get { lock (_gate) return _saved; }
    }

    private int _saves;

    /// <summary>How many times <see cref="Save"/> was called.</summary>
    public int Saves
    {
        get { lock (_gate) return _saves; }
    }

    public LeaseLoad Load()
    {
        lock (_gate) return _saved is null ? LeaseLoad.Nothing : LeaseLoad.Loaded(_saved);
    }

    public void Save(LeaseFile file)
    {
        lock (_gate)
        {
            _saved = file;
            _saves++;
        }
    }
}
