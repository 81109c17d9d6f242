using OnLan.Ike.Messages;
using OnLan.Ike.Responder;
using OnLan.Testing.Ike;

namespace OnLan.Ike.Tests.Responder;

/// <summary>IKE_SA_INIT refusals and retries: INVALID_KE_PAYLOAD, NO_PROPOSAL_CHOSEN, cookies (RFC 7296 §1.2, §2.6).</summary>
public sealed class NegotiationTests
{
    [Fact]
    public void A_wrong_key_exchange_guess_gets_invalid_ke_payload_and_the_retry_with_the_named_group_succeeds()
    {
        // Windows' habit: MODP-1024 guessed first, a better group also offered.
        var pair = Pair.Create(initiator: o => o with
        {
            OfferedGroups = [KeyExchangeGroup.Modp1024, KeyExchangeGroup.Curve25519],
            FirstKeyExchange = KeyExchangeGroup.Modp1024,
        }).Connect();

        Assert.Equal(1, pair.Responder.Counters.InvalidKeSent);
        Assert.Equal(NotifyType.InvalidKePayload, pair.Initiator.NotifiesReceived[0]);
        Assert.Equal(2, pair.Wire.Delivered(Direction.ToResponder, ExchangeType.IkeSaInit, response: false).Count());
        Assert.Equal(InitiatorState.Established, pair.Initiator.State);
        Assert.Equal(KeyExchangeGroup.Curve25519, pair.ResponderSa.Suite.Group);
        Assert.Single(pair.Installer.Installed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Modp1024_alone_gets_no_proposal_chosen_unless_legacy_modp1024_is_on(bool legacy)
    {
        var pair = Pair.Create(o => o with { LegacyModp1024 = legacy }, o => o with { OfferedGroups = [KeyExchangeGroup.Modp1024] }).Connect();

        if (legacy)
        {
            Assert.Equal(InitiatorState.Established, pair.Initiator.State);
            Assert.Equal(KeyExchangeGroup.Modp1024, pair.ResponderSa.Suite.Group);
        }
        else
        {
            Assert.Equal(InitiatorState.Failed, pair.Initiator.State);
            Assert.Equal(NotifyType.NoProposalChosen, pair.Initiator.LastError);
            Assert.Equal(1, pair.Responder.Counters.NoProposalChosen);
            Assert.Empty(pair.Responder.Sas);
            Assert.Equal(0, pair.Responder.HalfOpenCount);
        }
    }

    [Fact]
    public void With_cookie_threshold_zero_the_first_init_gets_a_cookie_and_the_retry_with_it_succeeds()
    {
        var pair = Pair.Create(o => o with { CookieThreshold = 0 }).Connect();

        var answers = pair.Wire.Delivered(Direction.ToInitiator, ExchangeType.IkeSaInit, response: true).ToList();
        Assert.Equal(2, answers.Count);
        Assert.Equal(PayloadType.Notify, answers[0].Header.NextPayload);
        Assert.Equal(0ul, answers[0].Header.ResponderSpi); // no state kept for it
        Assert.Equal(NotifyType.Cookie, pair.Initiator.NotifiesReceived[0]);
        var retry = pair.Wire.Delivered(Direction.ToResponder, ExchangeType.IkeSaInit, response: false).Last();
        Assert.Equal(PayloadType.Notify, retry.Header.NextPayload); // N(COOKIE) first
        Assert.Equal(1, pair.Responder.Counters.CookiesSent);
        Assert.Equal(InitiatorState.Established, pair.Initiator.State);
    }

    [Fact]
    public void A_wrong_cookie_is_refused_with_a_fresh_cookie_and_keeps_no_state()
    {
        var pair = Pair.Create(o => o with { CookieThreshold = 0 }, o => o with { InitialCookie = new byte[36] });

        var first = pair.Initiator.Start(pair.Now);
        var output = new List<IkeDatagram>();
        pair.Responder.Receive(first[0].Message, first[0].Remote, first[0].Local, pair.Now, output);

        var answer = Assert.Single(output);
        Assert.True(IkeHeader.TryRead(answer.Message, out var header) == IkeError.None && header.ResponderSpi == 0);
        Assert.Equal(1, pair.Responder.Counters[IkeDrop.BadCookie]);
        Assert.Empty(pair.Responder.Sas);
        Assert.Equal(0, pair.Responder.HalfOpenCount);

        pair.FromResponder(output);
        Assert.Equal(InitiatorState.Established, pair.Initiator.State);
        Assert.Equal(1, pair.Responder.Counters[IkeDrop.BadCookie]);
    }
}
