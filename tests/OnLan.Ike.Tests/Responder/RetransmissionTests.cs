using OnLan.Ike.Messages;
using OnLan.Ike.Responder;
using OnLan.Testing.Ike;

namespace OnLan.Ike.Tests.Responder;

/// <summary>RFC 7296 §2.1-§2.2: retransmissions are answered from the cache, Message IDs outside the window are dropped.</summary>
public sealed class RetransmissionTests
{
    [Fact]
    public void A_lost_auth_response_is_resent_from_the_cache_and_the_child_sa_is_installed_once()
    {
        var pair = Pair.Create();
        pair.Wire.Drop(Direction.ToInitiator, Pair.Is(ExchangeType.IkeAuth, response: true));

        pair.Connect();
        Assert.Equal(InitiatorState.Connecting, pair.Initiator.State);
        Assert.Single(pair.Installer.Installed);

        pair.Advance(TimeSpan.FromSeconds(2.5));

        Assert.Equal(1, pair.Initiator.Retransmissions);
        Assert.Equal(1, pair.Responder.Counters.RetransmissionsAnswered);
        Assert.Equal(InitiatorState.Established, pair.Initiator.State);
        var installed = Assert.Single(pair.Installer.Installed);
        ChildSaAssert.SameKeys(Assert.Single(pair.Initiator.Children), installed);
        Assert.Single(pair.Pool.Acquired);
    }

    [Fact]
    public void A_duplicate_init_request_gets_the_identical_response()
    {
        var pair = Pair.Create();
        pair.Wire.Duplicate(Direction.ToResponder, Pair.Is(ExchangeType.IkeSaInit, response: false));

        pair.Connect();

        var answers = pair.Wire.Delivered(Direction.ToInitiator, ExchangeType.IkeSaInit, response: true).ToList();
        Assert.Equal(2, answers.Count);
        Assert.Equal(answers[0].Message, answers[1].Message);
        Assert.Equal(1, pair.Responder.Counters.RetransmissionsAnswered);
        Assert.Equal(InitiatorState.Established, pair.Initiator.State);
        Assert.Single(pair.Responder.Sas);
    }

    [Theory]
    [InlineData(7u)]   // ahead of the window
    [InlineData(0u)]   // long behind it (the IKE_SA_INIT's ID, reused inside the SA)
    public void A_request_outside_the_message_id_window_is_dropped_and_counted(uint messageId)
    {
        var pair = Pair.Create().Connect();
        pair.Initiator.Sa.NextRequestId = messageId;

        pair.FromInitiator(pair.Initiator.SendLivenessCheck(pair.Now));

        Assert.Equal(1, pair.Responder.Counters[IkeDrop.InvalidMessageId]);
        Assert.Empty(pair.Wire.Delivered(Direction.ToInitiator, ExchangeType.Informational, response: true));
        Assert.Equal(0, pair.Initiator.LivenessChecksCompleted);
    }

    [Fact]
    public void A_different_message_with_the_last_answered_id_gets_no_cached_response()
    {
        // After IKE_AUTH (ID 1) the window expects 2; a liveness check forged with ID 1 is not the request we answered.
        var pair = Pair.Create().Connect();
        pair.Initiator.Sa.NextRequestId = 1;
        int before = pair.Wire.Delivered(Direction.ToInitiator, ExchangeType.IkeAuth, response: true).Count();

        pair.FromInitiator(pair.Initiator.SendLivenessCheck(pair.Now));

        Assert.Equal(0, pair.Responder.Counters.RetransmissionsAnswered);
        Assert.Equal(1, pair.Responder.Counters[IkeDrop.InvalidMessageId]);
        Assert.Equal(before, pair.Wire.Delivered(Direction.ToInitiator, ExchangeType.IkeAuth, response: true).Count());
    }

    [Fact]
    public void Wrong_psk_gets_authentication_failed_and_leaves_no_sa_and_no_lease()
    {
        var pair = Pair.Create(initiator: o => o with { PreSharedKey = "wrong" }).Connect();

        Assert.Equal(InitiatorState.Failed, pair.Initiator.State);
        Assert.Equal(NotifyType.AuthenticationFailed, pair.Initiator.LastError);
        Assert.Equal(1, pair.Responder.Counters.AuthenticationFailures);
        Assert.Empty(pair.Responder.Sas);
        Assert.Equal(0, pair.Responder.HalfOpenCount);
        Assert.Empty(pair.Pool.Acquired);
        Assert.Empty(pair.Installer.Installed);
    }
}
