using System.Buffers.Binary;
using System.Security.Cryptography;
using OnLan.Ike;
using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;

namespace OnLan.Testing.Ike;

public sealed partial class IkeTestInitiator
{
    private byte[] _nonceI = [];
    private byte[]? _cookie;
    private IKeyExchange? _keyExchange;
    private byte[] _initRequest = [];

    /// <summary>The cookie the responder asked for (RFC 7296 §2.6), once it did.</summary>
    public byte[]? Cookie => _cookie;

    /// <summary>The IKE_SA_INIT request as last sent (what our AUTH signs) and the response (what the responder's AUTH signs).</summary>
    public byte[] InitRequest => _initRequest;
    public byte[] InitResponse { get; private set; } = [];

    // IKE_SA_INIT (RFC 7296 §1.2):
    //   HDR, [N(COOKIE)], SAi1, KEi, Ni, N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP), [N(FRAGMENTATION_SUPPORTED)] -->
    //                                  <--  HDR, SAr1, KEr, Nr, [N(NAT_DETECTION_*)], [N(FRAGMENTATION_SUPPORTED)]
    //                                  <--  HDR, N(COOKIE)                 retry with it first (§2.6)
    //                                  <--  HDR, N(INVALID_KE_PAYLOAD)     retry with the group it names (§1.2)
    public List<IkeDatagram> Start(TimeSpan now)
    {
        if (State != InitiatorState.Idle) throw new InvalidOperationException("already started");
        State = InitiatorState.Connecting;
        _nonceI = NewNonce();
        _cookie = _options.InitialCookie;
        var output = new List<IkeDatagram>();
        SendInit(_options.FirstKeyExchange ?? OfferedGroups[0], now, output);
        return output;
    }

    private IReadOnlyList<KeyExchangeGroup> OfferedGroups => _options.OfferedGroups ?? [_options.IkeSuite.Group];

    private void SendInit(KeyExchangeGroup group, TimeSpan now, List<IkeDatagram> output)
    {
        _keyExchange?.Dispose();
        _keyExchange = KeyExchanges.Create(group);
        var payloads = new List<IkePayload>();
        if (_cookie is not null) payloads.Add(new NotifyPayload(NotifyType.Cookie, _cookie));
        payloads.Add(new SecurityAssociationPayload([IkeProposal([], OfferedGroups)]));
        payloads.Add(new KeyExchangePayload(group, _keyExchange.PublicKey));
        payloads.Add(new NoncePayload(_nonceI));
        if (_options.NatDetection)
        {
            // libipsec fakes its source hash to force UDP encapsulation; a random hash matches nothing.
            var source = _options.FakeNat ? RandomNumberGenerator.GetBytes(SHA1.HashSizeInBytes) : NatDetection.Hash(_sa.InitiatorSpi, 0, _options.Local);
            payloads.Add(new NotifyPayload(NotifyType.NatDetectionSourceIp, source));
            payloads.Add(new NotifyPayload(NotifyType.NatDetectionDestinationIp, NatDetection.Hash(_sa.InitiatorSpi, 0, _options.Remote)));
        }
        if (_options.Fragmentation) payloads.Add(new NotifyPayload(NotifyType.IkeFragmentationSupported, []));

        var header = new IkeHeader(_sa.InitiatorSpi, 0, PayloadType.None, ExchangeType.IkeSaInit, IkeFlags.Initiator, 0, 0);
        _initRequest = IkeMessageCodec.Write(header, payloads);
        _sa.NextRequestId = 1;
        _sa.Outstanding = new PendingRequest(0, ExchangeType.IkeSaInit, [_initRequest], now, _options.RetransmitTimeout, (_, _, _) => { });
        Send([_initRequest], output);
    }

    private void ReceiveInitResponse(ReadOnlySpan<byte> message, IkeHeader header, TimeSpan now, List<IkeDatagram> output)
    {
        var payloads = new List<IkePayload>();
        Check(IkeMessageCodec.TryParsePayloads(message[IkeHeader.Size..], header.NextPayload, payloads, out _), "IKE_SA_INIT response");
        Check(PayloadRules.Check(ExchangeType.IkeSaInit, response: true, encrypted: false, payloads), "IKE_SA_INIT payload rules");
        foreach (var notify in payloads.Notifies()) NotifiesReceived.Add(notify.NotifyType);
        _sa.Outstanding = null;

        if (payloads.FindNotify(NotifyType.Cookie) is { } cookie)
        {
            _cookie = cookie.Data;
            SendInit(_keyExchange!.Group, now, output);
            return;
        }
        if (payloads.FindNotify(NotifyType.InvalidKePayload) is { } invalidKe)
        {
            var wanted = (KeyExchangeGroup)BinaryPrimitives.ReadUInt16BigEndian(invalidKe.Data);
            if (!OfferedGroups.Contains(wanted)) throw new InvalidDataException($"INVALID_KE_PAYLOAD names {wanted}, which we did not offer");
            LastError = NotifyType.InvalidKePayload;
            SendInit(wanted, now, output);
            return;
        }
        if (payloads.FindErrorNotify() is { } error)
        {
            Fail(error.NotifyType);
            return;
        }
        if (header.ResponderSpi == 0) throw new InvalidDataException("IKE_SA_INIT response without a responder SPI");

        var suite = ChosenIkeSuite(payloads.Find<SecurityAssociationPayload>()!, expectedSpi: []);
        var ke = payloads.Find<KeyExchangePayload>()!;
        if (ke.Group != _keyExchange!.Group || suite.Group != ke.Group) throw new InvalidDataException($"KEr group {ke.Group}, ours {_keyExchange.Group}");
        var sharedSecret = _keyExchange.DeriveSharedSecret(ke.Data) ?? throw new InvalidDataException("KEr is not a valid public value");
        _keyExchange.Dispose();
        _keyExchange = null;

        _sa.ResponderSpi = header.ResponderSpi;
        _nonceR = payloads.Find<NoncePayload>()!.Data;
        InitResponse = message.ToArray();
        Key(_sa, suite, KeyDerivation.DeriveIkeKeys(suite, _nonceI, _nonceR, sharedSecret, _sa.InitiatorSpi, _sa.ResponderSpi));
        CryptographicOperations.ZeroMemory(sharedSecret);
        _sa.PeerSupportsFragmentation = _options.Fragmentation && payloads.FindNotify(NotifyType.IkeFragmentationSupported) is not null;
        NatDetectedByUs = payloads.FindNotify(NotifyType.NatDetectionDestinationIp) is { } destination &&
            !destination.Data.AsSpan().SequenceEqual(NatDetection.Hash(_sa.InitiatorSpi, _sa.ResponderSpi, _options.Local));

        SendAuth(now, output);
    }

