using System.Text;
using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;
using OnLan.Ike.Proposals;
using OnLan.Ike.Sa;
using OnLan.Wire;

namespace OnLan.Ike.Responder;

public sealed partial class IkeResponder
{
    // IKE_AUTH (RFC 7296 §1.2, with the Configuration Payload of §3.15):
    //   HDR, SK {IDi, [CERT,] [CERTREQ,] [IDr,] AUTH, CP(CFG_REQUEST), SAi2, TSi, TSr}  -->
    //                       <--  HDR, SK {IDr, [CERT,] AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
    // Failures: AUTHENTICATION_FAILED (and the SA is gone); INTERNAL_ADDRESS_FAILURE, FAILED_CP_REQUIRED,
    // NO_PROPOSAL_CHOSEN, TS_UNACCEPTABLE (the IKE SA stands, without a Child SA).
    private List<IkePayload> HandleAuth(IkeSa sa, List<IkePayload> request, TimeSpan now)
    {
        if (sa.State != IkeSaState.HalfOpen)
        {
            // A second IKE_AUTH on an established SA is a protocol error by an authenticated peer.
            return [new NotifyPayload(ProtocolId.None, [], NotifyType.InvalidSyntax, [])];
        }
        var idi = request.OfType<IdentificationPayload>().First(p => p.IsInitiator);
        var auth = request.Find<AuthenticationPayload>();
        string identity = IdentityText(idi);

        if (auth is null || !VerifyPeerAuth(sa, idi, auth, identity))
        {
            Counters.AuthenticationFailures++;
            sa.State = IkeSaState.Dead; // removed once the response is out (AfterResponse)
            return [new NotifyPayload(ProtocolId.None, [], NotifyType.AuthenticationFailed, [])];
        }

        sa.PeerIdentity = identity;
        sa.State = IkeSaState.Established;
        sa.EstablishedAt = now;
        LeaveHalfOpen(sa);
        Counters.SasEstablished++;

        var ourId = LocalIdentification();
        var response = new List<IkePayload>
        {
            ourId,
            new AuthenticationPayload(AuthenticationMethod.SharedKeyMessageIntegrityCode,
                Authentication.SharedKeyAuth(sa.Prf, Encoding.UTF8.GetBytes(_options.PreSharedKeys[identity]),
                    Authentication.SignedOctets(sa.Prf, sa.InitResponse, sa.NonceI, sa.Keys.Sk_pr, ourId.BodyBytes()))),
        };
        Events?.Invoke(new IkeSaEvent(sa, Established: true, Reason: null));

        var cp = request.Find<ConfigurationPayload>();
        if (cp is null || cp.CfgType != ConfigurationType.Request)
        {
            // A road warrior must ask for its LAN-segment address; without it no tunnel can be set up.
            response.Add(new NotifyPayload(ProtocolId.None, [], NotifyType.FailedCpRequired, []));
            return response;
        }
        var address = _addresses.Acquire(identity);
        if (address is null)
        {
            Counters.AddressFailures++;
            response.Add(new NotifyPayload(ProtocolId.None, [], NotifyType.InternalAddressFailure, []));
            return response;
        }
        sa.LeasedAddress = address;
        response.Add(ConfigurationReply(address.Value));

        var saPayload = request.Find<SecurityAssociationPayload>();
        var tsi = request.OfType<TrafficSelectorPayload>().FirstOrDefault(p => p.IsInitiator);
        var tsr = request.OfType<TrafficSelectorPayload>().FirstOrDefault(p => !p.IsInitiator);
        if (saPayload is null || tsi is null || tsr is null)
            return response; // an IKE SA without a first Child SA (RFC 7296 §1.2 allows it)
        var selection = _selector.SelectEsp(saPayload, KeyExchangeGroup.None, keTransformsIgnored: true);
        response.AddRange(InstallChild(sa, selection, tsi, tsr, sharedSecret: null, sa.NonceI, sa.NonceR, now));
        return response;
    }

    private bool VerifyPeerAuth(IkeSa sa, IdentificationPayload idi, AuthenticationPayload auth, string identity)
    {
        if (auth.Method != AuthenticationMethod.SharedKeyMessageIntegrityCode) return false;
        if (!_options.PreSharedKeys.TryGetValue(identity, out var secret)) return false;
        var signed = Authentication.SignedOctets(sa.Prf, sa.InitRequest, sa.NonceR, sa.Keys.Sk_pi, idi.BodyBytes());
        return Authentication.VerifySharedKeyAuth(sa.Prf, Encoding.UTF8.GetBytes(secret), signed, auth.Data);
    }

    /// <summary>An identity as the configuration names it: an address, user@domain or FQDN as text.</summary>
    public static string IdentityText(IdentificationPayload id) => id.IdType switch
    {
        IdentificationType.Ipv4Address when id.Data.Length == 4 => Ipv4Address.Read(id.Data).ToString(),
        IdentificationType.DerAsn1Dn => new System.Security.Cryptography.X509Certificates.X500DistinguishedName(id.Data).Name,
        _ => Encoding.ASCII.GetString(id.Data),
    };

    private IdentificationPayload LocalIdentification()
    {
        string id = _options.LocalId;
        if (Ipv4Address.TryParse(id, out var address))
        {
            var bytes = new byte[4];
            address.WriteTo(bytes);
            return new IdentificationPayload(false, IdentificationType.Ipv4Address, bytes);
        }
        return new IdentificationPayload(false, id.Contains('@') ? IdentificationType.Rfc822Address : IdentificationType.Fqdn, Encoding.ASCII.GetBytes(id));
    }

    // CFG_REPLY: the DHCP-style configuration of a host on the LAN segment (RFC 7296 §3.15.1, RFC 8598).
    // Everything configured is returned, asked for or not: clients ignore what they do not use.
    private ConfigurationPayload ConfigurationReply(Ipv4Address address)
    {
        var attributes = new List<ConfigurationAttribute>
        {
            new(ConfigurationAttributeType.InternalIp4Address, Bytes(address)),
            new(ConfigurationAttributeType.InternalIp4Netmask, Bytes(_options.LanSegment.NetMask)),
        };
        foreach (var dns in _options.DnsServers) attributes.Add(new(ConfigurationAttributeType.InternalIp4Dns, Bytes(dns)));
        foreach (var nbns in _options.NetbiosServers) attributes.Add(new(ConfigurationAttributeType.InternalIp4Nbns, Bytes(nbns)));
        if (_options.DomainName is { } domain) attributes.Add(new(ConfigurationAttributeType.InternalDnsDomain, Encoding.ASCII.GetBytes(domain)));
        foreach (var network in _options.SplitNetworks)
            attributes.Add(new(ConfigurationAttributeType.InternalIp4Subnet, [.. Bytes(network.Network), .. Bytes(network.NetMask)]));
        return new ConfigurationPayload(ConfigurationType.Reply, attributes);
    }

    private static byte[] Bytes(Ipv4Address address)
    {
        var bytes = new byte[4];
        address.WriteTo(bytes);
        return bytes;
    }

    private void LeaveHalfOpen(IkeSa sa)
    {
        if (!_halfOpenByInitiator.Remove((sa.InitiatorSpi, sa.InitRemote))) return;
        _halfOpen--;
        var address = sa.InitRemote.Address;
        if (_halfOpenPerAddress.TryGetValue(address, out int count))
        {
            if (count <= 1) _halfOpenPerAddress.Remove(address);
            else _halfOpenPerAddress[address] = count - 1;
        }
    }
}
