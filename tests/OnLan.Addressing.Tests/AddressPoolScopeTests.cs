using OnLan.Wire;
using static OnLan.Addressing.Tests.Net;

namespace OnLan.Addressing.Tests;

/// <summary>One pool, one store, two scopes: remote PCs ("vpn") and the LAN's own DHCP clients ("lan").</summary>
public sealed class AddressPoolScopeTests : IDisposable
{
    private const string Vpn = AddressScope.VpnName;
    private const string Lan = AddressScope.LanName;
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private FileLeaseStore Store() => new(_directory.File("leases"));

    /// <summary>vpn .200-.203, lan .100-.103 as the gateway's DHCP server configures it (no grace, a day's recovery hold).</summary>
    private static AddressPool TwoScopes(ILeaseStore? store = null, DateTimeOffset? now = null,
        (int First, int Last)? vpn = null, (int First, int Last)? lan = null) =>
        new(
        [
            new AddressScope(Vpn, [Range(vpn?.First ?? 200, vpn?.Last ?? 203)], []),
            new AddressScope(Lan, [Range(lan?.First ?? 100, lan?.Last ?? 103)], []) { ReleaseGrace = TimeSpan.Zero, RecoveryHold = Day },
        ], Options, store, now ?? T0);

    private static Ipv4Address LeaseIn(AddressPool pool, string scope, string identity, DateTimeOffset now)
    {
        var candidate = pool.ReserveCandidate(identity, now, scope) ?? throw new InvalidOperationException($"no {scope} address for {identity}");
        Assert.True(pool.Commit(candidate, identity, Hour, now));
        return candidate;
    }

    [Fact]
    public void Each_scope_hands_out_only_its_own_ranges_until_it_is_exhausted()
    {
        var pool = TwoScopes();

        var lan = Enumerable.Range(0, 4).Select(i => LeaseIn(pool, Lan, $"dhcp:{i}", T0)).ToList();

        Assert.All(lan, address => Assert.True(pool.Contains(address, Lan) && !pool.Contains(address, Vpn)));
        Assert.Null(pool.ReserveCandidate("dhcp:9", T0, Lan));
        Assert.Equal(Lan(200), pool.ReserveCandidate("alice", T0, Vpn));
        Assert.Equal(1, pool.Counters.Exhausted);
    }

    [Fact]
    public void The_older_calls_use_the_first_scope()
    {
        var pool = TwoScopes();

        Assert.Equal(Lan(200), pool.Lease("alice", T0));
        Assert.Equal(Lan(201), pool.Acquire("bob"));
        Assert.Equal([Vpn, Lan], pool.ScopeNames);
    }

    [Fact]
    public void A_sticky_address_in_another_scope_is_passed_over_not_given_up()
    {
        var pool = TwoScopes();
        var remote = LeaseIn(pool, Vpn, "laptop", T0);
        pool.Release(remote, T0.AddSeconds(1));
        pool.Expire(T0.AddMinutes(5));

        var onLan = LeaseIn(pool, Lan, "laptop", T0.AddMinutes(5));

        Assert.True(pool.Contains(onLan, Lan));
        Assert.NotEqual(remote, onLan);
    }

    [Fact]
    public void Usage_and_snapshot_are_given_per_scope_and_in_total()
    {
        var pool = TwoScopes();
        LeaseIn(pool, Vpn, "alice", T0);
        LeaseIn(pool, Lan, "dhcp:1", T0);
        LeaseIn(pool, Lan, "dhcp:2", T0);
        pool.ReserveCandidate("dhcp:3", T0, Lan);

        Assert.Equal(new ScopeUsage(Lan, 4, Leased: 2, Probing: 1, Held: 0, Conflict: 0), pool.Usage(Lan));
        Assert.Equal(new ScopeUsage(Vpn, 4, Leased: 1, Probing: 0, Held: 0, Conflict: 0), pool.Usage(Vpn));
        Assert.Equal(8, pool.Capacity);
        Assert.Equal(3, pool.InUse);
        Assert.Equal(3, pool.Snapshot(Lan).Count);
        Assert.Equal("alice", Assert.Single(pool.Snapshot(Vpn)).Identity);
        Assert.Null(pool.Usage("wan"));
        Assert.Empty(pool.Snapshot("wan"));
    }

