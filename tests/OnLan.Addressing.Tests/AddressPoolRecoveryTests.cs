using OnLan.Wire;
using static OnLan.Addressing.Tests.Net;

namespace OnLan.Addressing.Tests;

/// <summary>A restart of the gateway: a second pool over the same store.</summary>
public sealed class AddressPoolRecoveryTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly DateTimeOffset _restart = T0.AddMinutes(3);

    private FileLeaseStore Store() => new(_directory.File("leases"));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void After_a_restart_the_same_identity_gets_the_same_address_and_others_get_different_ones()
    {
        var before = Pool(10, 20, Store());
        var alice = before.Lease("alice", T0);
        var bob = before.Lease("bob", T0);

        var after = Pool(10, 20, Store(), _restart);

        Assert.Null(after.RecoveryError);
        Assert.Equal(2, after.Counters.Recovered);
        Assert.Equal(alice, after.Lease("alice", _restart));
        var carol = after.Lease("carol", _restart);
        Assert.NotEqual(alice, carol);
        Assert.NotEqual(bob, carol);
        Assert.Equal(bob, after.Lease("bob", _restart));
        var leases = after.Leases();
        Assert.Equal(leases.Count, leases.Select(l => l.Address).Distinct().Count());
    }

    [Fact]
    public void Leases_active_at_a_crash_are_held_for_their_identity_for_the_grace_counted_from_the_restart()
    {
        var before = Pool(10, 10, Store());
        var alice = before.Lease("alice", T0);

        var after = Pool(10, 10, Store(), _restart);

        Assert.Equal(new LeaseInfo(alice, LeaseState.Held, "alice", null, _restart.AddSeconds(60)), Assert.Single(after.Snapshot()));
        Assert.Null(after.ReserveCandidate("bob", _restart.AddSeconds(59)));
        Assert.Equal(alice, after.ReserveCandidate("bob", _restart.AddSeconds(60)));
    }

    [Fact]
    public void Recovered_times_are_not_trusted_when_the_clock_went_back()
    {
        var before = Pool(10, 10, Store(), T0);
        before.Lease("alice", T0);

        // A board without a real-time clock boots in 1970 until NTP answers.
        var epoch = DateTimeOffset.UnixEpoch;
        var after = Pool(10, 10, Store(), epoch);

        Assert.Equal(epoch.AddSeconds(60), Assert.Single(after.Snapshot()).Until);
    }

    [Fact]
    public void Sticky_bindings_survive_restarts()
    {
        var before = Pool(10, 20, Store());
        var alice = before.Lease("alice", T0);
        before.Lease("bob", T0);
        before.Release(alice, T0.AddSeconds(1));
        before.Expire(T0.AddHours(1));

        var after = Pool(10, 20, Store(), T0.AddDays(30));
        after.Lease("carol", T0.AddDays(30));

        Assert.Equal(alice, after.Lease("alice", T0.AddDays(30)));
    }

    [Fact]
    public void Entries_outside_the_new_ranges_are_dropped_at_recovery()
    {
        var before = Pool(10, 20, Store());
        before.Lease("alice", T0);
        var bob = before.Lease("bob", T0);

        var after = new AddressPool([Range(11, 30)], [], Options, Store(), _restart);

        Assert.Equal([new LeaseInfo(bob, LeaseState.Held, "bob", null, _restart.AddSeconds(60))], after.Snapshot());
        Assert.Equal(1, after.Counters.Recovered);
        Assert.Equal(2, after.Counters.DroppedAtRecovery); // alice's hold and her binding
        Assert.Equal(Lan(12), after.Lease("alice", _restart));
    }

    [Fact]
    public void The_sequence_continues_from_the_store()
    {
        var before = Pool(10, 20, Store());
        before.Lease("alice", T0);
        before.Lease("bob", T0);
        var after = Pool(10, 20, Store(), _restart);

        after.Lease("carol", _restart);

        Assert.Equal(3, Store().Load().File!.Sequence);
    }

    [Fact]
    public void No_address_is_handed_out_twice_across_many_restarts()
    {
        var now = T0;
        for (int restart = 0; restart < 20; restart++)
        {
            var pool = Pool(10, 29, Store(), now);
            Assert.Null(pool.RecoveryError);
            // What was leased or held when the previous process stopped belongs to its identity for the grace.
            var ownersAtRestart = pool.Snapshot().ToDictionary(info => info.Address, info => info.Identity);
            var roundEnds = now.AddSeconds(50);
            for (; now < roundEnds; now = now.AddSeconds(2))
            {
                string identity = $"id{Random.Shared.Next(30)}";
                if (pool.ReserveCandidate(identity, now) is not { } candidate) continue;
                Assert.True(pool.Commit(candidate, identity, Hour, now));
                if (ownersAtRestart.TryGetValue(candidate, out var owner)) Assert.Equal(owner, identity);
            }
            var leases = pool.Leases();
            Assert.Equal(leases.Count, leases.Select(l => l.Address).Distinct().Count());
        }
    }

    [Fact]
    public void A_corrupt_store_does_not_stop_the_pool_it_starts_empty_and_says_why()
    {
        var before = Pool(10, 20, Store());
        before.Lease("alice", T0);
        var bytes = File.ReadAllBytes(Store().Path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(Store().Path, bytes);

        var after = Pool(10, 20, Store(), _restart);

        Assert.Contains("checksum", after.RecoveryError);
        Assert.Empty(after.Snapshot());
        Assert.Equal(0, after.Counters.Recovered);
        Assert.True(File.Exists(Store().CorruptPath));
        // The next change writes a good store again.
        after.Lease("bob", _restart);
        Assert.Null(Pool(10, 20, Store(), _restart).RecoveryError);
    }
}
