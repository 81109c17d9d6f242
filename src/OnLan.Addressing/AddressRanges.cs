using OnLan.Wire;

namespace OnLan.Addressing;

/// <summary>
/// The addresses a pool may hand out: the configured ranges, sorted and merged, minus the exclusions. Kept as
/// disjoint inclusive intervals so "is it in the pool" is a binary search and "the lowest one" is a walk in order.
/// </summary>
internal sealed class AddressRanges
{
    // Bounds are held as long so that 255.255.255.255 + 1 does not wrap while walking.
    private readonly (long First, long Last)[] _intervals;

    public AddressRanges(
        IEnumerable<(Ipv4Address First, Ipv4Address Last)> ranges,
        IEnumerable<(Ipv4Address First, Ipv4Address Last)> exclusions)
    {
        var included = Normalize(ranges, "range");
        var excluded = Normalize(exclusions, "exclusion");
        var result = new List<(long First, long Last)>();
        int e = 0;
        foreach (var (first, last) in included)
        {
            long start = first;
            while (e < excluded.Count && excluded[e].Last < start) e++;
            for (int k = e; k < excluded.Count && excluded[k].First <= last; k++)
            {
                if (excluded[k].First > start) result.Add((start, excluded[k].First - 1));
                start = Math.Max(start, excluded[k].Last + 1);
            }
            if (start <= last) result.Add((start, last));
        }
        _intervals = [.. result];
        foreach (var (first, last) in _intervals) Count += last - first + 1;
    }

    /// <summary>How many addresses the pool holds.</summary>
    public long Count { get; }

    public bool Contains(Ipv4Address address)
    {
        long value = address.Value;
        int low = 0, high = _intervals.Length - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            if (value < _intervals[middle].First) high = middle - 1;
            else if (value > _intervals[middle].Last) low = middle + 1;
            else return true;
        }
        return false;
    }

    /// <summary>Every address any of <paramref name="parts"/> holds: the whole pool over its scopes.</summary>
    public static AddressRanges Union(IEnumerable<AddressRanges> parts)
    {
        var intervals = new List<(Ipv4Address First, Ipv4Address Last)>();
        foreach (var part in parts)
            foreach (var (first, last) in part._intervals)
                intervals.Add((new Ipv4Address((uint)first), new Ipv4Address((uint)last)));
        return new AddressRanges(intervals, []);
    }

    /// <summary>The pool's addresses, lowest first.</summary>
    public IEnumerable<Ipv4Address> Ascending()
    {
        foreach (var (first, last) in _intervals)
            for (long value = first; value <= last; value++)
                yield return new Ipv4Address((uint)value);
    }

    /// <summary>Sorted, merged, validated intervals; overlapping or adjacent ones become one.</summary>
    private static List<(long First, long Last)> Normalize(IEnumerable<(Ipv4Address First, Ipv4Address Last)> ranges, string what)
    {
        var sorted = new List<(long First, long Last)>();
        foreach (var (first, last) in ranges)
        {
            if (last.Value < first.Value) throw new ArgumentException($"{what} {first}-{last} is reversed");
            sorted.Add((first.Value, last.Value));
        }
        sorted.Sort();
        var merged = new List<(long First, long Last)>(sorted.Count);
        foreach (var interval in sorted)
        {
            if (merged.Count > 0 && interval.First <= merged[^1].Last + 1)
                merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, interval.Last));
            else
                merged.Add(interval);
        }
        return merged;
    }
}
