using System.Runtime.InteropServices;
using Tmds.Linux;

namespace OnLan.Platform.Linux.Interop;

internal static unsafe partial class Libc
{
    /// <summary>
    /// recvmmsg(2): receives up to <paramref name="length"/> messages in one call. Returns the number received
    /// (each <c>msg_len</c> set, <c>msg_hdr.msg_flags</c> carrying MSG_TRUNC for a cut frame) or -1 with errno.
    /// </summary>
    [LibraryImport(Library, SetLastError = true)]
    internal static partial int recvmmsg(int socket, mmsghdr* messages, uint length, int flags, timespec* timeout);
}
