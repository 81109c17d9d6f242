using OnLan.Storage.Interop;

namespace OnLan.Storage;

/// <summary>
/// Writes a whole file or nothing, so that after a crash or a power cut the file is the old one or the new one:
/// a fresh temporary file in the same directory, created with its final mode (a private key or a secret is never
/// readable by others, not even for a moment), written, flushed to disk, renamed over the target (rename(2) is
/// atomic), and the directory flushed so that the rename itself survives.
/// </summary>
public static class DurableFile
{
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;                   // 0600
    public const UnixFileMode Public = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;         // 0644

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="contents"/>. <paramref name="temporaryPath"/> (default:
    /// a unique name beside the target) is deleted first if a crashed save left it. Throws <see cref="IOException"/>
    /// or <see cref="UnauthorizedAccessException"/>; the target is then unchanged.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> contents, UnixFileMode mode, string? temporaryPath = null)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temporary = temporaryPath ?? Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        // A leftover is deleted, not reused: the mode below applies only to a new file.
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode;
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        if (!OperatingSystem.IsWindows()) Libc.FsyncDirectory(directory);
    }
}
