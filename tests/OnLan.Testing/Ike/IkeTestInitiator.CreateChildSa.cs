using System.Buffers.Binary;
using System.Security.Cryptography;
using OnLan.Ike;
using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;
using OnLan.Ike.Proposals;
using OnLan.Wire;

namespace OnLan.Testing.Ike;

public sealed partial class IkeTestInitiator
{
    // CREATE_CHILD_SA (RFC 7296 §1.3):
    //   HDR, SK {SA, Ni, [KEi], TSi, TSr}              -->  <-- HDR, SK {SA, Nr, [KEr], TSi, TSr}   another Child SA (§1.3.1)
    //   HDR, SK {N(REKEY_SA), SA, Ni, [KEi], TSi, TSr} -->  <-- HDR, SK {SA, Nr, [KEr], TSi, TSr}   Child SA rekey (§1.3.3)
    //   HDR, SK {SA, Ni, KEi}                          -->  <-- HDR, SK {SA, Nr, KEr}               IKE SA rekey (§1.3.2)

    /// <summary>Another Child SA; <paramref name="pfs"/> adds a KE payload of that group.</summary>
    public List<IkeDatagram> CreateChildSa(TimeSpan now, KeyExchangeGroup pfs = KeyExchangeGroup.None) => ChildExchange(null, now, pfs);

    /// <summary>
    /// Rekeys <paramref name="old"/>: a new Child SA with N(REKEY_SA), then (as strongSwan does) a Delete of the old one
    /// as soon as the new one is up.
    /// </summary>
    public List<IkeDatagram> RekeyChildSa(InitiatorChildSa old, TimeSpan now, KeyExchangeGroup pfs = KeyExchangeGroup.None) => ChildExchange(old, now, pfs);

    private List<IkeDatagram> ChildExchange(InitiatorChildSa? rekeyed, TimeSpan now, KeyExchangeGroup pfs)
    {
        var output = new List<IkeDatagram>();
        uint spi = NewChildSpi();
        var nonce = NewNonce();
        var exchange = pfs == KeyExchangeGroup.None ? null : KeyExchanges.Create(pfs);
        var payloads = new List<IkePayload>();
        if (rekeyed is not null) payloads.Add(new NotifyPayload(ProtocolId.Esp, SpiBytes(rekeyed.InboundSpi), NotifyType.RekeySa, []));
        payloads.Add(EspProposal(spi, pfs));
        payloads.Add(new NoncePayload(nonce));
        if (exchange is not null) payloads.Add(new KeyExchangePayload(pfs, exchange.PublicKey));
        payloads.AddRange(AnySelectors());
        SendRequest(_sa, ExchangeType.CreateChildSa, payloads, now, output, (response, at, next) =>
        {
            using var _ = exchange;
            if (response.FindErrorNotify() is { } error)
            {
                LastError = error.NotifyType;
                return;
            }
            byte[]? sharedSecret = null;
            if (exchange is not null)
            {
                var ke = response.Find<KeyExchangePayload>() ?? throw new InvalidDataException("PFS requested, no KEr in the response");
                if (ke.Group != pfs) throw new InvalidDataException($"KEr of {ke.Group}, we sent {pfs}");
                sharedSecret = exchange.DeriveSharedSecret(ke.Data) ?? throw new InvalidDataException("KEr is not a valid public value");
            }
            else if (response.Find<KeyExchangePayload>() is not null) throw new InvalidDataException("KEr without KEi");
            Children.Add(AcceptChild(response, spi, nonce, response.Find<NoncePayload>()!.Data, sharedSecret));
            if (rekeyed is not null) SendDeleteChild(rekeyed, at, next);
        });
        return output;
    }

