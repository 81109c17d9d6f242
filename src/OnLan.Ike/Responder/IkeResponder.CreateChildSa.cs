using System.Buffers.Binary;
using System.Security.Cryptography;
using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;
using OnLan.Ike.Sa;

namespace OnLan.Ike.Responder;

public sealed partial class IkeResponder
{
    // CREATE_CHILD_SA (RFC 7296 §1.3), always started by the client here:
    //   HDR, SK {N(REKEY_SA), SA, Ni, [KEi], TSi, TSr} -->  <-- HDR, SK {SA, Nr, [KEr], TSi, TSr}   Child SA rekey
    //   HDR, SK {SA, Ni, KEi}                          -->  <-- HDR, SK {SA, Nr, KEr}               IKE SA rekey
    //   HDR, SK {SA, Ni, [KEi], TSi, TSr}              -->  <-- HDR, SK {SA, Nr, [KEr], TSi, TSr}   another Child SA
    private List<IkePayload> HandleCreateChildSa(IkeSa sa, List<IkePayload> request, TimeSpan now)
    {
        if (sa.State != IkeSaState.Established)
            return [new NotifyPayload(ProtocolId.None, [], NotifyType.TemporaryFailure, [])];
        var saPayload = request.Find<SecurityAssociationPayload>()!;
        var nonce = request.Find<NoncePayload>()!;
        var ke = request.Find<KeyExchangePayload>();
        bool ikeRekey = saPayload.Proposals.Count > 0 && saPayload.Proposals.All(p => p.Protocol == ProtocolId.Ike);
        return ikeRekey ? RekeyIkeSa(sa, saPayload, nonce, ke, now) : CreateOrRekeyChild(sa, request, saPayload, nonce, ke, now);
    }

    private List<IkePayload> CreateOrRekeyChild(IkeSa sa, List<IkePayload> request, SecurityAssociationPayload saPayload, NoncePayload nonce,
        KeyExchangePayload? ke, TimeSpan now)
    {
        var tsi = request.OfType<TrafficSelectorPayload>().FirstOrDefault(p => p.IsInitiator);
        var tsr = request.OfType<TrafficSelectorPayload>().FirstOrDefault(p => !p.IsInitiator);
        if (tsi is null || tsr is null) return [new NotifyPayload(ProtocolId.None, [], NotifyType.InvalidSyntax, [])];

        var rekey = request.FindNotify(NotifyType.RekeySa);
        if (rekey is not null)
        {
            // REKEY_SA names the SA by the SPI the initiator receives on: our outbound SPI.
            uint spi = rekey.Spi.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(rekey.Spi) : 0;
            if (rekey.Protocol != ProtocolId.Esp || !sa.Children.Exists(c => c.OutboundSpi == spi))
                return [new NotifyPayload(ProtocolId.Esp, rekey.Spi, NotifyType.ChildSaNotFound, [])];
            Counters.RekeysChild++;
        }

        var group = ke?.Group ?? KeyExchangeGroup.None;
        var selection = _selector.SelectEsp(saPayload, group, keTransformsIgnored: false);
        if (selection.NeedsGroup != KeyExchangeGroup.None) return InvalidKe(selection.NeedsGroup);
        byte[]? sharedSecret = null;
        byte[]? ourPublic = null;
        if (selection.Found && ke is not null)
        {
            using var exchange = KeyExchanges.Create(ke.Group);
            sharedSecret = exchange.DeriveSharedSecret(ke.Data);
            if (sharedSecret is null) return [new NotifyPayload(ProtocolId.None, [], NotifyType.InvalidSyntax, [])];
            ourPublic = exchange.PublicKey;
        }
        var nonceR = NewNonce();
        var installed = InstallChild(sa, selection, tsi, tsr, sharedSecret, nonce.Data, nonceR, now);
        if (sharedSecret is not null) CryptographicOperations.ZeroMemory(sharedSecret);
        if (installed[0] is not SecurityAssociationPayload) return installed;
        var response = new List<IkePayload> { installed[0], new NoncePayload(nonceR) };
        if (ourPublic is not null) response.Add(new KeyExchangePayload(ke!.Group, ourPublic));
        response.AddRange(installed.Skip(1));
        return response;
    }

