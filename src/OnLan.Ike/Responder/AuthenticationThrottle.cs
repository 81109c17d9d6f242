using OnLan.Wire;

namespace OnLan.Ike.Responder;

/// <summary>
/// Repeated authentication failures, per identity and per source address: after <see cref="Limit"/> failures within
/// <see cref="Window"/>, that identity (or address) is refused at once — AUTHENTICATION_FAILED without checking a
/// password or a signature — until <see cref="Window"/> has passed since its last failure. Password guessing gets
/// slow, and costs the gateway nothing. The table is bounded (the entry idle longest makes room), so a flood of
/// names or addresses leaves no state behind beyond it.
/// </summary>
public sealed class AuthenticationThrottle
{
    public const int Limit = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public const int Capacity = 4096;

    private readonly Dictionary<string, Entry> _byIdentity = new(StringComparer.Ordinal);
    private readonly Dictionary<Ipv4Address, Entry> _bySource = [];

    private sealed class Entry
    {
        public int Failures;
        public TimeSpan Last;
    }

    public long Refused { get; private set; }

    /// <summary>True when <paramref name="identity"/> or <paramref name="source"/> has failed too often lately.</summary>
    public bool IsBlocked(string identity, Ipv4Address source, TimeSpan now)
    {
        bool blocked = Blocked(_byIdentity, identity, now) || Blocked(_bySource, source, now);
        if (blocked) Refused++;
        return blocked;
    }

    public void Failed(string identity, Ipv4Address source, TimeSpan now)
    {
        Count(_byIdentity, identity, now);
        Count(_bySource, source, now);
    }

    /// <summary>A success clears the identity's record (not the address's: one user's success says nothing of others').</summary>
    public void Succeeded(string identity) => _byIdentity.Remove(identity);

    private static bool Blocked<TKey>(Dictionary<TKey, Entry> table, TKey key, TimeSpan now) where TKey : notnull =>
        table.TryGetValue(key, out var entry) && entry.Failures >= Limit && now - entry.Last < Window;

    private static void Count<TKey>(Dictionary<TKey, Entry> table, TKey key, TimeSpan now) where TKey : notnull
    {
        if (!table.TryGetValue(key, out var entry))
        {
            if (table.Count >= Capacity) Evict(table);
            table[key] = entry = new Entry();
        }
        // Failures further apart than the window start the count again.
        if (now - entry.Last >= Window) entry.Failures = 0;
        entry.Failures++;
        entry.Last = now;
    }

    // Control path, bounded table: a linear pass to find the entry idle longest is fine at this size.
    private static void Evict<TKey>(Dictionary<TKey, Entry> table) where TKey : notnull
    {
        TKey? oldest = default;
        var oldestTime = TimeSpan.MaxValue;
        foreach (var (key, entry) in table)
        {
            if (entry.Last >= oldestTime) continue;
            oldest = key;
            oldestTime = entry.Last;
        }
        if (oldest is not null) table.Remove(oldest);
    }
}
