using OnLan.Wire;
using static OnLan.Addressing.Tests.Net;

namespace OnLan.Addressing.Tests;

public class AddressPoolTests
{
    [Fact]
    public void Identity_gets_its_address_again_after_release_and_grace()
    {
        var pool = Pool(10, 20);
        var first = pool.Lease("alice", T0);
        pool.Lease("bob", T0);
        pool.Release(first, T0.AddMinutes(1));
        pool.Expire(T0.AddMinutes(5));

        Assert.Equal(first, pool.ReserveCandidate("alice", T0.AddMinutes(6)));
    }

    [Fact]
    public void Identity_gets_its_held_address_back_during_grace()
    {
        var pool = Pool(10, 20);
        var first = pool.Lease("alice", T0);
        pool.Release(first, T0);

        var again = pool.ReserveCandidate("alice", T0.AddSeconds(5));

        Assert.Equal(first, again);
        Assert.True(pool.Commit(first, "alice", Hour, T0.AddSeconds(6)));
    }

    [Fact]
    public void Another_identity_never_gets_a_held_address_during_grace_and_gets_it_after()
    {
        var pool = Pool(10, 10);
        var address = pool.Lease("alice", T0);
        pool.Release(address, T0);

        Assert.Null(pool.ReserveCandidate("bob", T0.AddSeconds(59)));
        Assert.False(pool.Commit(address, "bob", Hour, T0.AddSeconds(59)));
        Assert.Equal(LeaseState.Held, Assert.Single(pool.Snapshot()).State);

        Assert.Equal(address, pool.ReserveCandidate("bob", T0.AddSeconds(60)));
        Assert.True(pool.Commit(address, "bob", Hour, T0.AddSeconds(61)));
        Assert.Equal([(address, "bob")], pool.Leases());
    }

    [Fact]
    public void Addresses_bound_to_nobody_are_offered_before_other_identities_sticky_addresses()
    {
        var pool = Pool(10, 12);
        var alice = pool.Lease("alice", T0);
        pool.Release(alice, T0);
        pool.Expire(T0.AddHours(1));

        Assert.Equal(Lan(11), pool.ReserveCandidate("bob", T0.AddHours(1)));
        Assert.NotEqual(alice, Lan(11));
    }

    [Fact]
    public void When_only_bound_addresses_are_left_the_one_released_longest_ago_is_given_up()
    {
        var pool = Pool(10, 12);
        var a = pool.Lease("a", T0);
        var b = pool.Lease("b", T0);
        var c = pool.Lease("c", T0);
        pool.Release(c, T0.AddMinutes(1));
        pool.Release(a, T0.AddMinutes(2));
        pool.Release(b, T0.AddMinutes(3));
        pool.Expire(T0.AddHours(1));

        Assert.Equal(c, pool.Lease("d", T0.AddHours(1)));
        // "c" lost its binding to "d"; "a" and "b" kept theirs.
        Assert.Equal(a, pool.ReserveCandidate("a", T0.AddHours(1)));
        Assert.Equal(b, pool.ReserveCandidate("b", T0.AddHours(1)));
        Assert.Null(pool.ReserveCandidate("c", T0.AddHours(1)));
    }

