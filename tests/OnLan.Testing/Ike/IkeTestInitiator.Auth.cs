using System.Text;
using OnLan.Ike;
using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;
using OnLan.Wire;

namespace OnLan.Testing.Ike;

public sealed partial class IkeTestInitiator
{
    private byte[] _nonceR = [];

    /// <summary>The responder's IDr as received.</summary>
    public IdentificationPayload? ResponderIdentification { get; private set; }

    /// <summary>An error notify that refused the first Child SA while the IKE SA came up (FAILED_CP_REQUIRED, TS_UNACCEPTABLE, ...).</summary>
    public NotifyType? ChildError { get; private set; }

    public Ipv4Address? AssignedAddress => Address(ConfigurationAttributeType.InternalIp4Address);
    public Ipv4Address? Netmask => Address(ConfigurationAttributeType.InternalIp4Netmask);
    public IEnumerable<Ipv4Address> DnsServers => ConfigurationReply
        .Where(a => a.AttributeType == ConfigurationAttributeType.InternalIp4Dns && a.Value.Length == 4).Select(a => Ipv4Address.Read(a.Value));
    public string? DomainName => ConfigurationReply.FirstOrDefault(a => a.AttributeType == ConfigurationAttributeType.InternalDnsDomain) is { } domain
        ? Encoding.ASCII.GetString(domain.Value) : null;

    private Ipv4Address? Address(ConfigurationAttributeType type) =>
        ConfigurationReply.FirstOrDefault(a => a.AttributeType == type && a.Value.Length == 4) is { } attribute ? Ipv4Address.Read(attribute.Value) : null;

    // IKE_AUTH (RFC 7296 §1.2, CP of §3.15):
    //   HDR, SK {IDi, [IDr,] AUTH, CP(CFG_REQUEST), SAi2, TSi, TSr}  -->
    //                          <--  HDR, SK {IDr, AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
    //                          <--  HDR, SK {N(AUTHENTICATION_FAILED)}
    private void SendAuth(TimeSpan now, List<IkeDatagram> output)
    {
        var idi = Identification(_options.Identity, initiator: true);
        var signed = Authentication.SignedOctets(_sa.Prf, _initRequest, _nonceR, _sa.Keys.Sk_pi, idi.BodyBytes());
        var auth = Authentication.SharedKeyAuth(_sa.Prf, Encoding.UTF8.GetBytes(_options.PreSharedKey), signed);
        var payloads = new List<IkePayload> { idi };
        if (_options.ResponderIdentity is { } idr) payloads.Add(Identification(idr, initiator: false));
        if (_options.EapPeer is null) payloads.Add(new AuthenticationPayload(AuthenticationMethod.SharedKeyMessageIntegrityCode, auth));
        if (_options.RequestConfiguration)
        {
            payloads.Add(new ConfigurationPayload(ConfigurationType.Request,
            [
                ConfigurationAttribute.Request(ConfigurationAttributeType.InternalIp4Address),
                ConfigurationAttribute.Request(ConfigurationAttributeType.InternalIp4Netmask),
                ConfigurationAttribute.Request(ConfigurationAttributeType.InternalIp4Dns),
                ConfigurationAttribute.Request(ConfigurationAttributeType.InternalDnsDomain),
            ]));
        }
        uint spi = NewChildSpi();
        payloads.Add(EspProposal(spi, KeyExchangeGroup.None));
        payloads.AddRange(AnySelectors());
        if (_options.EapPeer is not null) SendRequest(_sa, ExchangeType.IkeAuth, payloads, now, output, (response, at, next) => ReceiveEapRound(response, spi, at, next));
        else SendRequest(_sa, ExchangeType.IkeAuth, payloads, now, output, (response, _, _) => ReceiveAuthResponse(response, spi));
    }

    private void ReceiveAuthResponse(List<IkePayload> response, uint spi, byte[]? key = null)
    {
        if (response.Find<AuthenticationPayload>() is not { } auth)
        {
            Fail(response.FindErrorNotify()?.NotifyType ?? throw new InvalidDataException("IKE_AUTH response with neither AUTH nor an error"));
            return;
        }
        var idr = response.FindIdentification(initiator: false) ?? _eapResponderId ?? throw new InvalidDataException("IKE_AUTH response without IDr");
        var signed = Authentication.SignedOctets(_sa.Prf, InitResponse, _nonceI, _sa.Keys.Sk_pr, idr.BodyBytes());
        if (auth.Method != AuthenticationMethod.SharedKeyMessageIntegrityCode ||
            !Authentication.VerifySharedKeyAuth(_sa.Prf, key ?? Encoding.UTF8.GetBytes(_options.PreSharedKey), signed, auth.Data))
            throw new InvalidDataException("the responder's AUTH does not verify");
        ResponderIdentification = idr;
        State = InitiatorState.Established;
        if (response.Find<ConfigurationPayload>() is { } cp)
        {
            if (cp.CfgType != ConfigurationType.Reply) throw new InvalidDataException($"CP of type {cp.CfgType} in IKE_AUTH response");
            ConfigurationReply = cp.Attributes;
        }
        if (response.FindErrorNotify() is { } refused) ChildError = refused.NotifyType;
        else if (response.Find<SecurityAssociationPayload>() is not null) Children.Add(AcceptChild(response, spi, _nonceI, _nonceR, sharedSecret: null));
    }

    private static IdentificationPayload Identification(string identity, bool initiator)
    {
        if (Ipv4Address.TryParse(identity, out var address))
        {
            var bytes = new byte[4];
            address.WriteTo(bytes);
            return new IdentificationPayload(initiator, IdentificationType.Ipv4Address, bytes);
        }
        var type = identity.Contains('@') ? IdentificationType.Rfc822Address : IdentificationType.Fqdn;
        return new IdentificationPayload(initiator, type, Encoding.ASCII.GetBytes(identity));
    }
}
