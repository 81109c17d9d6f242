using OnLan.Testing.Ike;
using System.Buffers.Binary;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Tests.Messages;

public class MalformedPayloadTests
{
    private static IkeError Parse(byte[] data, PayloadType first, out List<IkePayload> payloads, out byte unknownCritical)
    {
        payloads = [];
        return IkeMessageCodec.TryParsePayloads(data, first, payloads, out unknownCritical);
    }

    private static IkeError ParseBody(PayloadType type, byte[] body) =>
        Parse([0, 0, (byte)((body.Length + 4) >> 8), (byte)(body.Length + 4), .. body], type, out _, out _);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Payload_length_below_the_generic_header_is_BadLength_and_ends_parsing(int length)
    {
        // A Notify whose Next Payload is itself: a walker that advanced by the length field would never stop.
        byte[] data = [(byte)PayloadType.Notify, 0, 0, (byte)length, 0, 0, 0, 0];

        Assert.Equal(IkeError.BadLength, Parse(data, PayloadType.Notify, out List<IkePayload> payloads, out _));
        Assert.Empty(payloads);
    }

    [Fact]
    public void Payload_length_past_the_end_of_the_data_is_refused()
    {
        byte[] data = IkeMessageCodec.WritePayloads([new VendorIdPayload([1, 2, 3, 4])]);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), (ushort)(data.Length + 1));

        Assert.Equal(IkeError.BadLength, Parse(data, PayloadType.VendorId, out _, out _));
    }

    [Fact]
    public void Bytes_after_the_last_payload_are_BadLength()
    {
        byte[] data = [.. IkeMessageCodec.WritePayloads([new VendorIdPayload([1])]), 0];

        Assert.Equal(IkeError.BadLength, Parse(data, PayloadType.VendorId, out List<IkePayload> payloads, out _));
        Assert.Single(payloads); // what was parsed before the error
    }

    [Fact]
    public void Next_payload_pointing_past_the_data_is_Truncated()
    {
        byte[] data = IkeMessageCodec.WritePayloads([new VendorIdPayload([1])]);
        data[0] = (byte)PayloadType.Notify;

        Assert.Equal(IkeError.Truncated, Parse(data, PayloadType.VendorId, out _, out _));
    }

    [Fact]
    public void Unknown_payload_with_C_set_is_UnsupportedCriticalPayload_with_its_type_reported()
    {
        byte[] data = IkeMessageCodec.WritePayloads([
            new VendorIdPayload([1]), new UnknownPayload((PayloadType)222, [1, 2]) { Critical = true }, new VendorIdPayload([2])]);

        Assert.Equal(IkeError.UnsupportedCriticalPayload, Parse(data, PayloadType.VendorId, out List<IkePayload> payloads, out byte type));
        Assert.Equal(222, type);
        Assert.Single(payloads);
    }

    [Fact]
    public void Unknown_payload_with_C_clear_is_kept_and_parsing_goes_on()
    {
        byte[] data = IkeMessageCodec.WritePayloads([new UnknownPayload((PayloadType)99, [1, 2]), new VendorIdPayload([7])]);

        Assert.Equal(IkeError.None, Parse(data, (PayloadType)99, out List<IkePayload> payloads, out byte type));
        Assert.Equal(0, type);
        var unknown = Assert.IsType<UnknownPayload>(payloads[0]);
        Assert.Equal((PayloadType)99, unknown.RawType);
        Assert.False(unknown.Critical);
        Assert.Equal(new byte[] { 1, 2 }, unknown.Body);
        Assert.IsType<VendorIdPayload>(payloads[1]);
    }

    [Fact]
    public void SK_payload_must_reach_the_end_of_the_data()
    {
        byte[] data = [.. IkeMessageCodec.WritePayloads([new EncryptedPayload(PayloadType.Nonce, [1, 2, 3])]), 0, 0, 0, 0];

        Assert.Equal(IkeError.BadLength, Parse(data, PayloadType.Encrypted, out _, out _));
    }

    [Fact]
    public void Parsing_stops_at_the_SK_payload_whose_next_payload_is_the_first_inner_type()
    {
        byte[] data = IkeMessageCodec.WritePayloads([new EncryptedPayload(PayloadType.Nonce, [1, 2, 3])]);

        Assert.Equal(IkeError.None, Parse(data, PayloadType.Encrypted, out List<IkePayload> payloads, out _));
        Assert.Equal(PayloadType.Nonce, Assert.IsType<EncryptedPayload>(Assert.Single(payloads)).FirstInnerPayload);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(4, 3)]
    [InlineData(1, 0)]
    public void SKF_fragment_number_outside_1_to_total_is_InvalidSyntax(ushort number, ushort total)
    {
        byte[] body = new byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(body, number);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(2), total);

        Assert.Equal(IkeError.InvalidSyntax, ParseBody(PayloadType.EncryptedFragment, body));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(257)]
    public void Nonce_outside_16_to_256_bytes_is_InvalidSyntax(int length) =>
        Assert.Equal(IkeError.InvalidSyntax, ParseBody(PayloadType.Nonce, new byte[length]));

    [Theory]
    [InlineData("03040001" + "0102030405", IkeError.InvalidSyntax)]     // one SPI announced, five bytes
    [InlineData("03040002" + "01020304", IkeError.InvalidSyntax)]       // two announced, one present
    [InlineData("03080001" + "0102030405060708", IkeError.InvalidSyntax)] // ESP with 8-byte SPIs
    [InlineData("01040001" + "01020304", IkeError.InvalidSyntax)]       // IKE with an SPI
    [InlineData("030400", IkeError.BadLength)]
    public void Delete_payload_with_inconsistent_SPI_fields_is_refused(string bodyHex, IkeError expected) =>
        Assert.Equal(expected, ParseBody(PayloadType.Delete, Convert.FromHexString(bodyHex)));

    [Theory]
    [InlineData("010000", IkeError.BadLength)]
    [InlineData("01000005", IkeError.InvalidSyntax)]   // EAP Length says 5, 4 bytes present
    [InlineData("0100000400", IkeError.InvalidSyntax)] // EAP Length says 4, 5 bytes present
    public void EAP_message_whose_length_field_disagrees_is_refused(string bodyHex, IkeError expected) =>
        Assert.Equal(expected, ParseBody(PayloadType.ExtensibleAuthentication, Convert.FromHexString(bodyHex)));

    [Theory]
    [InlineData("01000000" + "09000010" + "0000ffff" + "c6120000" + "c61200ff", IkeError.InvalidSyntax)] // TS type 9
    [InlineData("01000000" + "07000028" + "0000ffff" + "c6120000" + "c61200ff", IkeError.BadLength)]     // length 40 > 16 present
    [InlineData("01000000" + "07000014" + "0000ffff" + "c6120000" + "c61200ff00000000", IkeError.InvalidSyntax)] // type 7 with length 20
    [InlineData("02000000" + "07000010" + "0000ffff" + "c6120000" + "c61200ff", IkeError.InvalidSyntax)] // two announced
    [InlineData("00000000", IkeError.InvalidSyntax)]                                                     // none
    [InlineData("01000000" + "070003", IkeError.BadLength)]
    public void Traffic_selector_payload_with_a_bad_selector_is_refused(string bodyHex, IkeError expected) =>
        Assert.Equal(expected, ParseBody(PayloadType.TrafficSelectorInitiator, Convert.FromHexString(bodyHex)));

    [Theory]
    [InlineData("01000000" + "80010000", IkeError.InvalidSyntax)] // R bit set
    [InlineData("01000000" + "00010005" + "c6120001", IkeError.BadLength)]
    [InlineData("01000000" + "000100", IkeError.BadLength)]
    [InlineData("010000", IkeError.BadLength)]
    public void Configuration_payload_with_a_bad_attribute_is_refused(string bodyHex, IkeError expected) =>
        Assert.Equal(expected, ParseBody(PayloadType.Configuration, Convert.FromHexString(bodyHex)));

    [Theory]
    [InlineData("", IkeError.InvalidSyntax)]                                            // no proposal
    [InlineData("02000008" + "01010000", IkeError.InvalidSyntax)]                       // "more" on the only proposal
    [InlineData("05000008" + "01010000", IkeError.InvalidSyntax)]                       // Last Substruc 5
    [InlineData("00000007" + "01010000", IkeError.BadLength)]                           // proposal length below 8
    [InlineData("00000010" + "01010000", IkeError.BadLength)]                           // proposal length past the payload
    [InlineData("00000008" + "01010400", IkeError.BadLength)]                           // 4-byte SPI does not fit
    [InlineData("00000008" + "01010001", IkeError.InvalidSyntax)]                       // one transform announced, none present
    [InlineData("00000010" + "01010001" + "03000008" + "0100000c", IkeError.InvalidSyntax)] // transform says "more"
    [InlineData("00000010" + "01010002" + "00000008" + "0100000c", IkeError.InvalidSyntax)] // "last" but two announced
    [InlineData("00000010" + "01010001" + "00000007" + "0100000c", IkeError.BadLength)]     // transform length below 8
    [InlineData("00000013" + "01010001" + "0000000b" + "0100000c" + "800e00", IkeError.BadLength)] // attribute cut
    [InlineData("00000014" + "01010001" + "0000000c" + "0100000c" + "000e0080", IkeError.BadLength)] // TLV value past the transform
    public void SA_payload_with_inconsistent_substructures_is_refused(string bodyHex, IkeError expected) =>
        Assert.Equal(expected, ParseBody(PayloadType.SecurityAssociation, Convert.FromHexString(bodyHex)));

    [Fact]
    public void Transform_with_an_unknown_attribute_is_kept_and_flagged()
    {
        // AES-CBC with Key Length 128 (TV) and an unknown TLV attribute type 99 carrying two bytes.
        byte[] body = Convert.FromHexString("0000001a" + "01010001" + "00000012" + "0100000c" + "800e0080" + "00630002abcd");

        Assert.Equal(IkeError.None, Parse([0, 0, 0, (byte)(body.Length + 4), .. body], PayloadType.SecurityAssociation, out List<IkePayload> payloads, out _));

        Transform transform = Assert.Single(Assert.Single(((SecurityAssociationPayload)payloads[0]).Proposals).Transforms);
        Assert.Equal((ushort?)128, transform.KeyLength);
        Assert.True(transform.HasUnknownAttribute);
    }

    [Theory]
    [InlineData(PayloadType.KeyExchange, 3)]
    [InlineData(PayloadType.IdentificationInitiator, 3)]
    [InlineData(PayloadType.Authentication, 3)]
    [InlineData(PayloadType.Notify, 3)]
    [InlineData(PayloadType.Delete, 3)]
    [InlineData(PayloadType.Configuration, 3)]
    [InlineData(PayloadType.Certificate, 0)]
    [InlineData(PayloadType.CertificateRequest, 0)]
    [InlineData(PayloadType.EncryptedFragment, 3)]
    public void Body_shorter_than_its_fixed_fields_is_BadLength(PayloadType type, int length) =>
        Assert.Equal(IkeError.BadLength, ParseBody(type, new byte[length]));

    [Fact]
    public void Notify_SPI_size_past_the_body_is_BadLength() =>
        Assert.Equal(IkeError.BadLength, ParseBody(PayloadType.Notify, Convert.FromHexString("03044000" + "010203")));

    [Fact]
    public void Message_with_a_bad_version_or_length_is_refused_by_the_header()
    {
        byte[] message = CapturedIkeMessages.IkeSaInitResponse;
        message[17] = 0x10;
        Assert.Equal(IkeError.UnsupportedVersion, IkeMessageCodec.TryParse(message, out _, [], out _));

        message = CapturedIkeMessages.IkeSaInitResponse;
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(24), 27);
        Assert.Equal(IkeError.BadLength, IkeMessageCodec.TryParse(message, out _, [], out _));
    }
}