    [Fact]
    public void An_address_leased_to_the_same_identity_is_not_offered_to_its_second_sa()
    {
        var pool = Pool(10, 20);
        var first = pool.Lease("alice", T0);

        var second = pool.ReserveCandidate("alice", T0);

        Assert.NotNull(second);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_candidate_being_probed_is_not_offered_to_anyone_else()
    {
        var pool = Pool(10, 11);
        var forAlice = pool.ReserveCandidate("alice", T0);
        var forBob = pool.ReserveCandidate("bob", T0);

        Assert.NotEqual(forAlice, forBob);
        Assert.Null(pool.ReserveCandidate("carol", T0));
        Assert.False(pool.Commit(forAlice!.Value, "bob", Hour, T0));
    }

    [Fact]
    public void Conflicting_address_is_skipped_until_the_hold_ends()
    {
        var pool = Pool(10, 11);
        var events = new List<PoolEvent>();
        pool.Events += events.Add;
        var candidate = pool.ReserveCandidate("alice", T0)!.Value;

        pool.MarkConflict(candidate, T0);

        Assert.Equal(Lan(11), pool.Lease("alice", T0));
        Assert.Null(pool.ReserveCandidate("bob", T0.AddMinutes(9)));
        Assert.Equal(candidate, pool.ReserveCandidate("bob", T0.AddMinutes(10)));
        Assert.Equal(1, pool.Counters.Conflicts);
        Assert.Contains(new PoolEvent.Conflict(candidate), events);
    }

    [Fact]
    public void Conflicting_address_cannot_be_committed()
    {
        var pool = Pool(10, 11);
        var candidate = pool.ReserveCandidate("alice", T0)!.Value;
        pool.MarkConflict(candidate, T0);

        Assert.False(pool.Commit(candidate, "alice", Hour, T0));
        Assert.Empty(pool.Leases());
    }

    [Fact]
    public void Conflict_on_a_live_lease_is_counted_but_the_lease_stays()
    {
        var pool = Pool(10, 11);
        var address = pool.Lease("alice", T0);

        pool.MarkConflict(address, T0);

        Assert.Equal([(address, "alice")], pool.Leases());
        Assert.Equal(1, pool.Counters.Conflicts);
    }

    [Fact]
    public void Sticky_address_in_conflict_is_not_offered_to_its_identity()
    {
        var pool = Pool(10, 20);
        var first = pool.Lease("alice", T0);
        pool.Release(first, T0);
        pool.MarkConflict(first, T0.AddSeconds(1));

        var other = pool.ReserveCandidate("alice", T0.AddSeconds(2));

        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Excluded_addresses_are_never_handed_out()
    {
        var pool = Pool(10, 20, exclusions: [Range(12, 14), (Lan(20), Lan(20))]);
        var given = new List<Ipv4Address>();
        for (int i = 0; pool.ReserveCandidate($"id{i}", T0) is { } candidate; i++)
        {
            Assert.True(pool.Commit(candidate, $"id{i}", Hour, T0));
            given.Add(candidate);
        }

        Assert.Equal(7, pool.Capacity);
        Assert.Equal([Lan(10), Lan(11), Lan(15), Lan(16), Lan(17), Lan(18), Lan(19)], given);
        Assert.False(pool.Commit(Lan(13), "late", Hour, T0));
    }

    [Fact]
    public void Exhausted_pool_returns_null_raises_the_event_and_counts()
    {
        var pool = Pool(10, 11);
        var events = new List<PoolEvent>();
        pool.Events += events.Add;
        pool.Lease("a", T0);
        pool.Lease("b", T0);

        Assert.Null(pool.ReserveCandidate("c", T0));
        Assert.Null(pool.Acquire("d"));

        Assert.Equal(2, pool.Counters.Exhausted);
        Assert.Equal([new PoolEvent.Exhausted("c"), new PoolEvent.Exhausted("d")], events.OfType<PoolEvent.Exhausted>());
    }

    [Fact]
    public void Probe_reservation_lapses_and_the_address_is_offered_again()
    {
        var pool = Pool(10, 10);
        var candidate = pool.ReserveCandidate("alice", T0)!.Value;
        Assert.Null(pool.ReserveCandidate("bob", T0.AddSeconds(9)));

        pool.Expire(T0.AddSeconds(10));

        Assert.Empty(pool.Snapshot());
        Assert.Equal(candidate, pool.ReserveCandidate("bob", T0.AddSeconds(10)));
    }

    [Fact]
    public void Cancelled_probe_of_a_held_address_leaves_it_held_for_its_identity()
    {
        var pool = Pool(10, 10);
        var address = pool.Lease("alice", T0);
        pool.Release(address, T0);
        Assert.Equal(address, pool.ReserveCandidate("alice", T0.AddSeconds(1)));

        pool.CancelReservation(address);

        var info = Assert.Single(pool.Snapshot());
        Assert.Equal(new LeaseInfo(address, LeaseState.Held, "alice", null, T0.AddSeconds(60)), info);
        Assert.Null(pool.ReserveCandidate("bob", T0.AddSeconds(2)));
    }

    [Fact]
    public void Commit_after_a_lapsed_reservation_succeeds_while_nobody_took_the_address()
    {
        var pool = Pool(10, 11);
        var candidate = pool.ReserveCandidate("alice", T0)!.Value;
        pool.Expire(T0.AddSeconds(30));

        Assert.True(pool.Commit(candidate, "alice", Hour, T0.AddSeconds(30)));
    }

    [Fact]
    public void Commit_after_a_lapsed_reservation_fails_when_another_identity_took_the_address()
    {
        var pool = Pool(10, 10);
        var candidate = pool.ReserveCandidate("alice", T0)!.Value;
        Assert.Equal(candidate, pool.ReserveCandidate("bob", T0.AddSeconds(10)));
        Assert.True(pool.Commit(candidate, "bob", Hour, T0.AddSeconds(10)));

        Assert.False(pool.Commit(candidate, "alice", Hour, T0.AddSeconds(11)));
        Assert.Equal([(candidate, "bob")], pool.Leases());
    }

    [Fact]
    public void Lease_past_its_expiry_becomes_a_hold_and_a_late_renew_takes_it_back()
    {
        var pool = Pool(10, 10);
        var candidate = pool.ReserveCandidate("alice", T0)!.Value;
        pool.Commit(candidate, "alice", TimeSpan.FromMinutes(5), T0);

        pool.Expire(T0.AddMinutes(5));
        Assert.Equal(LeaseState.Held, Assert.Single(pool.Snapshot()).State);
        Assert.Equal(1, pool.Counters.Releases);

        Assert.True(pool.Renew(candidate, Hour, T0.AddMinutes(5.5)));
        Assert.Equal([(candidate, "alice")], pool.Leases());
    }

    [Fact]
    public void Renew_moves_the_expiry_and_keeps_the_start()
    {
        var pool = Pool(10, 10);
        var address = pool.Lease("alice", T0);

        Assert.True(pool.Renew(address, Hour, T0.AddMinutes(50)));
        pool.Expire(T0.AddMinutes(70));

        Assert.Equal(new LeaseInfo(address, LeaseState.Leased, "alice", T0, T0.AddMinutes(110)), Assert.Single(pool.Snapshot()));
        Assert.False(pool.Renew(Lan(11), Hour, T0));
    }

    [Fact]
    public void Reset_frees_everything_forgets_bindings_and_is_saved()
    {
        var store = new InMemoryLeaseStore();
        var pool = Pool(10, 20, store);
        var alice = pool.Lease("alice", T0);
        var bob = pool.Lease("bob", T0);
        pool.Release(bob, T0);
        pool.MarkConflict(Lan(15), T0);

        pool.Reset(T0.AddSeconds(1));

        Assert.Empty(pool.Snapshot());
        Assert.Empty(pool.Bindings());
        Assert.Empty(store.Saved!.Leases);
        Assert.Empty(store.Saved!.Holds);
        Assert.Empty(store.Saved!.Bindings);
        Assert.Equal(alice, pool.Lease("bob", T0.AddSeconds(2)));
    }

    [Fact]
    public void Commit_release_and_renew_are_saved_before_they_return()
    {
        var store = new InMemoryLeaseStore();
        var pool = Pool(10, 20, store);

        var address = pool.Lease("alice", T0);
        Assert.Equal([new LeaseFile.Lease(address, "alice", T0, T0 + Hour)], store.Saved!.Leases);

        pool.Renew(address, Hour, T0.AddMinutes(30));
        Assert.Equal(T0.AddMinutes(90), Assert.Single(store.Saved!.Leases).Expires);

        pool.Release(address, T0.AddMinutes(40));
        Assert.Empty(store.Saved!.Leases);
        Assert.Equal([new LeaseFile.Hold(address, "alice", T0.AddMinutes(41))], store.Saved!.Holds);
        Assert.Equal([new LeaseFile.Binding(address, "alice", T0.AddMinutes(40))], store.Saved!.Bindings);
        Assert.Equal(3, store.Saved!.Sequence);
    }

    [Fact]
    public void A_failing_store_is_reported_and_the_pool_keeps_working()
    {
        var store = new FailingStore();
        var pool = Pool(10, 20, store);
        var events = new List<PoolEvent>();
        pool.Events += events.Add;

        var address = pool.Lease("alice", T0);

        Assert.Equal([(address, "alice")], pool.Leases());
        Assert.Equal(1, pool.Counters.StoreFailures);
        Assert.Contains(events, e => e is PoolEvent.StoreFailed);

        store.Fail = false;
        pool.Expire(T0.AddSeconds(1));
        Assert.Equal(1, store.Saves);
    }

    [Fact]
    public void Events_are_raised_outside_the_lock()
    {
        var pool = Pool(10, 10);
        int inUseSeenByHandler = -1;
        pool.Events += e =>
        {
            if (e is PoolEvent.LeaseCommitted)
                // Another thread must be able to use the pool while the handler runs.
                inUseSeenByHandler = Task.Run(() => pool.InUse).Wait(TimeSpan.FromSeconds(5)) ? 1 : 0;
        };

        pool.Lease("alice", T0);

        Assert.Equal(1, inUseSeenByHandler);
    }

    [Fact]
    public void Older_calls_keep_working_in_memory()
    {
        var pool = new AddressPool([Range(10, 12)]);
        var alice = pool.Acquire("alice");
        var bob = pool.Acquire("bob");
        Assert.Equal(Lan(10), alice);
        Assert.Equal(Lan(11), bob);
        Assert.Equal(3, pool.Capacity);
        Assert.Equal(2, pool.InUse);
        Assert.Equal([(Lan(10), "alice"), (Lan(11), "bob")], pool.Leases());

        pool.Release(alice!.Value);
        Assert.Equal(1, pool.InUse);
        Assert.Equal(Lan(12), pool.Acquire("carol"));
        Assert.Equal(alice, pool.Acquire("alice"));

        pool.Reset();
        Assert.Equal(0, pool.InUse);
        Assert.Equal(Lan(10), pool.Acquire("bob"));
    }

    [Fact]
    public void Reversed_range_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new AddressPool([(Lan(20), Lan(10))]));
    }

    [Fact]
    public void Overlapping_ranges_are_merged_and_the_top_of_the_address_space_does_not_wrap()
    {
        var top = new Ipv4Address(255, 255, 255, 254);
        var pool = new AddressPool([Range(10, 20), Range(15, 25), (top, Ipv4Address.Broadcast)]);

        Assert.Equal(18, pool.Capacity);
        for (int i = 0; i < 18; i++) Assert.NotNull(pool.Acquire($"id{i}"));
        Assert.Null(pool.Acquire("one too many"));
        Assert.Contains((Ipv4Address.Broadcast, "id17"), pool.Leases());
    }

    private sealed class FailingStore : ILeaseStore
    {
        public bool Fail { get; set; } = true;
        public int Saves { get; private set; }
        public LeaseLoad Load() => LeaseLoad.Nothing;

        public void Save(LeaseFile file)
        {
            if (Fail) throw new IOException("no space left on device");
            Saves++;
        }
    }
}
