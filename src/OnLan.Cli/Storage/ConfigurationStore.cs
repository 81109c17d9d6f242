using System.Globalization;

namespace OnLan.Cli.Storage;

/// <summary>
/// The configuration file and the history of the last <see cref="HistoryDepth"/> commits.
/// <para>
/// Layout: <c>onlan.conf</c> (what the gateway starts from) and <c>onlan.conf.history/&lt;sequence&gt;.conf</c>, one
/// file per commit, all in <see cref="ConfigurationFile"/> format, all mode 0600 (they hold pre-shared keys); the
/// history directory is 0700.
/// </para>
/// <para>
/// Save: the commit goes to its history file first, then replaces the main file; each write is "temporary file in the
/// same directory (created 0600), write, fsync, rename over, fsync the directory". rename(2) is atomic, so a crash at
/// any point leaves the main file the old commit or the new one, never a mix; a history file without a main file
/// to match is a commit that did not finish: the next save numbers past it, and <see cref="LoadCommit"/> skips it.
/// History beyond the last <see cref="HistoryDepth"/> is deleted before and after each save.
/// </para>
/// <para>
/// I/O failures come back as error text, never as exceptions: the console shows them and keeps running.
/// </para>
/// </summary>
public sealed class ConfigurationStore(string path)
{
    public const int HistoryDepth = 10;
    private const string TemporarySuffix = ".tmp";
    private const string HistorySuffix = ".conf";
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private long _lastSequence = -1; // unknown until the disk is read

    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string HistoryDirectory => Path + ".history";

    /// <summary>
    /// The configuration to start from. When the main file is damaged, the newest intact history file is taken with
    /// a warning (it holds the same commit unless the main file was edited by hand since).
    /// </summary>
    public StoredConfiguration Load()
    {
        var main = Read(Path);
        if (main.Error is null) return main;
        var history = Sequences();
        foreach (long sequence in history)
        {
            var copy = Read(HistoryPath(sequence));
            if (copy.Error is null) return copy with { Warning = $"{main.Error}; using commit {sequence} from {HistoryDirectory}" };
        }
        return main;
    }

    /// <summary>
    /// The commit <paramref name="back"/> steps before the newest (0: the newest, normally the one in force), from the
    /// history. With no history at all, 0 is the main file.
    /// </summary>
    public StoredConfiguration LoadCommit(int back)
    {
        var sequences = Sequences();
        // A history file newer than the main file is a commit that never finished: it was never in force.
        long current = Read(Path).Sequence;
        if (current > 0) sequences = sequences.Where(s => s <= current).ToList();
        if (sequences.Count == 0 && back == 0) return Read(Path);
        if (back < 0 || back >= sequences.Count)
            return StoredConfiguration.Failed($"there is no commit {back}: the history holds {sequences.Count}");
        return Read(HistoryPath(sequences[back]));
    }

    /// <summary>The sequence numbers in the history, newest first.</summary>
    public IReadOnlyList<long> Sequences()
    {
        var sequences = new List<long>();
        try
        {
            foreach (var file in Directory.EnumerateFiles(HistoryDirectory, "*" + HistorySuffix))
            {
                var name = System.IO.Path.GetFileName(file.AsSpan());
                if (long.TryParse(name[..^HistorySuffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out long sequence))
                    sequences.Add(sequence);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // No history directory yet (or unreadable): no history.
        }
        sequences.Sort((a, b) => b.CompareTo(a));
        return sequences;
    }

    /// <summary>Saves <paramref name="statements"/> as the next commit; returns null on success, else why not.</summary>
    public string? Save(string statements, DateTimeOffset savedAt, out long sequence)
    {
        sequence = 0;
        try
        {
            if (_lastSequence < 0) _lastSequence = HighestSequenceOnDisk();
            sequence = _lastSequence + 1;
            byte[] bytes = ConfigurationFile.Format(statements, sequence, savedAt);
            // Commits that crashed before their pruning leave extra history: trim first, so there are never more
            // than HistoryDepth + 1 files.
            PruneHistory();

            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(HistoryDirectory);
            else Directory.CreateDirectory(HistoryDirectory, OwnerOnlyDirectory);
            WriteAtomically(HistoryPath(sequence), bytes);
            WriteAtomically(Path, bytes);
            _lastSequence = sequence;
            PruneHistory();
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"cannot save {Path}: {exception.Message}";
        }
    }

    private string HistoryPath(long sequence) =>
        System.IO.Path.Combine(HistoryDirectory, sequence.ToString(CultureInfo.InvariantCulture) + HistorySuffix);

    private long HighestSequenceOnDisk()
    {
        var main = Read(Path);
        long highest = main.Sequence;
        var history = Sequences();
        if (history.Count > 0) highest = Math.Max(highest, history[0]);
        return highest;
    }

    private static StoredConfiguration Read(string file)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return StoredConfiguration.Nothing;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return StoredConfiguration.Failed($"{file} unreadable: {exception.Message}");
        }
        return ConfigurationFile.TryParse(bytes, out string statements, out long sequence, out var savedAt, out string error)
            ? new StoredConfiguration(statements, sequence, savedAt, null)
            : StoredConfiguration.Failed($"{file} refused: {error}");
    }

    // Temporary file, fsync, rename over, fsync the directory: after a crash the target is the old file or the new.
    private static void WriteAtomically(string target, byte[] bytes) =>
        OnLan.Storage.DurableFile.Write(target, bytes, OwnerReadWrite, target + TemporarySuffix);

    private void PruneHistory()
    {
        var sequences = Sequences();
        for (int i = HistoryDepth; i < sequences.Count; i++) File.Delete(HistoryPath(sequences[i]));
    }
}
