using OnLan.Testing.Ike;
using OnLan.Ike.Messages;
using OnLan.Wire;

namespace OnLan.Ike.Tests.Messages;

public class PayloadRulesTests
{
    private static readonly SecurityAssociationPayload Sa = new([
        new Proposal(1, ProtocolId.Esp, [1, 2, 3, 4], [new Transform(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesGcm16, 256)])]);
    private static readonly KeyExchangePayload Ke = new(KeyExchangeGroup.Curve25519, new byte[32]);
    private static readonly NoncePayload Nonce = new(new byte[32]);
    private static readonly IdentificationPayload IdI = new(true, IdentificationType.Fqdn, "client"u8.ToArray());
    private static readonly IdentificationPayload IdR = new(false, IdentificationType.Fqdn, "gw"u8.ToArray());
    private static readonly AuthenticationPayload Auth = new(AuthenticationMethod.SharedKeyMessageIntegrityCode, new byte[32]);
    private static readonly ConfigurationPayload CpRequest = new(ConfigurationType.Request, [ConfigurationAttribute.Request(ConfigurationAttributeType.InternalIp4Address)]);
    private static readonly TrafficSelectorPayload TsI = new(true, [TrafficSelector.Ipv4(Ipv4Address.Any, Ipv4Address.Broadcast)]);
    private static readonly TrafficSelectorPayload TsR = new(false, [TrafficSelector.Ipv4(new Ipv4Address(198, 18, 0, 0), new Ipv4Address(198, 18, 0, 255))]);
    private static readonly NotifyPayload InitialContact = new(NotifyType.InitialContact, []);
    private static readonly EapPayload Eap = new([2, 1, 0, 5, 1]);
    private static readonly DeletePayload Delete = new(ProtocolId.Esp, [[1, 2, 3, 4]]);
    private static readonly VendorIdPayload Vendor = new([1, 2, 3]);
    private static readonly EncryptedPayload Sk = new(PayloadType.IdentificationInitiator, new byte[64]);
    private static readonly UnknownPayload Unknown = new((PayloadType)99, [1]);

    private static IReadOnlyList<IkePayload> Parsed(byte[] message)
    {
        var payloads = new List<IkePayload>();
        Assert.Equal(IkeError.None, IkeMessageCodec.TryParse(message, out _, payloads, out _));
        return payloads;
    }

    [Fact]
    public void Captured_IKE_SA_INIT_request_and_response_are_accepted()
    {
        Assert.Equal(IkeError.None, PayloadRules.Check(ExchangeType.IkeSaInit, false, false, Parsed(CapturedIkeMessages.IkeSaInitRequest)));
        Assert.Equal(IkeError.None, PayloadRules.Check(ExchangeType.IkeSaInit, true, false, Parsed(CapturedIkeMessages.IkeSaInitResponse)));
    }

    [Fact]
    public void Captured_IKE_AUTH_outer_layer_of_one_SK_payload_is_accepted()
    {
        Assert.Equal(IkeError.None, PayloadRules.Check(ExchangeType.IkeAuth, false, false, Parsed(CapturedIkeMessages.IkeAuthRequest)));
        Assert.Equal(IkeError.None, PayloadRules.Check(ExchangeType.IkeAuth, true, false, Parsed(CapturedIkeMessages.IkeAuthResponse)));
    }

