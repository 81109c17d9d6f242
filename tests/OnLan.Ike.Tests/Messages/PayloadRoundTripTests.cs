using System.Text;
using OnLan.Ike.Messages;
using OnLan.Wire;

namespace OnLan.Ike.Tests.Messages;

public class PayloadRoundTripTests
{
    private static byte[] Bytes(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)(seed + i)).ToArray();

    /// <summary>One of every payload type, with the shapes the gateway meets (IKE_AUTH with CP, EAP, deletes...).</summary>
    public static TheoryData<string, IkePayload> EveryPayload() => new()
    {
        { "SA with an IKE and an ESP proposal", new SecurityAssociationPayload([
            new Proposal(1, ProtocolId.Ike, [], [
                new Transform(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesCbc, 256),
                new Transform(TransformType.PseudoRandomFunction, (ushort)PrfAlgorithm.HmacSha2_256, null),
                new Transform(TransformType.Integrity, (ushort)IntegrityAlgorithm.HmacSha2_256_128, null),
                new Transform(TransformType.KeyExchange, (ushort)KeyExchangeGroup.Modp2048, null)]),
            new Proposal(2, ProtocolId.Esp, [0xc1, 0x02, 0x03, 0x04], [
                new Transform(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesGcm16, 128),
                new Transform(TransformType.ExtendedSequenceNumbers, (ushort)ExtendedSequenceNumbers.No, null)])]) },
        { "SA rekeying an IKE SA (8-byte SPI)", new SecurityAssociationPayload([
            new Proposal(1, ProtocolId.Ike, Bytes(8, 0x80), [new Transform(TransformType.Encryption, 28, null)])]) },
        { "KE with an unknown group", new KeyExchangePayload((KeyExchangeGroup)1234, Bytes(32, 1)) },
        { "KE MODP2048", new KeyExchangePayload(KeyExchangeGroup.Modp2048, Bytes(256, 7)) },
        { "IDi FQDN", new IdentificationPayload(true, IdentificationType.Rfc822Address, Encoding.ASCII.GetBytes("client@onlan.test")) },
        { "IDr IPv4", new IdentificationPayload(false, IdentificationType.Ipv4Address, [203, 0, 113, 2]) },
        { "CERT", new CertificatePayload(CertificateEncoding.X509Signature, Bytes(300, 0x30)) },
        { "CERTREQ", new CertificateRequestPayload(CertificateEncoding.X509Signature, Bytes(40, 0x55)) },
        { "CERTREQ empty", new CertificateRequestPayload(CertificateEncoding.X509Signature, []) },
        { "AUTH PSK", new AuthenticationPayload(AuthenticationMethod.SharedKeyMessageIntegrityCode, Bytes(32, 9)) },
        { "Nonce 16", new NoncePayload(Bytes(16, 2)) },
        { "Nonce 256", new NoncePayload(Bytes(256, 3)) },
        { "N COOKIE", new NotifyPayload(NotifyType.Cookie, Bytes(20, 4)) },
        { "N REKEY_SA for ESP", new NotifyPayload(ProtocolId.Esp, [1, 2, 3, 4], NotifyType.RekeySa, []) },
        { "N unknown type", new NotifyPayload((NotifyType)40000, Bytes(3, 0)) },
        { "D IKE", new DeletePayload(ProtocolId.Ike, []) },
        { "D ESP two SPIs", new DeletePayload(ProtocolId.Esp, [[1, 2, 3, 4], [5, 6, 7, 8]]) },
        { "V", new VendorIdPayload(Bytes(16, 0xaa)) },
        { "TSi IPv4", new TrafficSelectorPayload(true, [
            TrafficSelector.Ipv4(new Ipv4Address(198, 18, 0, 201), new Ipv4Address(198, 18, 0, 201)),
            TrafficSelector.Ipv4(new Ipv4Address(0, 0, 0, 0), new Ipv4Address(255, 255, 255, 255), protocol: 17, startPort: 67, endPort: 68)]) },
        { "TSr IPv6", new TrafficSelectorPayload(false, [
            new TrafficSelector(TrafficSelectorType.Ipv6AddressRange, 0, 0, 65535, Bytes(16, 0x20), Bytes(16, 0x30))]) },
        { "CP request", new ConfigurationPayload(ConfigurationType.Request, [
            ConfigurationAttribute.Request(ConfigurationAttributeType.InternalIp4Address),
            ConfigurationAttribute.Request(ConfigurationAttributeType.InternalIp4Dns),
            ConfigurationAttribute.Request((ConfigurationAttributeType)28675)]) },
        { "CP reply", new ConfigurationPayload(ConfigurationType.Reply, [
            new ConfigurationAttribute(ConfigurationAttributeType.InternalIp4Address, [198, 18, 0, 201]),
            new ConfigurationAttribute(ConfigurationAttributeType.InternalIp4Netmask, [255, 255, 255, 0]),
            new ConfigurationAttribute(ConfigurationAttributeType.InternalDnsDomain, Encoding.ASCII.GetBytes("lan.example"))]) },
        { "CP empty", new ConfigurationPayload(ConfigurationType.Ack, []) },
        { "EAP identity request", new EapPayload([1, 7, 0, 5, 1]) },
        { "EAP success", new EapPayload([3, 7, 0, 4]) },
        { "SK", new EncryptedPayload(PayloadType.IdentificationInitiator, Bytes(80, 0x11)) },
        { "SKF first", new EncryptedFragmentPayload(1, 3, PayloadType.IdentificationResponder, Bytes(100, 0x12)) },
        { "SKF last", new EncryptedFragmentPayload(3, 3, PayloadType.None, Bytes(60, 0x13)) },
        { "unknown, not critical", new UnknownPayload((PayloadType)200, Bytes(5, 0x14)) },
    };

    [Theory]
    [MemberData(nameof(EveryPayload))]
    public void Every_payload_type_survives_write_then_parse(string shape, IkePayload payload)
    {
        byte[] bytes = IkeMessageCodec.WritePayloads([payload]);
        var parsed = new List<IkePayload>();

        IkeError error = IkeMessageCodec.TryParsePayloads(bytes, payload.Type, parsed, out _);

        Assert.True(error == IkeError.None, $"{shape}: {error}");
        Assert.Equal(PayloadText.Of(payload), PayloadText.Of(Assert.Single(parsed)));
        Assert.Equal(bytes.Length, IkePayload.GenericHeaderSize + payload.BodyLength);
    }

    [Fact]
    public void A_chain_of_every_payload_type_survives_write_then_parse_with_correct_next_payload_fields()
    {
        List<IkePayload> chain = EveryPayload().Select(row => (IkePayload)row[1])
            .Where(p => p is not (EncryptedPayload or EncryptedFragmentPayload)).ToList();
        chain.Add(new EncryptedPayload(PayloadType.Authentication, Bytes(48, 1))); // SK ends a message
        byte[] bytes = IkeMessageCodec.WritePayloads(chain);
        var parsed = new List<IkePayload>();

        Assert.Equal(IkeError.None, IkeMessageCodec.TryParsePayloads(bytes, chain[0].Type, parsed, out _));

        Assert.Equal(PayloadText.Of(chain), PayloadText.Of(parsed));
        Assert.Equal(IkeMessageCodec.PayloadsLength(chain), bytes.Length);
    }

    [Fact]
    public void Message_writer_takes_next_payload_and_length_from_the_payloads()
    {
        var header = new IkeHeader(0x0102030405060708, 0x1112131415161718, PayloadType.Delete, ExchangeType.IkeAuth,
            IkeFlags.Response, 7, 12345);
        IkePayload[] payloads = [new EncryptedPayload(PayloadType.IdentificationResponder, Bytes(64, 1))];

        byte[] message = IkeMessageCodec.Write(header, payloads);
        var parsed = new List<IkePayload>();

        Assert.Equal(IkeError.None, IkeMessageCodec.TryParse(message, out IkeHeader read, parsed, out _));
        Assert.Equal(header with { NextPayload = PayloadType.Encrypted, Length = (uint)(28 + 4 + 64) }, read);
        Assert.Equal(PayloadText.Of(payloads), PayloadText.Of(parsed));
    }

    [Fact]
    public void Empty_message_has_next_payload_none()
    {
        var header = new IkeHeader(1, 2, PayloadType.Notify, ExchangeType.Informational, IkeFlags.Initiator, 3, 0);
        byte[] message = IkeMessageCodec.Write(header, []);
        var parsed = new List<IkePayload>();

        Assert.Equal(28, message.Length);
        Assert.Equal(IkeError.None, IkeMessageCodec.TryParse(message, out IkeHeader read, parsed, out _));
        Assert.Equal(PayloadType.None, read.NextPayload);
        Assert.Empty(parsed);
    }

    [Fact]
    public void Known_payloads_are_written_with_C_clear_and_unknown_payloads_keep_their_C_bit()
    {
        byte[] known = IkeMessageCodec.WritePayloads([new NoncePayload(Bytes(16, 0)) { Critical = true }]);
        byte[] unknown = IkeMessageCodec.WritePayloads([new UnknownPayload((PayloadType)201, [1]) { Critical = true }]);

        Assert.Equal(0x00, known[1]);
        Assert.Equal(0x80, unknown[1]);
    }

    [Fact]
    public void Known_payload_received_with_C_set_is_parsed_and_says_so()
    {
        byte[] bytes = IkeMessageCodec.WritePayloads([new VendorIdPayload([1, 2, 3])]);
        bytes[1] = 0x80;
        var parsed = new List<IkePayload>();

        Assert.Equal(IkeError.None, IkeMessageCodec.TryParsePayloads(bytes, PayloadType.VendorId, parsed, out _));
        Assert.True(Assert.Single(parsed).Critical);
    }

    [Fact]
    public void Identification_body_bytes_are_what_AUTH_covers()
    {
        var id = new IdentificationPayload(true, IdentificationType.Fqdn, Encoding.ASCII.GetBytes("gw"));

        Assert.Equal(new byte[] { 2, 0, 0, 0, (byte)'g', (byte)'w' }, id.BodyBytes());
        Assert.Equal(PayloadType.IdentificationInitiator, id.Type);
        Assert.Equal(PayloadType.IdentificationResponder, (id with { IsInitiator = false }).Type);
    }

    [Fact]
    public void Ipv4_traffic_selector_exposes_its_addresses()
    {
        var ts = TrafficSelector.Ipv4(new Ipv4Address(198, 18, 0, 0), new Ipv4Address(198, 18, 0, 255));

        Assert.True(ts.IsIpv4);
        Assert.Equal(new Ipv4Address(198, 18, 0, 0), ts.Ipv4Start);
        Assert.Equal(new Ipv4Address(198, 18, 0, 255), ts.Ipv4End);
        Assert.Equal((byte)0, ts.IpProtocol);
        Assert.Equal((ushort)0, ts.StartPort);
        Assert.Equal((ushort)65535, ts.EndPort);
        Assert.Equal(16, ts.Length);
        var v6 = new TrafficSelector(TrafficSelectorType.Ipv6AddressRange, 0, 0, 65535, new byte[16], new byte[16]);
        Assert.False(v6.IsIpv4);
        Assert.Equal(Ipv4Address.Any, v6.Ipv4Start);
    }

    [Fact]
    public void Notify_error_types_are_those_below_16384()
    {
        Assert.True(new NotifyPayload(NotifyType.InvalidSyntax, []).IsError);
        Assert.True(new NotifyPayload((NotifyType)16383, []).IsError);
        Assert.False(new NotifyPayload(NotifyType.InitialContact, []).IsError);
    }

    [Fact]
    public void Writer_refuses_an_SK_payload_that_is_not_last()
    {
        IkePayload[] payloads = [new EncryptedPayload(PayloadType.None, [1]), new NoncePayload(Bytes(16, 0))];

        Assert.Throws<ArgumentException>(() => IkeMessageCodec.WritePayloads(payloads));
    }
}
