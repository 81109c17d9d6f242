using OnLan.Addressing;

namespace OnLan.LeaseWriter;

/// <summary>Says on <paramref name="output"/> which sequence number each save made durable, after it did.</summary>
internal sealed class ReportingStore(ILeaseStore inner, TextWriter output) : ILeaseStore
{
    public LeaseLoad Load() => inner.Load();

    public void Save(LeaseFile file)
    {
        inner.Save(file);
        output.WriteLine($"saved {file.Sequence}");
    }
}
