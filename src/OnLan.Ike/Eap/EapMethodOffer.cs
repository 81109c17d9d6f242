namespace OnLan.Ike.Eap;

/// <summary>A method the gateway is willing to run: its type (what a Nak names) and how to start a fresh instance.</summary>
public sealed record EapMethodOffer(EapType Type, Func<IEapMethod> Create);
