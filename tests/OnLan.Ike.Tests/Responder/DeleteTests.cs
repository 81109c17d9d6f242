using OnLan.Ike.Responder;
using OnLan.Testing.Ike;

namespace OnLan.Ike.Tests.Responder;

/// <summary>INFORMATIONAL Deletes from either side (RFC 7296 §1.4.1): Child SAs leave the data plane, the lease returns.</summary>
public sealed class DeleteTests
{
    [Fact]
    public void A_delete_of_the_ike_sa_from_the_initiator_removes_the_child_and_releases_the_lease()
    {
        var pair = Pair.Create().Connect();

        pair.FromInitiator(pair.Initiator.DeleteIkeSa(pair.Now));

        Assert.Equal(InitiatorState.Deleted, pair.Initiator.State);
        Assert.Empty(pair.Responder.Sas);
        Assert.Empty(pair.Installer.Active);
        Assert.Equal([Pair.PoolAddresses[0]], pair.Pool.Released);
    }

    [Fact]
    public void A_delete_of_a_child_sa_from_the_initiator_removes_only_that_child()
    {
        var pair = Pair.Create().Connect();

        pair.FromInitiator(pair.Initiator.DeleteChildSa(pair.Initiator.Children[0], pair.Now));

        Assert.Empty(pair.Initiator.Children);
        Assert.Single(pair.Installer.Removed);
        Assert.Single(pair.Responder.Sas);
        Assert.Empty(pair.Pool.Released);
    }

    [Fact]
    public void A_delete_from_the_responder_is_answered_and_the_sa_and_lease_are_gone()
    {
        var pair = Pair.Create().Connect();
        var ended = new List<IkeSaEvent>();
        pair.Responder.Events += ended.Add;
        var output = new List<IkeDatagram>();

        pair.Responder.Delete(pair.ResponderSa, pair.Now, output);
        pair.FromResponder(output);

        Assert.True(pair.Initiator.DeletedByPeer);
        Assert.Equal(1, pair.Initiator.RequestsAnswered);
        Assert.Empty(pair.Responder.Sas);
        Assert.Empty(pair.Installer.Active);
        Assert.Equal([Pair.PoolAddresses[0]], pair.Pool.Released);
        Assert.Equal(IkeSaEndReason.DeletedByUs, Assert.Single(ended).Reason);
    }

    [Fact]
    public void An_expired_child_sa_is_deleted_by_the_responder_and_the_initiator_answers()
    {
        var pair = Pair.Create().Connect();
        var child = Assert.Single(pair.Installer.Active);
        var output = new List<IkeDatagram>();

        pair.Responder.DeleteChildSa(child.InboundSpi, pair.Now, output);
        pair.FromResponder(output);

        Assert.Empty(pair.Installer.Active);
        Assert.Equal(1, pair.Initiator.RequestsAnswered);
        Assert.Empty(pair.Initiator.Children);
        Assert.Single(pair.Responder.Sas); // the IKE SA and its lease stay
        Assert.Empty(pair.Pool.Released);
    }
}
