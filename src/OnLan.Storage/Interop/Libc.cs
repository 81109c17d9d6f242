using System.Runtime.InteropServices;

namespace OnLan.Storage.Interop;

/// <summary>
/// The three libc calls it takes to fsync a directory. .NET will not open a directory as a file handle
/// (File.OpenHandle refuses with UnauthorizedAccessException), and without this fsync a rename may be lost on
/// power failure even though the renamed file's data was flushed.
/// </summary>
internal static partial class Libc
{
    // O_DIRECTORY differs between x86-64 and ARM, so it is left out: open(2) with O_RDONLY accepts a directory.
    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000; // same value on x86-64, arm and arm64
    private const int Interrupted = 4;       // EINTR

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    /// <summary>Makes the directory's entries (a rename into it) durable. Throws <see cref="IOException"/> with errno.</summary>
    public static void FsyncDirectory(string directory)
    {
        int fd;
        do fd = Open(directory, ReadOnly | CloseOnExec);
        while (fd < 0 && Marshal.GetLastPInvokeError() == Interrupted);
        if (fd < 0) throw new IOException($"open({directory}) failed: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            int result;
            do result = Fsync(fd);
            while (result < 0 && Marshal.GetLastPInvokeError() == Interrupted);
            if (result < 0) throw new IOException($"fsync({directory}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
        finally
        {
            Close(fd);
        }
    }
}
