using System.Runtime.InteropServices;

namespace OnLan.Testing.Interop;

/// <summary>The three calls <see cref="NetworkNamespace.Enter"/> needs (kept here so this project stays free of the platform code).</summary>
internal static unsafe partial class Libc
{
    public const int CloneNewNet = 0x40000000;
    public const int ReadOnly = 0;
    public const int CloseOnExec = 0x80000;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int setns(int fd, int namespaceType);
}
