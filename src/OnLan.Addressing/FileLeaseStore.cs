
namespace OnLan.Addressing;

/// <summary>
/// Leases in one file, replaced whole on every save (the state is small: a few thousand entries at most).
/// <para>
/// Save: write <c>path.tmp</c> afresh, fsync it, rename it over <c>path</c>, fsync the directory. rename(2) is
/// atomic, so after a crash at any point <c>path</c> is the previous complete file or the new one; the checksum
/// line in the file (see <see cref="LeaseFile"/>) catches what the file system does not promise, such as a medium
/// that tears a write.
/// </para>
/// <para>
/// No <c>.bak</c> copy is kept: the rename already guarantees a complete file after a crash, and a second copy would
/// double the writes to the board's flash for protection only against the medium itself going bad. A file that
/// fails its checksum is moved aside to <c>path.corrupt</c> (for whoever investigates) and the pool starts empty.
/// </para>
/// </summary>
public sealed class FileLeaseStore(string path) : ILeaseStore
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    private string TemporaryPath => Path + ".tmp";
    public string CorruptPath => Path + ".corrupt";

    public LeaseLoad Load()
    {
        try
        {
            // A .tmp is a save that did not reach its rename: never the current state.
            File.Delete(TemporaryPath);
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(Path);
            }
            catch (FileNotFoundException)
            {
                return LeaseLoad.Nothing; // the first start
            }
            if (LeaseFile.TryParse(bytes, out var file, out string error)) return LeaseLoad.Loaded(file!);
            string aside = TryMoveAside() ? $"; moved to {CorruptPath}" : "";
            return LeaseLoad.Failed($"lease store {Path} refused: {error}{aside}");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return LeaseLoad.Failed($"lease store {Path} unreadable: {exception.Message}");
        }
    }

    public void Save(LeaseFile file)
    {
        byte[] bytes = file.ToBytes();
        OnLan.Storage.DurableFile.Write(Path, bytes, OnLan.Storage.DurableFile.Private, TemporaryPath);
    }

    private bool TryMoveAside()
    {
        try
        {
            File.Move(Path, CorruptPath, overwrite: true);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