    private static void Key(InitiatorIkeSa sa, IkeSuite suite, IkeKeys keys)
    {
        sa.Suite = suite;
        sa.Prf = Prf.Create(suite.Prf);
        sa.Keys = keys;
        sa.Outbound = new SkProtection(suite, keys.Sk_ei, keys.Sk_ai);
        sa.Inbound = new SkProtection(suite, keys.Sk_er, keys.Sk_ar);
    }

    /// <summary>Our single IKE proposal (SPI empty in IKE_SA_INIT, the new SPI on a rekey).</summary>
    private Proposal IkeProposal(byte[] spi, IReadOnlyList<KeyExchangeGroup> groups)
    {
        var suite = _options.IkeSuite;
        var transforms = new List<Transform> { EncryptionTransform(suite.Encryption, suite.EncryptionKeyBits), new(TransformType.PseudoRandomFunction, (ushort)suite.Prf, null) };
        if (!suite.IsAead) transforms.Add(new Transform(TransformType.Integrity, (ushort)suite.Integrity, null));
        foreach (var group in groups) transforms.Add(new Transform(TransformType.KeyExchange, (ushort)group, null));
        return new Proposal(1, ProtocolId.Ike, spi, transforms);
    }

    private static Transform EncryptionTransform(EncryptionAlgorithm algorithm, int bits) =>
        new(TransformType.Encryption, (ushort)algorithm, algorithm == EncryptionAlgorithm.ChaCha20Poly1305 ? null : (ushort)bits);

    /// <summary>The suite of the responder's single proposal, which must be ours with one group picked.</summary>
    private IkeSuite ChosenIkeSuite(SecurityAssociationPayload sa, byte[] expectedSpi)
    {
        if (sa.Proposals.Count != 1) throw new InvalidDataException("the responder must choose exactly one proposal");
        var proposal = sa.Proposals[0];
        if (proposal.Protocol != ProtocolId.Ike || proposal.Number != 1) throw new InvalidDataException("chosen proposal is not our IKE proposal");
        if (expectedSpi.Length != proposal.Spi.Length) throw new InvalidDataException($"IKE proposal SPI of {proposal.Spi.Length} bytes");
        var encryption = Single(proposal, TransformType.Encryption) ?? throw new InvalidDataException("no encryption transform");
        var prf = Single(proposal, TransformType.PseudoRandomFunction) ?? throw new InvalidDataException("no PRF transform");
        var integrity = Single(proposal, TransformType.Integrity);
        var group = Single(proposal, TransformType.KeyExchange) ?? throw new InvalidDataException("no key exchange transform");
        var algorithm = (EncryptionAlgorithm)encryption.Id;
        var suite = new IkeSuite(algorithm, encryption.KeyLength ?? 256, (IntegrityAlgorithm)(integrity?.Id ?? 0), (PrfAlgorithm)prf.Id,
            (KeyExchangeGroup)group.Id);
        var ours = _options.IkeSuite;
        if (suite.Encryption != ours.Encryption || suite.EncryptionKeyBits != (ours.Encryption == EncryptionAlgorithm.ChaCha20Poly1305 ? 256 : ours.EncryptionKeyBits)
            || suite.Integrity != ours.Integrity || suite.Prf != ours.Prf || !OfferedGroups.Contains(suite.Group))
            throw new InvalidDataException($"the responder chose {suite}, which we did not offer");
        return suite;
    }

    private static Transform? Single(Proposal proposal, TransformType type)
    {
        Transform? found = null;
        foreach (var transform in proposal.Transforms)
        {
            if (transform.Type != type) continue;
            if (found is not null) throw new InvalidDataException($"chosen proposal has two {type} transforms");
            found = transform;
        }
        return found;
    }
}
