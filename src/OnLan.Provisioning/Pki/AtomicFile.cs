using OnLan.Provisioning.Interop;

namespace OnLan.Provisioning.Pki;

/// <summary>
/// Writes a whole file or nothing: a temporary file in the same directory, created with its final mode (a private key
/// is never readable by others, not even for a moment), flushed to disk, renamed over the target, directory fsynced.
/// </summary>
internal static class AtomicFile
{
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;                       // 0600
    public const UnixFileMode Public = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;             // 0644

    public static void Write(string path, ReadOnlySpan<byte> contents, UnixFileMode mode)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode;
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }
            // rename(2): readers see the old file or the new one, never a part.
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        if (!OperatingSystem.IsWindows()) Libc.FsyncDirectory(directory);
    }

    public static void Write(string path, string text, UnixFileMode mode) => Write(path, System.Text.Encoding.ASCII.GetBytes(text), mode);
}
