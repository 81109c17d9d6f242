using System.Runtime.InteropServices;
using Tmds.Linux;

namespace OnLan.Platform.Linux.Interop;

internal static unsafe partial class Libc
{
    /// <summary>
    /// sendmmsg(2): sends up to <paramref name="length"/> messages in one call. Returns how many were sent, which
    /// may be fewer; -1 with errno only when the first one failed.
    /// </summary>
    [LibraryImport(Library, SetLastError = true)]
    internal static partial int sendmmsg(int socket, mmsghdr* messages, uint length, int flags);
}