    // RFC 7296 §2.18: SA with our new 8-byte SPI, Ni, KEi; the new keys come from the old SK_d. Then the old SA is deleted.
    public List<IkeDatagram> RekeyIkeSa(TimeSpan now)
    {
        var output = new List<IkeDatagram>();
        var old = _sa;
        var successor = new InitiatorIkeSa(NewIkeSpi());
        var spi = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(spi, successor.InitiatorSpi);
        var nonce = NewNonce();
        var exchange = KeyExchanges.Create(old.Suite.Group);
        List<IkePayload> payloads = [new SecurityAssociationPayload([IkeProposal(spi, [old.Suite.Group])]), new NoncePayload(nonce), new KeyExchangePayload(old.Suite.Group, exchange.PublicKey)];
        SendRequest(old, ExchangeType.CreateChildSa, payloads, now, output, (response, at, next) =>
        {
            using var _ = exchange;
            if (response.FindErrorNotify() is { } error)
            {
                LastError = error.NotifyType;
                return;
            }
            var chosen = response.Find<SecurityAssociationPayload>()!;
            var suite = ChosenIkeSuite(chosen, expectedSpi: new byte[8]);
            successor.ResponderSpi = BinaryPrimitives.ReadUInt64BigEndian(chosen.Proposals[0].Spi);
            var ke = response.Find<KeyExchangePayload>() ?? throw new InvalidDataException("IKE rekey response without KEr");
            var sharedSecret = exchange.DeriveSharedSecret(ke.Data) ?? throw new InvalidDataException("KEr is not a valid public value");
            Key(successor, suite, KeyDerivation.DeriveRekeyedIkeKeys(suite, old.Prf, old.Keys.Sk_d, sharedSecret, nonce,
                response.Find<NoncePayload>()!.Data, successor.InitiatorSpi, successor.ResponderSpi));
            CryptographicOperations.ZeroMemory(sharedSecret);
            successor.PeerSupportsFragmentation = old.PeerSupportsFragmentation;
            _sa = successor;
            _old = old;
            SendRequest(old, ExchangeType.Informational, [new DeletePayload(ProtocolId.Ike, [])], at, next, (_, _, _) => _old = null);
        });
        return output;
    }

    private SecurityAssociationPayload EspProposal(uint spi, KeyExchangeGroup pfs)
    {
        var suite = _options.EspSuite;
        var transforms = new List<Transform> { EncryptionTransform(suite.Encryption, suite.EncryptionKeyBits) };
        if (!suite.IsAead) transforms.Add(new Transform(TransformType.Integrity, (ushort)suite.Integrity, null));
        if (pfs != KeyExchangeGroup.None) transforms.Add(new Transform(TransformType.KeyExchange, (ushort)pfs, null));
        transforms.Add(new Transform(TransformType.ExtendedSequenceNumbers, (ushort)ExtendedSequenceNumbers.No, null));
        return new SecurityAssociationPayload([new Proposal(1, ProtocolId.Esp, SpiBytes(spi), transforms)]);
    }

    /// <summary>TSi and TSr of 0.0.0.0/0: "anything", for the responder to narrow.</summary>
    private static IkePayload[] AnySelectors() =>
    [
        new TrafficSelectorPayload(true, [TrafficSelector.Ipv4(Ipv4Address.Any, Ipv4Address.Broadcast)]),
        new TrafficSelectorPayload(false, [TrafficSelector.Ipv4(Ipv4Address.Any, Ipv4Address.Broadcast)]),
    ];

    /// <summary>The Child SA of a response (SAr, TSi, TSr) with KEYMAT from the current SK_d (RFC 7296 §2.17).</summary>
    private InitiatorChildSa AcceptChild(List<IkePayload> response, uint inboundSpi, byte[] nonceI, byte[] nonceR, byte[]? sharedSecret)
    {
        var sa = response.Find<SecurityAssociationPayload>()!;
        if (sa.Proposals.Count != 1) throw new InvalidDataException("the responder must choose exactly one ESP proposal");
        var proposal = sa.Proposals[0];
        if (proposal.Protocol != ProtocolId.Esp || proposal.Spi.Length != 4 || proposal.Number != 1)
            throw new InvalidDataException("chosen proposal is not our ESP proposal");
        var encryption = Single(proposal, TransformType.Encryption) ?? throw new InvalidDataException("no encryption transform");
        var algorithm = (EncryptionAlgorithm)encryption.Id;
        var suite = new EspSuite(algorithm, encryption.KeyLength ?? 256, (IntegrityAlgorithm)(Single(proposal, TransformType.Integrity)?.Id ?? 0));
        var ours = _options.EspSuite;
        if (suite.Encryption != ours.Encryption || suite.Integrity != ours.Integrity ||
            suite.EncryptionKeyBits != (ours.Encryption == EncryptionAlgorithm.ChaCha20Poly1305 ? 256 : ours.EncryptionKeyBits))
            throw new InvalidDataException($"the responder chose {suite}, we offered {ours}");
        var keys = KeyDerivation.DeriveChildKeys(_sa.Prf, _sa.Keys.Sk_d, sharedSecret, nonceI, nonceR, suite.EncryptionKeyLength, suite.IntegrityKeyLength);
        if (sharedSecret is not null) CryptographicOperations.ZeroMemory(sharedSecret);
        var tsi = response.FindTrafficSelectors(initiator: true)!;
        var tsr = response.FindTrafficSelectors(initiator: false)!;
        return new InitiatorChildSa(inboundSpi, BinaryPrimitives.ReadUInt32BigEndian(proposal.Spi), suite, keys, tsi.Selectors, tsr.Selectors);
    }
}
