using OnLan.Addressing;
using OnLan.LeaseWriter;
using OnLan.Wire;

// Writes leases without end, for LeaseStoreCrashTests, which kills this process (SIGKILL) at random points and
// then checks the store. Usage: OnLan.LeaseWriter <store-path> [seed]
//
// Output on stdout, one line each, written only after the fact it states is true:
//   started       the pool recovered the store; saves follow
//   saved <n>     FileLeaseStore.Save of sequence n returned (the file on disk holds n or later)
// Exit code 2: the store could not be recovered (the test reports the message from stderr).
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: OnLan.LeaseWriter <store-path> [seed]");
    return 1;
}
var random = args.Length == 2 ? new Random(int.Parse(args[1])) : new Random();
var store = new ReportingStore(new FileLeaseStore(args[0]), Console.Out);

// The edge of the program is allowed a clock; the pool is not. Virtual seconds pass per operation so that
// leases expire and holds end while the process lives for a fraction of a second.
var now = DateTimeOffset.UtcNow;
var pool = new AddressPool(
    LeaseWriterPool.Ranges, LeaseWriterPool.Exclusions,
    new AddressPoolOptions { ReleaseGrace = TimeSpan.FromSeconds(30), ConflictHold = TimeSpan.FromSeconds(20) },
    store, now);
if (pool.RecoveryError is { } error)
{
    Console.Error.WriteLine(error);
    return 2;
}
Console.WriteLine("started");

var leased = new Dictionary<string, Ipv4Address>();
for (long operation = 0; ; operation++)
{
    now += TimeSpan.FromSeconds(1);
    // Identities with spaces and non-ASCII letters exercise the file's escaping on every save.
    string identity = $"CN=road warrior {random.Next(LeaseWriterPool.Identities)}, O=Bäckerei";
    if (leased.TryGetValue(identity, out var address))
    {
        if (random.Next(2) == 0)
        {
            pool.Release(address, now);
            leased.Remove(identity);
        }
        else
        {
            pool.Renew(address, TimeSpan.FromSeconds(random.Next(10, 300)), now);
        }
    }
    else if (pool.ReserveCandidate(identity, now) is { } candidate)
    {
        switch (random.Next(20))
        {
            case 0: pool.MarkConflict(candidate, now); break;
            case 1: pool.CancelReservation(candidate); break;
            default:
                if (pool.Commit(candidate, identity, TimeSpan.FromSeconds(random.Next(10, 300)), now)) leased[identity] = candidate;
                break;
        }
    }
    if (operation % 50 == 0)
    {
        pool.Expire(now);
        // Leases past their expiry became holds: forget them here too.
        leased.Clear();
        foreach (var (leasedAddress, owner) in pool.Leases()) leased[owner] = leasedAddress;
    }
}
