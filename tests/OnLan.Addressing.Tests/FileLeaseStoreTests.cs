using static OnLan.Addressing.Tests.Net;

namespace OnLan.Addressing.Tests;

public sealed class FileLeaseStoreTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly FileLeaseStore _store;

    public FileLeaseStoreTests() => _store = new FileLeaseStore(_directory.File("leases"));

    public void Dispose() => _directory.Dispose();

    private byte[] SavedFile()
    {
        var pool = Pool(10, 20, _store);
        pool.Lease("alice", T0);
        var bob = pool.Lease("bob", T0);
        pool.Release(bob, T0.AddSeconds(1));
        return File.ReadAllBytes(_store.Path);
    }

    [Fact]
    public void A_missing_store_is_a_first_start_not_an_error()
    {
        Assert.Equal(LeaseLoad.Nothing, _store.Load());
    }

    [Fact]
    public void Save_then_load_gives_the_state_back_and_leaves_no_temporary_file()
    {
        SavedFile();

        var load = _store.Load();

        Assert.Null(load.Error);
        Assert.Equal(3, load.File!.Sequence);
        Assert.Equal(["alice"], load.File.Leases.Select(l => l.Identity));
        Assert.Equal(["bob"], load.File.Holds.Select(h => h.Identity));
        Assert.Equal([_store.Path], Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void A_temporary_file_left_by_a_crash_is_ignored_and_removed()
    {
        SavedFile();
        File.WriteAllText(_store.Path + ".tmp", "onlan-leases 1 99\nlease half a li");

        var load = _store.Load();

        Assert.Equal(3, load.File!.Sequence);
        Assert.False(File.Exists(_store.Path + ".tmp"));
    }

    [Fact]
    public void Every_truncation_of_a_real_file_is_refused_and_the_pool_starts_empty()
    {
        var bytes = SavedFile();
        for (int length = 0; length < bytes.Length; length++)
        {
            File.WriteAllBytes(_store.Path, bytes[..length]);
            var load = _store.Load();
            Assert.Null(load.File);
            Assert.Contains(_store.Path, load.Error);

            File.WriteAllBytes(_store.Path, bytes[..length]);
            var pool = Pool(10, 20, _store, T0.AddMinutes(1));
            Assert.NotNull(pool.RecoveryError);
            Assert.Empty(pool.Snapshot());
        }
    }

    [Fact]
    public void Flipped_bytes_in_a_real_file_are_refused_and_the_pool_starts_empty()
    {
        var bytes = SavedFile();
        for (int i = 0; i < bytes.Length; i++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] = (byte)~damaged[i];
            File.WriteAllBytes(_store.Path, damaged);

            var pool = Pool(10, 20, _store, T0.AddMinutes(1));

            Assert.NotNull(pool.RecoveryError);
            Assert.Empty(pool.Snapshot());
            Assert.Equal(damaged, File.ReadAllBytes(_store.CorruptPath));
        }
    }

    [Fact]
    public void An_unreadable_store_is_reported_not_thrown()
    {
        Directory.CreateDirectory(_store.Path); // a directory where the file should be

        var pool = Pool(10, 20, _store);

        Assert.Contains(_store.Path, pool.RecoveryError);
        Assert.Empty(pool.Snapshot());
    }

    [Fact]
    public void Save_into_a_missing_directory_fails_with_an_io_exception()
    {
        var store = new FileLeaseStore(_directory.File("gone/leases"));
        Assert.ThrowsAny<IOException>(() => store.Save(LeaseFile.Empty));
    }
}
