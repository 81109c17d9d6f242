using Xunit;

namespace OnLan.Testing;

/// <summary>A theory that needs root; without it the test shows, loudly, as skipped.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        if (!Root.IsRoot) Skip = Root.SkipReason;
    }
}
