using OnLan.Ike.Messages;
using OnLan.Ike.Sa;
using OnLan.Testing.Ike;

namespace OnLan.Ike.Tests.Responder;

/// <summary>CREATE_CHILD_SA started by the client: Child SA rekey (with and without PFS), IKE SA rekey, another Child SA.</summary>
public sealed class RekeyTests
{
    [Theory]
    [InlineData(KeyExchangeGroup.None)]
    [InlineData(KeyExchangeGroup.Curve25519)]
    [InlineData(KeyExchangeGroup.Ecp256)]
    public void A_child_sa_rekey_installs_the_new_child_and_removes_the_old_one_after_the_initiators_delete(KeyExchangeGroup pfs)
    {
        var pair = Pair.Create().Connect();
        var old = Assert.Single(pair.Initiator.Children);
        var oldInstalled = Assert.Single(pair.Installer.Installed);
        // Hold the initiator's Delete(ESP) back for a second to see the two Child SAs overlap.
        pair.Wire.Delay(Direction.ToResponder, Pair.Is(ExchangeType.Informational, response: false), TimeSpan.FromSeconds(1));

        pair.FromInitiator(pair.Initiator.RekeyChildSa(old, pair.Now, pfs));

        Assert.Equal(1, pair.Responder.Counters.RekeysChild);
        Assert.Equal(2, pair.Installer.Installed.Count);
        Assert.Empty(pair.Installer.Removed);
        var fresh = pair.Initiator.Children.Single(c => c != old);
        ChildSaAssert.SameKeys(fresh, pair.Installer.Installed[1]);
        Assert.NotEqual(old.Keys.InitiatorToResponderEncryption, fresh.Keys.InitiatorToResponderEncryption);

        pair.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([oldInstalled], pair.Installer.Removed);
        Assert.Equal([fresh], pair.Initiator.Children);
        Assert.Single(pair.ResponderSa.Children);
        Assert.Single(pair.Pool.Acquired);
        Assert.Empty(pair.Pool.Released);
    }

    [Fact]
    public void A_child_sa_rekey_naming_an_unknown_spi_gets_child_sa_not_found()
    {
        var pair = Pair.Create().Connect();
        var old = Assert.Single(pair.Initiator.Children);

        pair.FromInitiator(pair.Initiator.RekeyChildSa(old with { InboundSpi = old.InboundSpi ^ 0x5a5a }, pair.Now));

        Assert.Equal(NotifyType.ChildSaNotFound, pair.Initiator.LastError);
        Assert.Single(pair.Installer.Installed);
    }

    [Fact]
    public void Another_child_sa_is_installed_beside_the_first()
    {
        var pair = Pair.Create().Connect();

        pair.FromInitiator(pair.Initiator.CreateChildSa(pair.Now, KeyExchangeGroup.Curve25519));

        Assert.Equal(2, pair.Initiator.Children.Count);
        Assert.Equal(2, pair.Installer.Active.Count);
        ChildSaAssert.SameKeys(pair.Initiator.Children[1], pair.Installer.Installed[1]);
    }

    [Fact]
    public void An_ike_sa_rekey_moves_children_and_lease_to_the_new_sa_and_the_new_sa_keeps_working()
    {
        var pair = Pair.Create().Connect();
        var oldSa = pair.ResponderSa;
        var child = Assert.Single(pair.Installer.Installed);
        pair.Advance(TimeSpan.FromMinutes(1));

        pair.FromInitiator(pair.Initiator.RekeyIkeSa(pair.Now));

        Assert.Equal(1, pair.Responder.Counters.RekeysIke);
        Assert.Null(pair.Initiator.OldSa); // its Delete was answered
        var newSa = pair.ResponderSa;
        Assert.NotSame(oldSa, newSa);
        Assert.Equal(IkeSaState.Dead, oldSa.State);
        Assert.Equal(pair.Initiator.Sa.InitiatorSpi, newSa.InitiatorSpi);
        Assert.Equal(pair.Initiator.Sa.ResponderSpi, newSa.ResponderSpi);
        Assert.Equal(IkeSaState.Established, newSa.State);
        Assert.Equal(child, Assert.Single(newSa.Children).Installation);
        Assert.Empty(pair.Installer.Removed);
        Assert.Equal(Pair.PoolAddresses[0], newSa.LeasedAddress);
        Assert.Empty(pair.Pool.Released);
        Assert.Single(pair.Pool.Leased);
        Assert.Equal(pair.Pool.Leased, pair.Pool.Renewed); // the lease lives as long as the new IKE SA

        pair.FromInitiator(pair.Initiator.SendLivenessCheck(pair.Now));
        Assert.Equal(1, pair.Initiator.LivenessChecksCompleted);

        // A Child SA made under the new SA's SK_d matches too.
        pair.FromInitiator(pair.Initiator.CreateChildSa(pair.Now));
        ChildSaAssert.SameKeys(pair.Initiator.Children[1], pair.Installer.Installed[1]);
    }
}
