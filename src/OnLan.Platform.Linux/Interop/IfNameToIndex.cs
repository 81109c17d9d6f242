using System.Runtime.InteropServices;

namespace OnLan.Platform.Linux.Interop;

internal static unsafe partial class Libc
{
    /// <summary>if_nametoindex(3): the interface index, or 0 with errno (ENODEV) when there is no such interface.</summary>
    /// <param name="name">NUL-terminated interface name.</param>
    [LibraryImport(Library, SetLastError = true)]
    internal static partial uint if_nametoindex(byte* name);
}
