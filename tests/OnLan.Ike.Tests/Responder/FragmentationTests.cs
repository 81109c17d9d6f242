using OnLan.Ike.Messages;
using OnLan.Testing.Ike;
using OnLan.Wire;

namespace OnLan.Ike.Tests.Responder;

/// <summary>RFC 7383: IKE_AUTH messages larger than the fragment size travel as SKF fragments, both ways.</summary>
public sealed class FragmentationTests
{
    private const int FragmentSize = 300;

    // Enough split networks that the CFG_REPLY and TSr make the IKE_AUTH response several fragments long.
    private static readonly Ipv4Prefix[] Networks = [.. Enumerable.Range(0, 12).Select(i => new Ipv4Prefix(new Ipv4Address(10, (byte)i, 0, 0), 16))];

    [Fact]
    public void The_auth_response_arrives_as_several_fragments_each_within_the_fragment_size_and_reassembles()
    {
        var pair = Pair.Create(o => o with { FragmentSize = FragmentSize, SplitNetworks = Networks }, o => o with { Fragmentation = true }).Connect();

        var fragments = pair.Wire.Delivered(Direction.ToInitiator, ExchangeType.IkeAuth, response: true).ToList();
        Assert.True(fragments.Count > 1, $"{fragments.Count} fragment(s)");
        Assert.All(fragments, f => Assert.Equal(PayloadType.EncryptedFragment, f.Header.NextPayload));
        Assert.All(fragments, f => Assert.True(f.Message.Length <= FragmentSize, $"{f.Message.Length} bytes"));
        Assert.Equal(fragments.Count, pair.Initiator.FragmentsReceived);
        Assert.Equal(fragments.Count, pair.Responder.Counters.FragmentsSent);
        Assert.Equal(InitiatorState.Established, pair.Initiator.State);
        Assert.Equal(Networks.Length + 2, pair.Initiator.Children[0].ResponderSelectors.Count);
        ChildSaAssert.SameKeys(pair.Initiator.Children[0], Assert.Single(pair.Installer.Installed));
    }

    [Fact]
    public void An_initiator_that_did_not_offer_fragmentation_gets_the_response_whole()
    {
        var pair = Pair.Create(o => o with { FragmentSize = FragmentSize, SplitNetworks = Networks }).Connect();

        var response = Assert.Single(pair.Wire.Delivered(Direction.ToInitiator, ExchangeType.IkeAuth, response: true));
        Assert.Equal(PayloadType.Encrypted, response.Header.NextPayload);
        Assert.Equal(InitiatorState.Established, pair.Initiator.State);
    }

    [Fact]
    public void A_fragmented_auth_request_is_reassembled_even_out_of_order()
    {
        var pair = Pair.Create(initiator: o => o with { Fragmentation = true, FragmentSize = 120 });
        // The first fragment arrives last.
        pair.Wire.Delay(Direction.ToResponder, h => h.Exchange == ExchangeType.IkeAuth && h.NextPayload == PayloadType.EncryptedFragment,
            TimeSpan.FromMilliseconds(50));

        pair.Connect();
        pair.Advance(TimeSpan.FromMilliseconds(100));

        Assert.True(pair.Initiator.FragmentsSent > 1, $"{pair.Initiator.FragmentsSent} fragment(s)");
        Assert.Equal(pair.Initiator.FragmentsSent, pair.Responder.Counters.FragmentsReceived);
        Assert.Equal(InitiatorState.Established, pair.Initiator.State);
        ChildSaAssert.SameKeys(pair.Initiator.Children[0], Assert.Single(pair.Installer.Installed));
    }
}
