using System.Runtime.InteropServices;

namespace OnLan.Platform.Linux.Interop;

internal static unsafe partial class Libc
{
    /// <summary>posix_spawnp(3): starts <paramref name="file"/> (searched in PATH); 0, or the error number.</summary>
    /// <param name="argv">NULL-terminated array of NUL-terminated arguments, argv[0] first.</param>
    /// <param name="envp">NULL-terminated array of "NAME=value" strings.</param>
    [LibraryImport(Library)]
    internal static partial int posix_spawnp(out int pid, byte* file, nint fileActions, nint attributes, byte** argv, byte** envp);

    /// <summary>waitpid(2): the child's pid when it changed state, 0 with WNOHANG while it runs, -1 with errno.</summary>
    [LibraryImport(Library, SetLastError = true)]
    internal static partial int waitpid(int pid, out int status, int options);

    /// <summary>kill(2).</summary>
    [LibraryImport(Library, SetLastError = true)]
    internal static partial int kill(int pid, int signal);

    internal const int WNOHANG = 1;
    internal const int SIGKILL = 9;
}
