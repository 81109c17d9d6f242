using OnLan.Ike.Messages;
using OnLan.Testing.Ike;

namespace OnLan.Ike.Tests.Responder;

/// <summary>The responder's timers under virtual time: liveness checks, half-open timeout, lifetime (= lease) expiry.</summary>
public sealed class TimerTests
{
    private static readonly TimeSpan Dpd = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_silent_initiator_gets_a_liveness_check_retransmitted_with_doubling_timeouts_then_is_declared_dead()
    {
        var pair = Pair.Create(o => o with { DpdInterval = Dpd, RetransmitTimeout = TimeSpan.FromSeconds(2), RetransmitTries = 5 }).Connect();
        pair.Initiator.Silent = true;

        pair.Advance(Dpd + TimeSpan.FromSeconds(61.9));
        Assert.Single(pair.Responder.Sas); // 2 + 4 + 8 + 16 + 32 s after the first check it is not over yet

        pair.Advance(TimeSpan.FromSeconds(0.1));

        var checks = pair.Wire.Delivered(Direction.ToInitiator, ExchangeType.Informational, response: false).ToList();
        Assert.Equal([30, 32, 36, 44, 60], checks.Select(c => c.At.TotalSeconds));
        Assert.All(checks, c => Assert.Equal(checks[0].Message, c.Message)); // the same request, resent
        Assert.Equal(5, pair.Initiator.RequestsIgnored);
        Assert.Equal(1, pair.Responder.Counters.LivenessChecksSent);
        Assert.Equal(4, pair.Responder.Counters.OwnRetransmissions);
        Assert.Equal(1, pair.Responder.Counters.DeadPeers);
        Assert.Empty(pair.Responder.Sas);
        Assert.Empty(pair.Installer.Active);
        Assert.Equal([Pair.PoolAddresses[0]], pair.Pool.Released);
    }

    [Fact]
    public void A_live_initiator_answers_liveness_checks_and_keeps_its_sa()
    {
        var pair = Pair.Create(o => o with { DpdInterval = Dpd }).Connect();

        pair.Advance(TimeSpan.FromSeconds(100));

        Assert.Equal(3, pair.Initiator.LivenessChecksAnswered);
        Assert.Equal(3, pair.Responder.Counters.LivenessChecksSent);
        Assert.Equal(0, pair.Responder.Counters.DeadPeers);
        Assert.Single(pair.Responder.Sas);
        Assert.Single(pair.Installer.Active);
        Assert.Empty(pair.Pool.Released);
    }

    [Fact]
    public void A_half_open_sa_is_removed_after_the_half_open_timeout()
    {
        var pair = Pair.Create(o => o with { HalfOpenTimeout = TimeSpan.FromSeconds(30) });
        pair.Wire.Drop(Direction.ToResponder, Pair.Is(ExchangeType.IkeAuth, response: false), count: int.MaxValue);
        pair.Connect();
        Assert.Equal(1, pair.Responder.HalfOpenCount);

        pair.Advance(TimeSpan.FromSeconds(29.9));
        Assert.Equal(1, pair.Responder.HalfOpenCount);
        pair.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal(0, pair.Responder.HalfOpenCount);
        Assert.Empty(pair.Responder.Sas);
        Assert.Empty(pair.Pool.Acquired);
    }

    [Fact]
    public void At_the_end_of_its_lifetime_the_responder_deletes_the_sa_and_the_lease_goes_with_it()
    {
        var lifetime = TimeSpan.FromMinutes(10);
        var pair = Pair.Create(o => o with { Lifetime = lifetime, DpdInterval = TimeSpan.Zero }).Connect();

        pair.Advance(lifetime - TimeSpan.FromSeconds(1));
        Assert.Single(pair.Responder.Sas);
        Assert.Empty(pair.Pool.Released);

        pair.Advance(TimeSpan.FromSeconds(1));

        Assert.True(pair.Initiator.DeletedByPeer);
        Assert.Empty(pair.Responder.Sas);
        Assert.Empty(pair.Installer.Active);
        Assert.Equal([Pair.PoolAddresses[0]], pair.Pool.Released);
    }

    [Fact]
    public void A_child_sa_the_client_does_not_rekey_is_deleted_at_its_hard_lifetime_and_the_ike_sa_stays()
    {
        var childLifetime = TimeSpan.FromMinutes(5);
        var pair = Pair.Create(o => o with { ChildLifetime = childLifetime, DpdInterval = TimeSpan.Zero }).Connect();

        pair.Advance(childLifetime - TimeSpan.FromSeconds(1));
        Assert.Single(pair.Installer.Active);

        pair.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(pair.Installer.Active);
        Assert.Empty(pair.Initiator.Children);
        Assert.Single(pair.Responder.Sas);
        Assert.Empty(pair.Pool.Released);
    }

    [Fact]
    public void A_rekeyed_child_sa_starts_a_new_lifetime()
    {
        var childLifetime = TimeSpan.FromMinutes(5);
        var pair = Pair.Create(o => o with { ChildLifetime = childLifetime, DpdInterval = TimeSpan.Zero }).Connect();
        pair.Advance(TimeSpan.FromMinutes(4));

        pair.FromInitiator(pair.Initiator.RekeyChildSa(pair.Initiator.Children[0], pair.Now));
        pair.Advance(TimeSpan.FromMinutes(4));

        Assert.Single(pair.Installer.Active);
        Assert.Single(pair.Initiator.Children);
    }
}
