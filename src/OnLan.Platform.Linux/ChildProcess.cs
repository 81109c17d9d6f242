using System.Collections;
using System.Diagnostics;
using System.Runtime.InteropServices;
using OnLan.Platform.Linux.Interop;

namespace OnLan.Platform.Linux;

/// <summary>
/// Runs a program and waits for its exit code: what `poweroff` and `reboot` need (systemctl). posix_spawnp and
/// waitpid directly rather than System.Diagnostics.Process, which with its pipes and URI handling costs the board's
/// binary about 110 KB of its 6 MB budget for one call. The child inherits the environment and no redirections.
/// </summary>
public static unsafe class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="program"/> (looked up in PATH) with <paramref name="arguments"/> and returns its exit
    /// code; null when it could not be started, was ended by a signal, or ran longer than <paramref name="timeout"/>
    /// (it is then killed and reaped: no zombie is left).
    /// </summary>
    public static int? Run(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var strings = new List<nint>();
        try
        {
            byte** argv = Array([program, .. arguments], strings);
            var environment = new List<string>();
            foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
                environment.Add($"{variable.Key}={variable.Value}");
            byte** envp = Array(environment, strings);
            byte* file = (byte*)Marshal.StringToCoTaskMemUTF8(program);
            strings.Add((nint)file);

            if (Libc.posix_spawnp(out int pid, file, 0, 0, argv, envp) != 0) return null;
            long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (true)
            {
                int changed = Libc.waitpid(pid, out int status, Libc.WNOHANG);
                if (changed == pid)
                    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : null; // WIFEXITED → WEXITSTATUS
                if (changed < 0) return null;
                if (Stopwatch.GetTimestamp() >= deadline)
                {
                    Libc.kill(pid, Libc.SIGKILL);
                    Libc.waitpid(pid, out _, 0);
                    return null;
                }
                Thread.Sleep(10);
            }
        }
        finally
        {
            foreach (nint pointer in strings) Marshal.FreeCoTaskMem(pointer);
        }
    }

    // A NULL-terminated array of UTF-8 strings; every allocation is recorded in owned, to be freed.
    private static byte** Array(IReadOnlyList<string> items, List<nint> owned)
    {
        var array = (byte**)Marshal.AllocCoTaskMem((items.Count + 1) * sizeof(nint));
        owned.Add((nint)array);
        for (int i = 0; i < items.Count; i++)
        {
            array[i] = (byte*)Marshal.StringToCoTaskMemUTF8(items[i]);
            owned.Add((nint)array[i]);
        }
        array[items.Count] = null;
        return array;
    }
}
