using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;
using OnLan.Ike.Proposals;

namespace OnLan.Testing.Ike;

/// <summary>
/// A Child SA as the initiator sees it: <see cref="InboundSpi"/> is ours (the responder's outbound),
/// <see cref="Keys"/> is KEYMAT of RFC 7296 §2.17 in prf+ order, so the responder's inbound keys are
/// <see cref="ChildKeys.InitiatorToResponderEncryption"/> / <see cref="ChildKeys.InitiatorToResponderIntegrity"/>.
/// </summary>
public sealed record InitiatorChildSa(
    uint InboundSpi, uint OutboundSpi, EspSuite Suite, ChildKeys Keys,
    IReadOnlyList<TrafficSelector> InitiatorSelectors, IReadOnlyList<TrafficSelector> ResponderSelectors);
