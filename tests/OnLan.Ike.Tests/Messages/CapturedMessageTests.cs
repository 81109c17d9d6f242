using OnLan.Testing.Ike;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Tests.Messages;

public class CapturedMessageTests
{
    private static (IkeHeader Header, List<IkePayload> Payloads) Parse(byte[] message)
    {
        var payloads = new List<IkePayload>();
        IkeError error = IkeMessageCodec.TryParse(message, out IkeHeader header, payloads, out byte unknownCritical);
        Assert.Equal(IkeError.None, error);
        Assert.Equal(0, unknownCritical);
        return (header, payloads);
    }

    private static PayloadType[] Types(List<IkePayload> payloads) => payloads.Select(p => p.Type).ToArray();

    [Fact]
    public void StrongSwan_IKE_SA_INIT_request_parses_into_SA_KE_nonce_and_five_notifies()
    {
        (IkeHeader header, List<IkePayload> payloads) = Parse(CapturedIkeMessages.IkeSaInitRequest);

        Assert.Equal(ExchangeType.IkeSaInit, header.Exchange);
        Assert.Equal(IkeFlags.Initiator, header.Flags);
        Assert.Equal(0xe97143f0a298c4a8UL, header.InitiatorSpi);
        Assert.Equal(0UL, header.ResponderSpi);
        Assert.Equal(0u, header.MessageId);
        Assert.Equal(892u, header.Length);
        Assert.Equal(
            [PayloadType.SecurityAssociation, PayloadType.KeyExchange, PayloadType.Nonce,
             PayloadType.Notify, PayloadType.Notify, PayloadType.Notify, PayloadType.Notify, PayloadType.Notify],
            Types(payloads));

        var sa = payloads.Find<SecurityAssociationPayload>()!;
        Assert.Equal(2, sa.Proposals.Count);
        Proposal first = sa.Proposals[0], second = sa.Proposals[1];
        Assert.Equal((byte)1, first.Number);
        Assert.Equal((byte)2, second.Number);
        Assert.All(sa.Proposals, p => Assert.Equal(ProtocolId.Ike, p.Protocol));
        Assert.All(sa.Proposals, p => Assert.Empty(p.Spi));
        Assert.Equal(34, first.Transforms.Count);
        Assert.Equal(36, second.Transforms.Count);
        Assert.All(sa.Proposals.SelectMany(p => p.Transforms), t => Assert.False(t.HasUnknownAttribute));
        // AES-CBC in its three key sizes, each a transform with a Key Length attribute (§3.3.5).
        Assert.Equal(new Transform(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesCbc, 128), first.Transforms[0]);
        Assert.Equal(new Transform(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesCbc, 192), first.Transforms[1]);
        Assert.Equal(new Transform(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesCbc, 256), first.Transforms[2]);
        Assert.Equal(13, first.Transforms.Count(t => t.Type == TransformType.Encryption));
        Assert.Equal(4, first.Transforms.Count(t => t.Type == TransformType.Integrity));
        Assert.Equal(4, first.Transforms.Count(t => t.Type == TransformType.PseudoRandomFunction));
        Assert.Equal(13, first.Transforms.Count(t => t.Type == TransformType.KeyExchange));
        Assert.Contains(new Transform(TransformType.Integrity, (ushort)IntegrityAlgorithm.HmacSha2_256_128, null), first.Transforms);
        Assert.Contains(new Transform(TransformType.KeyExchange, (ushort)KeyExchangeGroup.Curve25519, null), first.Transforms);
        // The AEAD proposal: no integrity transform, ChaCha20-Poly1305 without a key length.
        Assert.DoesNotContain(second.Transforms, t => t.Type == TransformType.Integrity);
        Assert.Equal(new Transform(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesGcm16, 128), second.Transforms[0]);
        Assert.Contains(new Transform(TransformType.Encryption, (ushort)EncryptionAlgorithm.ChaCha20Poly1305, null), second.Transforms);

        var ke = payloads.Find<KeyExchangePayload>()!;
        Assert.Equal(KeyExchangeGroup.Curve25519, ke.Group);
        Assert.Equal(32, ke.Data.Length);
        Assert.Equal(32, payloads.Find<NoncePayload>()!.Data.Length);

        Assert.Equal(
            [NotifyType.NatDetectionSourceIp, NotifyType.NatDetectionDestinationIp, NotifyType.IkeFragmentationSupported,
             NotifyType.SignatureHashAlgorithms, NotifyType.RedirectSupported],
            payloads.Notifies().Select(n => n.NotifyType).ToArray());
        Assert.All(payloads.Notifies(), n => Assert.False(n.IsError));
        Assert.Equal(20, payloads.FindNotify(NotifyType.NatDetectionSourceIp)!.Data.Length);
        // RFC 7427 hash algorithms: SHA2-256, SHA2-384, SHA2-512, Identity.
        Assert.Equal(Convert.FromHexString("0002000300040005"), payloads.FindNotify(NotifyType.SignatureHashAlgorithms)!.Data);
    }

