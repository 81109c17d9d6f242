using System.Collections.Concurrent;
using OnLan.Wire;
using static OnLan.Addressing.Tests.Net;

namespace OnLan.Addressing.Tests;

public class AddressPoolConcurrencyTests
{
    [Fact]
    public void Threads_reserving_committing_and_releasing_never_get_one_address_twice()
    {
        const int Threads = 6, IdentitiesPerThread = 8, Rounds = 3000;
        var store = new InMemoryLeaseStore();
        // Fewer addresses than identities, and a short grace: addresses change hands all the time.
        var pool = new AddressPool([Range(10, 39)], [], Options with { ReleaseGrace = TimeSpan.FromSeconds(2), ConflictHold = TimeSpan.FromSeconds(2) }, store, T0);
        long clock = 0;
        DateTimeOffset Now() => T0.AddMilliseconds(Interlocked.Add(ref clock, 100));
        // Who holds each address, as the callers see it: added after Commit returns, removed before Release.
        var holder = new ConcurrentDictionary<Ipv4Address, string>();
        var failures = new ConcurrentQueue<string>();

        void Work(int thread)
        {
            var random = new Random(thread);
            var leased = new Dictionary<string, Ipv4Address>();
            for (int round = 0; round < Rounds; round++)
            {
                string identity = $"t{thread}-{random.Next(IdentitiesPerThread)}";
                if (leased.Remove(identity, out var address))
                {
                    holder.TryRemove(address, out _);
                    pool.Release(address, Now());
                    continue;
                }
                if (pool.ReserveCandidate(identity, Now()) is not { } candidate) continue;
                switch (random.Next(10))
                {
                    case 0: pool.MarkConflict(candidate, Now()); break;
                    case 1: pool.CancelReservation(candidate); break;
                    default:
                        if (!pool.Commit(candidate, identity, TimeSpan.FromDays(365), Now())) break;
                        if (!holder.TryAdd(candidate, identity))
                            failures.Enqueue($"{candidate} committed to {identity} while {holder[candidate]} holds it");
                        leased[identity] = candidate;
                        break;
                }
                if (round % 100 == 0) pool.Expire(Now());
            }
        }

        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() => Work(t))).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(failures);
        Assert.True(pool.Counters.Commits > 1000, $"only {pool.Counters.Commits} commits: the test did not exercise much");
        var saved = store.Saved!;
        Assert.Equal(pool.Leases().Count, saved.Leases.Count);
        Assert.Equal(holder.OrderBy(h => h.Key).Select(h => (h.Key, h.Value)), pool.Leases());
    }
}