    // RFC 7296 §2.18: a new IKE SA with new SPIs and keys from the old SK_d; the Child SAs and the lease move to it
    // (the lease is renewed with the rekey). The initiator then deletes the old SA.
    private List<IkePayload> RekeyIkeSa(IkeSa sa, SecurityAssociationPayload saPayload, NoncePayload nonce, KeyExchangePayload? ke, TimeSpan now)
    {
        if (ke is null) return [new NotifyPayload(ProtocolId.None, [], NotifyType.InvalidSyntax, [])];
        var selection = _selector.SelectIke(saPayload, ke.Group);
        if (!selection.Found)
        {
            Counters.NoProposalChosen++;
            return [new NotifyPayload(ProtocolId.None, [], NotifyType.NoProposalChosen, [])];
        }
        if (selection.NeedsGroup != KeyExchangeGroup.None) return InvalidKe(selection.NeedsGroup);
        var proposal = selection.Chosen!;
        if (proposal.Spi.Length != 8) return [new NotifyPayload(ProtocolId.None, [], NotifyType.InvalidSyntax, [])];
        ulong newInitiatorSpi = BinaryPrimitives.ReadUInt64BigEndian(proposal.Spi);

        var suite = selection.Suite!;
        using var exchange = KeyExchanges.Create(suite.Group);
        var sharedSecret = exchange.DeriveSharedSecret(ke.Data);
        if (sharedSecret is null) return [new NotifyPayload(ProtocolId.None, [], NotifyType.InvalidSyntax, [])];
        var nonceR = NewNonce();
        var successor = new IkeSa(newInitiatorSpi, NewResponderSpi(), sa.Local, sa.Remote, now)
        {
            State = IkeSaState.Established,
            EstablishedAt = now,
            Suite = suite,
            Prf = Prf.Create(suite.Prf),
            NonceI = nonce.Data,
            NonceR = nonceR,
            NatDetected = sa.NatDetected,
            PeerSupportsFragmentation = sa.PeerSupportsFragmentation,
            PeerIdentity = sa.PeerIdentity,
            LeasedAddress = sa.LeasedAddress,
        };
        successor.Keys = KeyDerivation.DeriveRekeyedIkeKeys(suite, sa.Prf, sa.Keys.Sk_d, sharedSecret, nonce.Data, nonceR,
            successor.InitiatorSpi, successor.ResponderSpi);
        CryptographicOperations.ZeroMemory(sharedSecret);
        successor.Inbound = new SkProtection(suite, successor.Keys.Sk_ei, successor.Keys.Sk_ai);
        successor.Outbound = new SkProtection(suite, successor.Keys.Sk_er, successor.Keys.Sk_ar);
        foreach (var child in sa.Children)
        {
            successor.Children.Add(child);
            _childrenByInboundSpi[child.InboundSpi] = (successor, child);
        }
        sa.Children.Clear();
        // The lease goes with the SA (lease time = SA lifetime): the rekey starts another lifetime of both.
        if (successor.LeasedAddress is { } leased) _addresses.Renew(leased);
        sa.LeasedAddress = null;
        sa.State = IkeSaState.Rekeyed;
        sa.Successor = successor;
        _byResponderSpi.Add(successor.ResponderSpi, successor);
        Counters.RekeysIke++;

        var spi = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(spi, successor.ResponderSpi);
        return
        [
            new SecurityAssociationPayload([proposal with { Spi = spi }]),
            new NoncePayload(nonceR),
            new KeyExchangePayload(suite.Group, exchange.PublicKey),
        ];
    }

    private List<IkePayload> InvalidKe(KeyExchangeGroup group)
    {
        Counters.InvalidKeSent++;
        var data = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)group);
        return [new NotifyPayload(ProtocolId.None, [], NotifyType.InvalidKePayload, data)];
    }
}
