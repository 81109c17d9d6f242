using System.Text;
using OnLan.Cli.Storage;

namespace OnLan.Cli.Tests;

public sealed class ConfigurationStoreTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private ConfigurationStore NewStore() => new(_directory.File("onlan.conf"));

    private static string Statements(int n) => $"set interfaces wan port eth{n}\nset vpn local-id v{n}.example.com\n";

    [Fact]
    public void A_saved_file_has_a_header_the_statements_and_a_checksum()
    {
        var store = NewStore();
        Assert.Null(store.Save(Statements(1), Noon, out long sequence));
        Assert.Equal(1, sequence);
        var lines = File.ReadAllText(store.Path).Split('\n');
        Assert.Equal("# onlan configuration; sequence 1; saved 2025-05-01T12:00:00Z", lines[0]);
        Assert.StartsWith("# ", lines[1]);
        Assert.Equal("set interfaces wan port eth1", lines[2]);
        Assert.Matches("^# sha256 [0-9a-f]{64}$", lines[^2]);
        Assert.Equal("", lines[^1]);

        var loaded = NewStore().Load();
        Assert.Null(loaded.Error);
        Assert.Equal((Statements(1), 1L, (DateTimeOffset?)Noon), (loaded.Statements, loaded.Sequence, loaded.SavedAt));
    }

    [Fact]
    public void A_file_without_the_header_is_taken_as_written_by_hand()
    {
        var store = NewStore();
        File.WriteAllText(store.Path, "# my gateway\n" + Statements(3));
        var loaded = store.Load();
        Assert.Null(loaded.Error);
        Assert.Equal(0, loaded.Sequence);
        Assert.Equal("# my gateway\n" + Statements(3), loaded.Statements);
        Assert.Null(store.Save(Statements(4), Noon, out long sequence));
        Assert.Equal(1, sequence);
    }

    [Fact]
    public void Nothing_to_load_on_the_first_start()
    {
        var loaded = NewStore().Load();
        Assert.Null(loaded.Error);
        Assert.Null(loaded.Statements);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("no-checksum")]
    public void A_damaged_saved_file_is_refused(string damage)
    {
        var store = NewStore();
        Assert.Null(store.Save(Statements(1), Noon, out _));
        Directory.Delete(store.HistoryDirectory, recursive: true); // no copy to fall back on
        byte[] bytes = File.ReadAllBytes(store.Path);
        bytes = damage switch
        {
            "flip" => Flip(bytes, 70),
            "truncate" => bytes[..(bytes.Length - 20)],
            _ => Encoding.UTF8.GetBytes(string.Join('\n', Encoding.UTF8.GetString(bytes).Split('\n')[..^2]) + "\n"),
        };
        File.WriteAllBytes(store.Path, bytes);
        var loaded = NewStore().Load();
        Assert.NotNull(loaded.Error);
        Assert.Null(loaded.Statements);
    }

    [Fact]
    public void A_damaged_main_file_falls_back_to_the_newest_intact_commit_with_a_warning()
    {
        var store = NewStore();
        Assert.Null(store.Save(Statements(1), Noon, out _));
        Assert.Null(store.Save(Statements(2), Noon, out _));
        File.WriteAllBytes(store.Path, Flip(File.ReadAllBytes(store.Path), 80));
        var loaded = NewStore().Load();
        Assert.Null(loaded.Error);
        Assert.Equal(Statements(2), loaded.Statements);
        Assert.Contains("checksum", loaded.Warning);
    }

    [Fact]
    public void The_history_keeps_the_last_ten_commits()
    {
        var store = NewStore();
        for (int i = 1; i <= 13; i++) Assert.Null(store.Save(Statements(i), Noon, out _));
        Assert.Equal(Enumerable.Range(4, 10).Reverse().Select(i => (long)i), store.Sequences());
        Assert.Equal(Statements(13), store.LoadCommit(0).Statements);
        Assert.Equal(Statements(4), store.LoadCommit(9).Statements);
        Assert.Contains("no commit 10", store.LoadCommit(10).Error);
    }

    [Fact]
    public void Sequence_numbers_continue_past_a_commit_that_did_not_reach_the_main_file()
    {
        var store = NewStore();
        Assert.Null(store.Save(Statements(1), Noon, out _));
        // As if killed after the history file of commit 2 and before the main file was replaced.
        File.WriteAllBytes(Path.Combine(store.HistoryDirectory, "2.conf"), ConfigurationFile.Format(Statements(2), 2, Noon));
        File.WriteAllText(store.Path + ".tmp", "half a fi");
        var reopened = NewStore();
        Assert.Equal(1, reopened.Load().Sequence);
        Assert.Null(reopened.Save(Statements(3), Noon, out long sequence));
        Assert.Equal(3, sequence);
        Assert.False(File.Exists(store.Path + ".tmp"));
    }

    [Fact]
    public void Save_reports_an_error_instead_of_throwing()
    {
        var store = new ConfigurationStore(_directory.File("missing-dir/sub/onlan.conf"));
        File.WriteAllText(_directory.File("missing-dir"), "a file where a directory should be");
        string? error = store.Save(Statements(1), Noon, out _);
        Assert.NotNull(error);
        Assert.StartsWith("cannot save", error);
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x01;
        return copy;
    }
}
