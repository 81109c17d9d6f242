using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OnLan.Ike.Auth;
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
    // We answer in kind: a PSK peer gets our PSK AUTH; a peer that signed (methods 1, 9-11, 14) gets our
    // certificate, always (Apple sends no CERTREQ yet needs it), and our signature.
    //
    // The address may not be known at once (the LAN is probed for it first, or a DHCP server is asked): then the
    // answer waits in sa.AwaitingAddress, retransmissions of the request are absorbed, and Poll finishes the exchange
    // (FinishAuth) when the address section has decided. Null means "answer later".
    private List<IkePayload>? HandleAuth(IkeSa sa, IkeHeader header, List<IkePayload> request, TimeSpan now)
    {
        if (sa.State != IkeSaState.HalfOpen)
        {
            // A second IKE_AUTH on an established SA is a protocol error by an authenticated peer.
            return [new NotifyPayload(ProtocolId.None, [], NotifyType.InvalidSyntax, [])];
        }
        if (sa.Eap is { } rounds) return ContinueEap(sa, rounds, header, request, now);
        var idi = request.OfType<IdentificationPayload>().FirstOrDefault(p => p.IsInitiator);
        var auth = request.Find<AuthenticationPayload>();
        if (idi is null)
        {
            // EAP rounds or a closing AUTH without EAP having begun.
            Counters.AuthenticationFailures++;
            sa.State = IkeSaState.Dead;
            return [new NotifyPayload(ProtocolId.None, [], NotifyType.AuthenticationFailed, [])];
        }
        string identity = IdentityText(idi);
        if (Throttle.IsBlocked(identity, sa.Remote.Address, now))
        {
            // Too many failures lately: refused without looking at the credentials.
            Counters.AuthenticationFailures++;
            sa.State = IkeSaState.Dead;
            AuthenticationRefused?.Invoke(identity, "too many failed attempts lately (from this identity or address)");
            return [new NotifyPayload(ProtocolId.None, [], NotifyType.AuthenticationFailed, [])];
        }
        if (auth is null && _options.EapServers is { } eapServers && ServerKey is not null)
            return BeginEap(sa, eapServers(), request, idi);

        if (auth is null || !VerifyPeerAuth(sa, request, idi, auth, identity))
        {
            Throttle.Failed(identity, sa.Remote.Address, now);
            Counters.AuthenticationFailures++;
            sa.State = IkeSaState.Dead; // removed once the response is out (AfterResponse)
            return [new NotifyPayload(ProtocolId.None, [], NotifyType.AuthenticationFailed, [])];
        }

        var ourId = LocalIdentification();
        var ourOctets = Authentication.SignedOctets(sa.Prf, sa.InitResponse, sa.NonceI, sa.Keys.Sk_pr, ourId.BodyBytes());
        var response = new List<IkePayload> { ourId };
        if (auth.Method == AuthenticationMethod.SharedKeyMessageIntegrityCode)
        {
            response.Add(new AuthenticationPayload(AuthenticationMethod.SharedKeyMessageIntegrityCode,
                Authentication.SharedKeyAuth(sa.Prf, Encoding.UTF8.GetBytes(_options.PreSharedKeys[identity]), ourOctets)));
        }
        else
        {
            var (method, scheme) = SignatureAuthenticator.Choose(ServerKey!, PeerSignatureHashes(sa));
            response.Add(new CertificatePayload(CertificateEncoding.X509Signature, _options.ServerCertificate!.RawData));
            response.Add(new AuthenticationPayload(method, SignatureAuthenticator.Sign(ServerKey!, method, scheme, ourOctets)));
        }
        return Establish(sa, header, request, identity, response, now);
    }

    // The peer is authenticated (by PSK, signature, or EAP and its MSK): the SA is up; the CP, SA and TS of its
    // (first) IKE_AUTH request give it an address and its first Child SA.
    private List<IkePayload>? Establish(IkeSa sa, IkeHeader header, List<IkePayload> request, string identity, List<IkePayload> response, TimeSpan now)
    {
        Throttle.Succeeded(identity);
        sa.PeerIdentity = identity;
        sa.State = IkeSaState.Established;
        sa.EstablishedAt = now;
        LeaveHalfOpen(sa);
        Counters.SasEstablished++;
        Events?.Invoke(new IkeSaEvent(sa, Established: true, Reason: null));

        var cp = request.Find<ConfigurationPayload>();
        if (cp is null || cp.CfgType != ConfigurationType.Request)
        {
            // A road warrior must ask for its LAN-segment address; without it no tunnel can be set up.
            response.Add(new NotifyPayload(ProtocolId.None, [], NotifyType.FailedCpRequired, []));
            return response;
        }
        var outcome = AcquireAddress(sa, identity, out var address);
        if (outcome == AddressOutcome.Pending)
        {
            Counters.AddressWaits++;
            sa.AwaitingAddress = new AddressWait(header, request, response, now);
            return null;
        }
        return FinishAuth(sa, request, response, outcome, address, now);
    }

    // Poll's half of a waiting IKE_AUTH: answers it once the address section has decided, or gives up after
    // AddressWaitLimit (the request is cancelled, the answer is INTERNAL_ADDRESS_FAILURE).
    private void ResumeAuth(IkeSa sa, AddressWait wait, TimeSpan now, List<IkeDatagram> output)
    {
        var outcome = AcquireAddress(sa, sa.PeerIdentity, out var address);
        if (outcome == AddressOutcome.Pending)
        {
            if (now - wait.Since < _options.AddressWaitLimit) return;
            _addresses.Cancel(sa.ResponderSpi);
            outcome = AddressOutcome.Exhausted;
        }
        sa.AwaitingAddress = null;
        Respond(sa, wait.Request, FinishAuth(sa, wait.RequestPayloads, wait.ResponseSoFar, outcome, address, now), output);
        AfterResponse(sa);
    }

    // An address the authentication server assigned (RADIUS Framed-IP-Address) is the lease, or nothing is: the
    // allocator refuses one outside the pool or in use, and the client gets INTERNAL_ADDRESS_FAILURE.
    private AddressOutcome AcquireAddress(IkeSa sa, string identity, out Ipv4Address address) =>
        sa.AddressFromAuthentication is { } assigned
            ? _addresses.AcquireRequested(sa.ResponderSpi, identity, assigned, out address)
            : _addresses.Acquire(sa.ResponderSpi, identity, out address);

    // The rest of IKE_AUTH once the address is decided: CFG_REPLY with it, and the first Child SA.
    private List<IkePayload> FinishAuth(IkeSa sa, List<IkePayload> request, List<IkePayload> response, AddressOutcome outcome,
        Ipv4Address address, TimeSpan now)
    {
        if (outcome != AddressOutcome.Assigned)
        {
            Counters.AddressFailures++;
            response.Add(new NotifyPayload(ProtocolId.None, [], NotifyType.InternalAddressFailure, []));
            return response;
        }
        sa.LeasedAddress = address;
        response.Add(ConfigurationReply(address));

        var saPayload = request.Find<SecurityAssociationPayload>();
        var tsi = request.OfType<TrafficSelectorPayload>().FirstOrDefault(p => p.IsInitiator);
        var tsr = request.OfType<TrafficSelectorPayload>().FirstOrDefault(p => !p.IsInitiator);
        if (saPayload is null || tsi is null || tsr is null)
            return response; // an IKE SA without a first Child SA (RFC 7296 §1.2 allows it)
        var selection = _selector.SelectEsp(saPayload, KeyExchangeGroup.None, keTransformsIgnored: true);
        response.AddRange(InstallChild(sa, selection, tsi, tsr, sharedSecret: null, sa.NonceI, sa.NonceR, now));
        return response;
    }

    private bool VerifyPeerAuth(IkeSa sa, List<IkePayload> request, IdentificationPayload idi, AuthenticationPayload auth, string identity)
    {
        var signed = Authentication.SignedOctets(sa.Prf, sa.InitRequest, sa.NonceR, sa.Keys.Sk_pi, idi.BodyBytes());
        if (auth.Method == AuthenticationMethod.SharedKeyMessageIntegrityCode)
        {
            if (!_options.PreSharedKeys.TryGetValue(identity, out var secret)) return Refuse(identity, "no pre-shared key for this identity");
            return Authentication.VerifySharedKeyAuth(sa.Prf, Encoding.UTF8.GetBytes(secret), signed, auth.Data)
                || Refuse(identity, "pre-shared key mismatch");
        }
        if (auth.Method is not (AuthenticationMethod.RsaDigitalSignature or AuthenticationMethod.EcdsaSha256P256 or
            AuthenticationMethod.EcdsaSha384P384 or AuthenticationMethod.EcdsaSha512P521 or AuthenticationMethod.DigitalSignature))
            return Refuse(identity, $"authentication method {(byte)auth.Method} not supported");
        if (Validator is not { } validator || ServerKey is null) return Refuse(identity, "certificate authentication is not configured");

        var certificates = new List<byte[]>();
        foreach (var payload in request)
            if (payload is CertificatePayload { Encoding: CertificateEncoding.X509Signature } certificate) certificates.Add(certificate.Data);
        var validation = validator.Validate(certificates, _options.WallClock.GetUtcNow(), out var peerCertificate);
        if (validation != CertificateValidation.Valid) return Refuse(identity, $"certificate {validation}");
        using (var peer = peerCertificate!)
        {
            if (!CertificateIdentity.Matches(idi.IdType, idi.Data, peer))
                return Refuse(identity, $"identity not in certificate '{peer.Subject}'");
            using AsymmetricAlgorithm? key = (AsymmetricAlgorithm?)peer.GetRSAPublicKey() ?? peer.GetECDsaPublicKey();
            if (key is null) return Refuse(identity, "certificate key is neither RSA nor ECDSA");
            return SignatureAuthenticator.Verify(key, auth.Method, auth.Data, signed) || Refuse(identity, $"signature (method {(byte)auth.Method}) does not verify");
        }
    }

    /// <summary>Raised when a peer fails IKE_AUTH, with its identity and why (for the log; the peer only learns AUTHENTICATION_FAILED).</summary>
    public event Action<string, string>? AuthenticationRefused;

    private bool Refuse(string identity, string reason)
    {
        AuthenticationRefused?.Invoke(identity, reason);
        return false;
    }

    // SHA2-256, SHA2-384, SHA2-512 (RFC 7427 §4): what we verify in Digital Signature AUTH.
    private static readonly byte[] OurSignatureHashes = [0, 2, 0, 3, 0, 4];

    private CertificateValidator? _validator;
    private AsymmetricAlgorithm? _serverKey;

    private CertificateValidator? Validator =>
        _validator ??= _options.ClientCertificateAuthority is { } authority ? new CertificateValidator(authority) : null;

    private AsymmetricAlgorithm? ServerKey =>
        _serverKey ??= _options.ServerCertificate is { } certificate
            ? (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
            : null;

    /// <summary>
    /// The hashes the initiator listed in its SIGNATURE_HASH_ALGORITHMS notify (RFC 7427 §4), read back from its
    /// IKE_SA_INIT request (kept whole for AUTH anyway): empty when it sent none.
    /// </summary>
    private static List<SignatureHashAlgorithm> PeerSignatureHashes(IkeSa sa)
    {
        var hashes = new List<SignatureHashAlgorithm>();
        if (IkeHeader.TryRead(sa.InitRequest, out var header) != IkeError.None) return hashes;
        var payloads = new List<IkePayload>();
        if (IkeMessageCodec.TryParsePayloads(sa.InitRequest.AsSpan(IkeHeader.Size), header.NextPayload, payloads, out _) != IkeError.None) return hashes;
        var notify = payloads.FindNotify(NotifyType.SignatureHashAlgorithms);
        if (notify is null) return hashes;
        for (int i = 0; i + 2 <= notify.Data.Length; i += 2)
            hashes.Add((SignatureHashAlgorithm)BinaryPrimitives.ReadUInt16BigEndian(notify.Data.AsSpan(i)));
        return hashes;
    }

    /// <summary>An identity as the configuration names it: an address, user@domain or FQDN as text.</summary>
    public static string IdentityText(IdentificationPayload id) => id.IdType switch
    {
        IdentificationType.Ipv4Address when id.Data.Length == 4 => Ipv4Address.Read(id.Data).ToString(),
        IdentificationType.DerAsn1Dn => DistinguishedNameText(id.Data),
        _ => Encoding.ASCII.GetString(id.Data),
    };

    // A DN that does not parse still needs a name for the log and the lease: its hex.
    private static string DistinguishedNameText(byte[] der)
    {
        try
        {
            return new X500DistinguishedName(der).Name;
        }
        catch (CryptographicException)
        {
            return Convert.ToHexString(der);
        }
    }

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
            new(ConfigurationAttributeType.InternalIp4Netmask, Bytes(_options.Netmask ?? _options.LanSegment.NetMask)),
        };
        foreach (var dns in _options.DnsServers) attributes.Add(new(ConfigurationAttributeType.InternalIp4Dns, Bytes(dns)));
        foreach (var nbns in _options.NetbiosServers) attributes.Add(new(ConfigurationAttributeType.InternalIp4Nbns, Bytes(nbns)));
        if (_options.DomainName is { } domain) attributes.Add(new(ConfigurationAttributeType.InternalDnsDomain, Encoding.ASCII.GetBytes(domain)));
        foreach (var network in _options.SplitNetworks)
            attributes.Add(new(ConfigurationAttributeType.InternalIp4Subnet, [.. Bytes(network.Network), .. Bytes(network.NetMask)]));
        attributes.AddRange(_options.ExtraReplyAttributes);
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
