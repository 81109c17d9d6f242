using Xunit;

namespace OnLan.Testing;

/// <summary>A fact that needs root; without it the test shows, loudly, as skipped.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Root.IsRoot) Skip = Root.SkipReason;
    }
}
