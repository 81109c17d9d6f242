namespace OnLan.Testing;

/// <summary>Whether the tests run with the privileges network namespaces need.</summary>
public static class Root
{
    public const string SkipReason = "SKIPPED: needs root (network namespaces) — run `sudo make test`";

    /// <summary>True when the effective user id is 0 (geteuid() == 0).</summary>
    public static bool IsRoot => Environment.IsPrivilegedProcess;
}
