using System.Buffers.Binary;
using System.Security.Cryptography;
using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;
using OnLan.Ike.Sa;

namespace OnLan.Ike.Responder;

public sealed partial class IkeResponder
{
    // IKE_SA_INIT (RFC 7296 §1.2):
    //   HDR, SAi1, KEi, Ni, [N(NAT_DETECTION_*)], [N(COOKIE)]  -->
    //                                   <--  HDR, SAr1, KEr, Nr, [CERTREQ], N(NAT_DETECTION_*), [N(FRAGMENTATION_SUPPORTED)],
    //                                            [N(SIGNATURE_HASH_ALGORITHMS)]
    // CERTREQ names the client CA when one is configured (RFC 7296 §3.7); the hash list answers the initiator's
    // own (RFC 7427 §4), so both sides may use Digital Signature (14) in IKE_AUTH.
    // or, without state:               <--  HDR, N(COOKIE) | N(INVALID_KE_PAYLOAD) | N(NO_PROPOSAL_CHOSEN)
    private void ReceiveInitRequest(ReadOnlySpan<byte> message, IkeHeader header, IkeEndpoint local, IkeEndpoint remote, TimeSpan now,
        List<IkeDatagram> output)
    {
        Counters.InitRequests++;
        if (!header.IsFromInitiator || header.ResponderSpi != 0 || header.MessageId != 0 || header.InitiatorSpi == 0)
        {
            Counters.Drop(IkeDrop.UnexpectedFlags);
            return;
        }
        // A retransmission of a request we already answered gets the same answer.
        if (_halfOpenByInitiator.TryGetValue((header.InitiatorSpi, remote), out var existing))
        {
            if (existing.InitRequest.AsSpan().SequenceEqual(message) && existing.CachedResponse is { } cached)
            {
                Counters.RetransmissionsAnswered++;
                foreach (var datagram in cached) output.Add(new IkeDatagram(local, remote, datagram));
            }
            else Counters.Drop(IkeDrop.InvalidMessageId);
            return;
        }

        var payloads = new List<IkePayload>();
        var error = IkeMessageCodec.TryParsePayloads(message[IkeHeader.Size..], header.NextPayload, payloads, out byte unknownCritical);
        if (error == IkeError.None) error = PayloadRules.Check(ExchangeType.IkeSaInit, response: false, encrypted: false, payloads);
        if (error != IkeError.None)
        {
            Counters.Drop(BadInputPolicy.DropReason(error));
            if (BadInputPolicy.Classify(error, authenticated: false, initRequest: true) == BadInputAction.AnswerUnprotected)
                AnswerUnprotected(header, local, remote, new NotifyPayload(ProtocolId.None, [], NotifyType.UnsupportedCriticalPayload, [unknownCritical]), output);
            return;
        }
        var sa = payloads.Find<SecurityAssociationPayload>()!;
        var ke = payloads.Find<KeyExchangePayload>()!;
        var nonce = payloads.Find<NoncePayload>()!;

        // RFC 7296 §2.6: when many SAs are half open, make the initiator prove it receives at its address first.
        if (NeedsCookie(remote))
        {
            var cookie = payloads.FindNotify(NotifyType.Cookie);
            if (cookie is null || !_cookies.Verify(cookie.Data, nonce.Data, remote.Address, header.InitiatorSpi))
            {
                if (cookie is not null) Counters.Drop(IkeDrop.BadCookie);
                Counters.CookiesSent++;
                AnswerUnprotected(header, local, remote,
                    new NotifyPayload(ProtocolId.None, [], NotifyType.Cookie, _cookies.Create(nonce.Data, remote.Address, header.InitiatorSpi)), output);
                return;
            }
        }
        if (_byResponderSpi.Count >= _options.MaxIkeSas)
        {
            Counters.Drop(IkeDrop.HalfOpenLimit);
            return;
        }

        var selection = _selector.SelectIke(sa, ke.Group);
        if (!selection.Found)
        {
            Counters.NoProposalChosen++;
            AnswerUnprotected(header, local, remote, new NotifyPayload(ProtocolId.None, [], NotifyType.NoProposalChosen, []), output);
            return;
        }
        if (selection.NeedsGroup != KeyExchangeGroup.None)
        {
            Counters.InvalidKeSent++;
            var group = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(group, (ushort)selection.NeedsGroup);
            AnswerUnprotected(header, local, remote, new NotifyPayload(ProtocolId.None, [], NotifyType.InvalidKePayload, group), output);
            return;
        }

        var suite = selection.Suite!;
        using var exchange = KeyExchanges.Create(suite.Group);
        var sharedSecret = exchange.DeriveSharedSecret(ke.Data);
        if (sharedSecret is null)
        {
            // A public value off the curve or out of range: refuse it without keeping state.
            Counters.Drop(IkeDrop.BadKeyExchange);
            AnswerUnprotected(header, local, remote, new NotifyPayload(ProtocolId.None, [], NotifyType.InvalidSyntax, []), output);
            return;
        }

        var ikeSa = new IkeSa(header.InitiatorSpi, NewResponderSpi(), local, remote, now)
        {
            Suite = suite,
            Prf = Prf.Create(suite.Prf),
            NonceI = nonce.Data,
            NonceR = NewNonce(),
            InitRequest = message.ToArray(),
            PeerSupportsFragmentation = payloads.FindNotify(NotifyType.IkeFragmentationSupported) is not null,
            ExpectedRequestId = 1,
        };
        ikeSa.NatDetected = NatDetected(payloads, header.InitiatorSpi, local, remote);

        var response = new List<IkePayload>
        {
            new SecurityAssociationPayload([selection.Chosen!]),
            new KeyExchangePayload(suite.Group, exchange.PublicKey),
            new NoncePayload(ikeSa.NonceR),
            new NotifyPayload(ProtocolId.None, [], NotifyType.NatDetectionSourceIp, NatDetection.Hash(header.InitiatorSpi, ikeSa.ResponderSpi, local)),
            new NotifyPayload(ProtocolId.None, [], NotifyType.NatDetectionDestinationIp, NatDetection.Hash(header.InitiatorSpi, ikeSa.ResponderSpi, remote)),
        };
        if (Validator is { } validator)
            response.Insert(3, new CertificateRequestPayload(CertificateEncoding.X509Signature, validator.AuthorityKeyHash));
        if (ikeSa.PeerSupportsFragmentation)
            response.Add(new NotifyPayload(ProtocolId.None, [], NotifyType.IkeFragmentationSupported, []));
        if (payloads.FindNotify(NotifyType.SignatureHashAlgorithms) is not null)
            response.Add(new NotifyPayload(ProtocolId.None, [], NotifyType.SignatureHashAlgorithms, OurSignatureHashes));
        var responseHeader = new IkeHeader(header.InitiatorSpi, ikeSa.ResponderSpi, PayloadType.None, ExchangeType.IkeSaInit, IkeFlags.Response, 0, 0);
        ikeSa.InitResponse = IkeMessageCodec.Write(responseHeader, response);
        ikeSa.CachedResponse = [ikeSa.InitResponse];

        ikeSa.Keys = KeyDerivation.DeriveIkeKeys(suite, ikeSa.NonceI, ikeSa.NonceR, sharedSecret, ikeSa.InitiatorSpi, ikeSa.ResponderSpi);
        CryptographicOperations.ZeroMemory(sharedSecret);
        ikeSa.Inbound = new SkProtection(suite, ikeSa.Keys.Sk_ei, ikeSa.Keys.Sk_ai);
        ikeSa.Outbound = new SkProtection(suite, ikeSa.Keys.Sk_er, ikeSa.Keys.Sk_ar);

        _byResponderSpi.Add(ikeSa.ResponderSpi, ikeSa);
        _halfOpenByInitiator[(ikeSa.InitiatorSpi, remote)] = ikeSa;
        _halfOpen++;
        _halfOpenPerAddress[remote.Address] = _halfOpenPerAddress.GetValueOrDefault(remote.Address) + 1;
        output.Add(new IkeDatagram(local, remote, ikeSa.InitResponse));
    }

