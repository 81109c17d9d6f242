namespace OnLan.Provisioning.Pki;

/// <summary>
/// Writes a whole file or nothing: a temporary file in the same directory, created with its final mode (a private key
/// is never readable by others, not even for a moment), flushed to disk, renamed over the target, directory fsynced.
/// </summary>
internal static class AtomicFile
{
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;                       // 0600
    public const UnixFileMode Public = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;             // 0644

    public static void Write(string path, ReadOnlySpan<byte> contents, UnixFileMode mode) => OnLan.Storage.DurableFile.Write(path, contents, mode);

    public static void Write(string path, string text, UnixFileMode mode) => Write(path, System.Text.Encoding.ASCII.GetBytes(text), mode);
}