    public static TheoryData<string, ExchangeType, bool, bool, IkePayload[], IkeError> Examples() => new()
    {
        // IKE_SA_INIT: HDR, SAi1, KEi, Ni -->
        { "init request", ExchangeType.IkeSaInit, false, false, [Sa, Ke, Nonce, InitialContact, Vendor], IkeError.None },
        { "init request with an unknown non-critical payload", ExchangeType.IkeSaInit, false, false, [Sa, Unknown, Ke, Nonce], IkeError.None },
        { "init request without KE", ExchangeType.IkeSaInit, false, false, [Sa, Nonce], IkeError.InvalidSyntax },
        { "init request with two nonces", ExchangeType.IkeSaInit, false, false, [Sa, Ke, Nonce, Nonce], IkeError.InvalidSyntax },
        { "init request with an ID", ExchangeType.IkeSaInit, false, false, [Sa, Ke, Nonce, IdI], IkeError.InvalidSyntax },
        { "init request marked encrypted", ExchangeType.IkeSaInit, false, true, [Sa, Ke, Nonce], IkeError.InvalidSyntax },
        { "init response with COOKIE only", ExchangeType.IkeSaInit, true, false, [new NotifyPayload(NotifyType.Cookie, new byte[8])], IkeError.None },
        { "init response with SA but no KE", ExchangeType.IkeSaInit, true, false, [Sa, Nonce], IkeError.InvalidSyntax },

        // Protected exchanges, outer layer: HDR, SK {...}
        { "auth outer with no SK", ExchangeType.IkeAuth, false, false, [], IkeError.InvalidSyntax },
        { "auth outer with a plaintext notify", ExchangeType.IkeAuth, false, false, [InitialContact, Sk], IkeError.InvalidSyntax },
        { "informational outer", ExchangeType.Informational, true, false, [Sk], IkeError.None },

        // IKE_AUTH request, inner: HDR, SK {IDi, [CERT,] [CERTREQ,] [IDr,] AUTH, SAi2, TSi, TSr} -->
        { "auth request with CP", ExchangeType.IkeAuth, false, true, [IdI, InitialContact, IdR, Auth, CpRequest, Sa, TsI, TsR], IkeError.None },
        { "auth request asking for EAP (no AUTH)", ExchangeType.IkeAuth, false, true, [IdI, CpRequest, Sa, TsI, TsR], IkeError.None },
        { "auth request, childless", ExchangeType.IkeAuth, false, true, [IdI, Auth], IkeError.None },
        { "auth request, EAP round", ExchangeType.IkeAuth, false, true, [Eap], IkeError.None },
        { "auth request, closing AUTH after EAP", ExchangeType.IkeAuth, false, true, [Auth], IkeError.None },
        { "auth request, empty", ExchangeType.IkeAuth, false, true, [], IkeError.InvalidSyntax },
        { "auth request without IDi", ExchangeType.IkeAuth, false, true, [Auth, Sa, TsI, TsR], IkeError.InvalidSyntax },
        { "auth request with two IDi", ExchangeType.IkeAuth, false, true, [IdI, IdI, Auth, Sa, TsI, TsR], IkeError.InvalidSyntax },
        { "auth request with two AUTH", ExchangeType.IkeAuth, false, true, [IdI, Auth, Auth, Sa, TsI, TsR], IkeError.InvalidSyntax },
        { "auth request with SA but no TS", ExchangeType.IkeAuth, false, true, [IdI, Auth, Sa], IkeError.InvalidSyntax },
        { "auth request with KE", ExchangeType.IkeAuth, false, true, [IdI, Auth, Sa, TsI, TsR, Ke], IkeError.InvalidSyntax },
        { "auth response", ExchangeType.IkeAuth, true, true, [IdR, Auth, new ConfigurationPayload(ConfigurationType.Reply, []), Sa, TsI, TsR], IkeError.None },
        { "auth response AUTHENTICATION_FAILED", ExchangeType.IkeAuth, true, true, [new NotifyPayload(NotifyType.AuthenticationFailed, [])], IkeError.None },

        // CREATE_CHILD_SA: HDR, SK {SA, Ni, [KEi], [TSi, TSr]} -->
        { "child request", ExchangeType.CreateChildSa, false, true, [Sa, Nonce, Ke, TsI, TsR], IkeError.None },
        { "child rekey request", ExchangeType.CreateChildSa, false, true, [new NotifyPayload(ProtocolId.Esp, [1, 2, 3, 4], NotifyType.RekeySa, []), Sa, Nonce, TsI, TsR], IkeError.None },
        { "IKE SA rekey request", ExchangeType.CreateChildSa, false, true, [Sa, Nonce, Ke], IkeError.None },
        { "child request without nonce", ExchangeType.CreateChildSa, false, true, [Sa, Ke, TsI, TsR], IkeError.InvalidSyntax },
        { "child request with TSi only", ExchangeType.CreateChildSa, false, true, [Sa, Nonce, TsI], IkeError.InvalidSyntax },
        { "child request with two KE", ExchangeType.CreateChildSa, false, true, [Sa, Nonce, Ke, Ke], IkeError.InvalidSyntax },
        { "child response NO_PROPOSAL_CHOSEN", ExchangeType.CreateChildSa, true, true, [new NotifyPayload(NotifyType.NoProposalChosen, [])], IkeError.None },

        // INFORMATIONAL: HDR, SK {[N,] [D,] [CP,] ...} -->
        { "liveness check", ExchangeType.Informational, false, true, [], IkeError.None },
        { "delete", ExchangeType.Informational, false, true, [Delete, Delete, InitialContact], IkeError.None },
        { "informational with SA", ExchangeType.Informational, false, true, [Sa], IkeError.InvalidSyntax },
        { "unknown exchange", (ExchangeType)99, false, true, [], IkeError.InvalidSyntax },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Payload_rules_accept_and_refuse_per_exchange(string example, ExchangeType exchange, bool response, bool encrypted, IkePayload[] payloads, IkeError expected) =>
        Assert.True(expected == PayloadRules.Check(exchange, response, encrypted, payloads), example);
}