    private bool NeedsCookie(IkeEndpoint remote) =>
        _halfOpen >= _options.CookieThreshold ||
        _halfOpenPerAddress.GetValueOrDefault(remote.Address) >= _options.CookieThresholdPerAddress;

    private void AnswerUnprotected(IkeHeader request, IkeEndpoint local, IkeEndpoint remote, NotifyPayload notify, List<IkeDatagram> output)
    {
        var header = new IkeHeader(request.InitiatorSpi, 0, PayloadType.None, request.Exchange, IkeFlags.Response, request.MessageId, 0);
        output.Add(new IkeDatagram(local, remote, IkeMessageCodec.Write(header, [notify])));
    }

    // RFC 7296 §2.23: the initiator's NAT_DETECTION_SOURCE_IP hashes what it thinks its address is; if that differs
    // from where the packet came from, a NAT is in the way. libipsec peers fake this to force UDP encapsulation.
    private static bool NatDetected(List<IkePayload> payloads, ulong initiatorSpi, IkeEndpoint local, IkeEndpoint remote)
    {
        var expectedSource = NatDetection.Hash(initiatorSpi, 0, remote);
        bool sawSource = false, sourceMatches = false;
        foreach (var notify in payloads.Notifies())
        {
            if (notify.NotifyType != NotifyType.NatDetectionSourceIp) continue;
            sawSource = true; // a multihomed initiator may send several: any match means "no NAT on its side"
            sourceMatches |= notify.Data.AsSpan().SequenceEqual(expectedSource);
        }
        if (!sawSource) return false; // the peer does not do NAT traversal
        return !sourceMatches || HasOurNat(payloads, initiatorSpi, local);
    }

    private static bool HasOurNat(List<IkePayload> payloads, ulong initiatorSpi, IkeEndpoint local)
    {
        var destination = payloads.FindNotify(NotifyType.NatDetectionDestinationIp);
        return destination is not null && !destination.Data.AsSpan().SequenceEqual(NatDetection.Hash(initiatorSpi, 0, local));
    }
}
