using OnLan.Ike.Messages;
using OnLan.Ike.Responder;
using OnLan.Testing.Ike;

namespace OnLan.Ike.Tests.Responder;

/// <summary>
/// IKE_AUTH waits for the address section (an ARP probe on the LAN, a DHCP server behind a relay) without blocking
/// the engine: the answer goes out from Poll once the address is known; retransmissions meanwhile are absorbed.
/// </summary>
public sealed class AddressWaitTests
{
    [Fact]
    public void The_auth_answer_waits_for_the_address_and_goes_out_when_it_is_known()
    {
        var pair = Pair.Create();
        pair.Pool.Hold = true;

        pair.Connect();
        pair.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(pair.Wire.Delivered(Direction.ToInitiator, ExchangeType.IkeAuth, response: true));
        Assert.Equal(InitiatorState.Connecting, pair.Initiator.State);
        Assert.Empty(pair.Installer.Installed);
        Assert.Equal(1, pair.Responder.Counters.AddressWaits);

        pair.Pool.Hold = false;
        pair.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Equal(InitiatorState.Established, pair.Initiator.State);
        var (_, address) = Assert.Single(pair.Pool.Acquired);
        Assert.Equal(address, pair.ResponderSa.LeasedAddress);
        Assert.Single(pair.Installer.Installed);
        Assert.Single(pair.Wire.Delivered(Direction.ToInitiator, ExchangeType.IkeAuth, response: true));
    }

    [Fact]
    public void Retransmissions_while_waiting_are_absorbed_and_the_exchange_runs_once()
    {
        var pair = Pair.Create();
        pair.Pool.Hold = true;

        pair.Connect();
        pair.Advance(TimeSpan.FromSeconds(7)); // the initiator retransmits after 2 s and 4 s more

        Assert.True(pair.Initiator.Retransmissions >= 2, $"{pair.Initiator.Retransmissions} retransmissions");
        Assert.Equal(pair.Initiator.Retransmissions, pair.Responder.Counters.RetransmissionsWhileWaiting);
        Assert.Equal(0, pair.Responder.Counters.TotalDropped);

        pair.Pool.Hold = false;
        pair.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Equal(InitiatorState.Established, pair.Initiator.State);
        Assert.Single(pair.Installer.Installed);
        Assert.Single(pair.Pool.Acquired);
    }

    [Fact]
    public void An_address_that_never_comes_ends_in_internal_address_failure_and_the_request_is_cancelled()
    {
        var pair = Pair.Create(r => r with { AddressWaitLimit = TimeSpan.FromSeconds(3) });
        pair.Pool.Hold = true;

        pair.Connect();
        pair.Advance(TimeSpan.FromSeconds(3.5));

        var answer = Assert.Single(pair.Wire.Delivered(Direction.ToInitiator, ExchangeType.IkeAuth, response: true));
        Assert.NotNull(answer);
        Assert.Equal(1, pair.Responder.Counters.AddressFailures);
        Assert.Equal(pair.ResponderSa.ResponderSpi, Assert.Single(pair.Pool.Cancelled));
        Assert.Null(pair.ResponderSa.LeasedAddress);
        Assert.Empty(pair.Installer.Installed);
    }

    [Fact]
    public void An_sa_deleted_while_waiting_cancels_its_address_request()
    {
        var pair = Pair.Create();
        pair.Pool.Hold = true;
        pair.Connect();
        ulong spi = pair.ResponderSa.ResponderSpi;

        pair.Responder.DeleteAll(pair.Now, []);

        Assert.Empty(pair.Responder.Sas);
        Assert.Equal(spi, Assert.Single(pair.Pool.Cancelled));
    }
}