    [Fact]
    public void StrongSwan_IKE_SA_INIT_response_parses_into_the_selected_proposal()
    {
        (IkeHeader header, List<IkePayload> payloads) = Parse(CapturedIkeMessages.IkeSaInitResponse);

        Assert.Equal(ExchangeType.IkeSaInit, header.Exchange);
        Assert.True(header.IsResponse);
        Assert.False(header.IsFromInitiator);
        Assert.Equal(0xfc378aeea21873fdUL, header.ResponderSpi);
        Assert.Equal(
            [PayloadType.SecurityAssociation, PayloadType.KeyExchange, PayloadType.Nonce, PayloadType.Notify,
             PayloadType.Notify, PayloadType.Notify, PayloadType.Notify, PayloadType.Notify, PayloadType.Notify],
            Types(payloads));

        Proposal chosen = Assert.Single(payloads.Find<SecurityAssociationPayload>()!.Proposals);
        Assert.Equal((byte)1, chosen.Number);
        Assert.Equal(
            [new Transform(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesCbc, 128),
             new Transform(TransformType.Integrity, (ushort)IntegrityAlgorithm.HmacSha2_256_128, null),
             new Transform(TransformType.PseudoRandomFunction, (ushort)PrfAlgorithm.HmacSha2_256, null),
             new Transform(TransformType.KeyExchange, (ushort)KeyExchangeGroup.Curve25519, null)],
            chosen.Transforms);
        Assert.Equal(KeyExchangeGroup.Curve25519, payloads.Find<KeyExchangePayload>()!.Group);
        Assert.Equal(32, payloads.Find<NoncePayload>()!.Data.Length);
        Assert.Equal(
            [NotifyType.NatDetectionSourceIp, NotifyType.NatDetectionDestinationIp, NotifyType.IkeFragmentationSupported,
             NotifyType.SignatureHashAlgorithms, NotifyType.ChildlessIkev2Supported, NotifyType.MultipleAuthSupported],
            payloads.Notifies().Select(n => n.NotifyType).ToArray());
    }

    [Theory]
    [InlineData(nameof(CapturedIkeMessages.IkeAuthRequest), PayloadType.IdentificationInitiator, 416 - 28 - 4)]
    [InlineData(nameof(CapturedIkeMessages.IkeAuthResponse), PayloadType.IdentificationResponder, 176 - 28 - 4)]
    public void StrongSwan_IKE_AUTH_parses_into_one_SK_payload_naming_the_first_inner_payload(string name, PayloadType firstInner, int bodyLength)
    {
        (IkeHeader header, List<IkePayload> payloads) = Parse(Message(name));

        Assert.Equal(ExchangeType.IkeAuth, header.Exchange);
        Assert.Equal(1u, header.MessageId);
        var sk = Assert.IsType<EncryptedPayload>(Assert.Single(payloads));
        Assert.Equal(firstInner, sk.FirstInnerPayload);
        Assert.Equal(bodyLength, sk.Body.Length);
    }

    [Theory]
    [InlineData(nameof(CapturedIkeMessages.IkeSaInitRequest))]
    [InlineData(nameof(CapturedIkeMessages.IkeSaInitResponse))]
    [InlineData(nameof(CapturedIkeMessages.IkeAuthRequest))]
    [InlineData(nameof(CapturedIkeMessages.IkeAuthResponse))]
    public void Captured_message_written_back_is_byte_identical(string name)
    {
        byte[] message = Message(name);
        (IkeHeader header, List<IkePayload> payloads) = Parse(message);

        Assert.Equal(message.Length - IkeHeader.Size, IkeMessageCodec.PayloadsLength(payloads));
        Assert.Equal(message, IkeMessageCodec.Write(header with { Length = 0, NextPayload = PayloadType.None }, payloads));
        Assert.Equal(message[IkeHeader.Size..], IkeMessageCodec.WritePayloads(payloads));
    }

    [Fact]
    public void Datagram_bytes_after_the_header_length_are_ignored()
    {
        byte[] message = [.. CapturedIkeMessages.IkeSaInitResponse, 0xde, 0xad];
        var payloads = new List<IkePayload>();

        Assert.Equal(IkeError.None, IkeMessageCodec.TryParse(message, out IkeHeader header, payloads, out _));
        Assert.Equal(248u, header.Length);
        Assert.Equal(9, payloads.Count);
    }

    internal static byte[] Message(string name) => name switch
    {
        nameof(CapturedIkeMessages.IkeSaInitRequest) => CapturedIkeMessages.IkeSaInitRequest,
        nameof(CapturedIkeMessages.IkeSaInitResponse) => CapturedIkeMessages.IkeSaInitResponse,
        nameof(CapturedIkeMessages.IkeAuthRequest) => CapturedIkeMessages.IkeAuthRequest,
        nameof(CapturedIkeMessages.IkeAuthResponse) => CapturedIkeMessages.IkeAuthResponse,
        _ => throw new ArgumentException(name),
    };
}