    [Fact]
    public void Both_scopes_are_saved_in_the_one_store_file()
    {
        var pool = TwoScopes(Store());
        var alice = LeaseIn(pool, Vpn, "alice", T0);
        var host = LeaseIn(pool, Lan, "dhcp:1", T0);

        var file = Store().Load().File!;

        Assert.Equal([host, alice], file.Leases.Select(lease => lease.Address));
        Assert.Single(Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void Recovery_keeps_scopes_apart_each_with_its_own_hold()
    {
        var before = TwoScopes(Store());
        var alice = LeaseIn(before, Vpn, "alice", T0);
        var host = LeaseIn(before, Lan, "dhcp:1", T0);
        var restart = T0.AddMinutes(3);

        var after = TwoScopes(Store(), restart);

        Assert.Equal(
        [
            new LeaseInfo(host, LeaseState.Held, "dhcp:1", null, restart + Day),
            new LeaseInfo(alice, LeaseState.Held, "alice", null, restart.AddSeconds(60)),
        ], after.Snapshot());
        // A DHCP host that renews after the restart gets its lease back; nobody else may take it meanwhile.
        Assert.NotEqual(host, after.ReserveCandidate("dhcp:2", restart.AddHours(2), Lan));
        Assert.True(after.Commit(host, "dhcp:1", Day, restart.AddHours(2)));
        Assert.Equal(alice, LeaseIn(after, Vpn, "alice", restart.AddHours(2)));
    }

    [Fact]
    public void A_dhcp_release_frees_the_address_at_once_and_the_host_keeps_its_binding()
    {
        var pool = TwoScopes();
        var host = LeaseIn(pool, Lan, "dhcp:1", T0);

        Assert.False(pool.Release(host, "dhcp:2", T0.AddSeconds(1)));
        Assert.True(pool.Release(host, "dhcp:1", T0.AddSeconds(1)));

        Assert.Empty(pool.Snapshot(Lan));
        Assert.Contains((host, "dhcp:1"), pool.Bindings());
        Assert.Equal(host, LeaseIn(pool, Lan, "dhcp:1", T0.AddSeconds(2)));
    }

    [Fact]
    public void A_repeated_discover_gets_the_same_reservation_and_a_requested_free_address_is_honoured()
    {
        var pool = TwoScopes();

        var first = pool.ReserveCandidate("dhcp:1", T0, Lan, preferred: Lan(102));
        var again = pool.ReserveCandidate("dhcp:1", T0.AddSeconds(4), Lan);

        Assert.Equal(Lan(102), first);
        Assert.Equal(first, again);
        Assert.Equal(1, pool.Usage(Lan)!.Value.Probing);
        // A requested address outside the scope is not granted.
        Assert.Equal(Lan(100), pool.ReserveCandidate("dhcp:2", T0, Lan, preferred: Lan(200)));
        Assert.Equal(1, pool.CancelReservations("dhcp:1"));
        Assert.Equal(1, pool.Usage(Lan)!.Value.Probing);
    }

    [Fact]
    public void A_host_whose_lease_runs_is_offered_that_address_again_and_it_stays_leased()
    {
        var pool = TwoScopes();
        var host = LeaseIn(pool, Lan, "dhcp:1", T0);

        Assert.Equal(host, pool.ReserveCandidate("dhcp:1", T0.AddMinutes(1), Lan));
        Assert.Equal(LeaseState.Leased, Assert.Single(pool.Snapshot(Lan)).State);
    }

    [Fact]
    public void A_scoped_commit_moves_a_host_to_its_new_address_and_refuses_addresses_outside_the_scope()
    {
        var pool = TwoScopes();
        var old = LeaseIn(pool, Lan, "dhcp:1", T0);

        Assert.False(pool.Commit(Lan(200), "dhcp:1", Hour, T0, Lan));
        Assert.True(pool.Commit(Lan(103), "dhcp:1", Hour, T0.AddSeconds(1), Lan));

        var lease = Assert.Single(pool.Leases());
        Assert.Equal((Lan(103), "dhcp:1"), lease);
        Assert.DoesNotContain(pool.Snapshot(), info => info.Address == old);
    }

    [Fact]
    public void A_decline_ends_the_lease_and_keeps_the_address_out_for_the_conflict_hold()
    {
        var pool = TwoScopes();
        var host = LeaseIn(pool, Lan, "dhcp:1", T0);

        Assert.False(pool.Decline(host, "dhcp:2", T0));
        Assert.True(pool.Decline(host, "dhcp:1", T0));

        Assert.Equal(LeaseState.Conflict, Assert.Single(pool.Snapshot(Lan)).State);
        Assert.NotEqual(host, LeaseIn(pool, Lan, "dhcp:1", T0.AddSeconds(1)));
        Assert.Equal(1, pool.Counters.Conflicts);
    }

    [Fact]
    public void Overlapping_scopes_never_lease_one_address_twice()
    {
        // The validator refuses overlapping ranges; the pool must stay safe with them anyway.
        var pool = TwoScopes(vpn: (100, 109), lan: (105, 114));
        var random = new Random(5);
        var now = T0;

        for (int step = 0; step < 2000; step++, now = now.AddSeconds(1))
        {
            string scope = random.Next(2) == 0 ? Vpn : Lan;
            string identity = $"{scope}:{random.Next(30)}";
            switch (random.Next(4))
            {
                case 0 or 1:
                    if (pool.ReserveCandidate(identity, now, scope) is { } candidate) pool.Commit(candidate, identity, Hour, now);
                    break;
                case 2:
                    if (pool.Leases().FirstOrDefault(lease => lease.Identity == identity) is { Identity: not null } mine)
                        pool.Release(mine.Address, now);
                    break;
                default:
                    pool.Expire(now);
                    break;
            }
            var states = pool.Snapshot();
            Assert.Equal(states.Count, states.Select(info => info.Address).Distinct().Count());
            Assert.All(pool.Leases(), lease => Assert.True(pool.Contains(lease.Address, lease.Identity.StartsWith(Vpn) ? Vpn : Lan)));
        }
        Assert.Equal(15, pool.Capacity);
    }

    [Fact]
    public void Scopes_must_have_distinct_names_and_an_unknown_scope_is_a_caller_bug()
    {
        Assert.Throws<ArgumentException>(() => new AddressPool(
            [new AddressScope(Vpn, [Range(1, 2)], []), new AddressScope(Vpn, [Range(3, 4)], [])], Options, null, T0));
        Assert.Throws<ArgumentException>(() => new AddressPool([], Options, null, T0));
        Assert.Throws<ArgumentException>(() => TwoScopes().ReserveCandidate("alice", T0, "wan"));
    }
}
