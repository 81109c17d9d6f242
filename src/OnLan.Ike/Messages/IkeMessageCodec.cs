using System.Buffers.Binary;

namespace OnLan.Ike.Messages;

/// <summary>
/// Reads and writes chains of generic payloads (RFC 7296 §3.2) and whole messages (§3.1 header + chain).
/// </summary>
/// <remarks>
/// Parsing never throws on bad input and always ends: every step consumes at least the 4-byte generic header
/// (a Payload Length below 4 is BadLength, never "advance by 0"). Errors, in the order they are checked per payload:
/// fewer than 4 bytes left for a generic header → Truncated; Payload Length &lt; 4 or past the data → BadLength;
/// an unknown type with C=1 → UnsupportedCriticalPayload; then the payload's own body checks. When the chain ends
/// (Next Payload 0, or an SK/SKF payload, which must reach the end of the data) bytes left over are BadLength.
/// Writing is for values the engine built: a chain it cannot encode (SK not last, a body over 65,531 bytes) is a
/// bug and throws.
/// </remarks>
public static class IkeMessageCodec
{
    /// <summary>Largest body a 16-bit Payload Length can describe.</summary>
    public const int MaximumBodyLength = ushort.MaxValue - IkePayload.GenericHeaderSize;

    /// <summary>
    /// Parses the chain that starts with a payload of type <paramref name="first"/> over <paramref name="data"/>
    /// (the bytes after the IKE header, or a decrypted SK body). Stops at Next Payload 0, or at an SK (46) or SKF
    /// (53) payload, which must extend to the end of <paramref name="data"/> (its Next Payload is the first inner
    /// type). The lengths must add up exactly to <paramref name="data"/>'s length. Returns
    /// <see cref="IkeError.None"/> or the first error; <paramref name="payloads"/> receives what was parsed before it.
    /// </summary>
    /// <param name="unknownCriticalType">The type number when the result is UnsupportedCriticalPayload, else 0.</param>
    public static IkeError TryParsePayloads(ReadOnlySpan<byte> data, PayloadType first, List<IkePayload> payloads, out byte unknownCriticalType)
    {
        unknownCriticalType = 0;
        PayloadType current = first;
        int offset = 0;
        while (current != PayloadType.None)
        {
            ReadOnlySpan<byte> rest = data[offset..];
            if (rest.Length < IkePayload.GenericHeaderSize) return IkeError.Truncated;
            var following = (PayloadType)rest[IkePayload.NextPayloadOffset];
            bool critical = (rest[IkePayload.FlagsOffset] & IkePayload.CriticalBit) != 0;
            int length = BinaryPrimitives.ReadUInt16BigEndian(rest[IkePayload.PayloadLengthOffset..]);
            if (length < IkePayload.GenericHeaderSize || length > rest.Length) return IkeError.BadLength;
            ReadOnlySpan<byte> body = rest[IkePayload.GenericHeaderSize..length];

            if (current is PayloadType.Encrypted or PayloadType.EncryptedFragment)
            {
                // §3.14: SK is the last payload; what follows its Next Payload is inside the ciphertext.
                if (length != rest.Length) return IkeError.BadLength;
                IkeError encryptedError = current == PayloadType.Encrypted
                    ? Finish(EncryptedPayload.TryParse(body, following, out EncryptedPayload? encrypted), encrypted, critical, payloads)
                    : Finish(EncryptedFragmentPayload.TryParse(body, following, out EncryptedFragmentPayload? fragment), fragment, critical, payloads);
                return encryptedError;
            }

            IkeError error = current switch
            {
                PayloadType.SecurityAssociation => Finish(SecurityAssociationPayload.TryParse(body, out SecurityAssociationPayload? sa), sa, critical, payloads),
                PayloadType.KeyExchange => Finish(KeyExchangePayload.TryParse(body, out KeyExchangePayload? ke), ke, critical, payloads),
                PayloadType.IdentificationInitiator => Finish(IdentificationPayload.TryParse(body, isInitiator: true, out IdentificationPayload? idi), idi, critical, payloads),
                PayloadType.IdentificationResponder => Finish(IdentificationPayload.TryParse(body, isInitiator: false, out IdentificationPayload? idr), idr, critical, payloads),
                PayloadType.Certificate => Finish(CertificatePayload.TryParse(body, out CertificatePayload? cert), cert, critical, payloads),
                PayloadType.CertificateRequest => Finish(CertificateRequestPayload.TryParse(body, out CertificateRequestPayload? certreq), certreq, critical, payloads),
                PayloadType.Authentication => Finish(AuthenticationPayload.TryParse(body, out AuthenticationPayload? auth), auth, critical, payloads),
                PayloadType.Nonce => Finish(NoncePayload.TryParse(body, out NoncePayload? nonce), nonce, critical, payloads),
                PayloadType.Notify => Finish(NotifyPayload.TryParse(body, out NotifyPayload? notify), notify, critical, payloads),
                PayloadType.Delete => Finish(DeletePayload.TryParse(body, out DeletePayload? delete), delete, critical, payloads),
                PayloadType.VendorId => Finish(VendorIdPayload.TryParse(body, out VendorIdPayload? vendor), vendor, critical, payloads),
                PayloadType.TrafficSelectorInitiator => Finish(TrafficSelectorPayload.TryParse(body, isInitiator: true, out TrafficSelectorPayload? tsi), tsi, critical, payloads),
                PayloadType.TrafficSelectorResponder => Finish(TrafficSelectorPayload.TryParse(body, isInitiator: false, out TrafficSelectorPayload? tsr), tsr, critical, payloads),
                PayloadType.Configuration => Finish(ConfigurationPayload.TryParse(body, out ConfigurationPayload? cp), cp, critical, payloads),
                PayloadType.ExtensibleAuthentication => Finish(EapPayload.TryParse(body, out EapPayload? eap), eap, critical, payloads),
                _ => Unknown(current, body, critical, payloads),
            };
            if (error == IkeError.UnsupportedCriticalPayload) unknownCriticalType = (byte)current;
            if (error != IkeError.None) return error;
            offset += length;
            current = following;
        }
        return offset == data.Length ? IkeError.None : IkeError.BadLength;
    }

    /// <summary>
    /// Reads the header (<see cref="IkeHeader.TryRead"/>) and parses the chain over message[28..Length]; bytes
    /// after Length are ignored.
    /// </summary>
    public static IkeError TryParse(ReadOnlySpan<byte> message, out IkeHeader header, List<IkePayload> payloads, out byte unknownCriticalType)
    {
        unknownCriticalType = 0;
        IkeError error = IkeHeader.TryRead(message, out header);
        if (error != IkeError.None) return error;
        return TryParsePayloads(message[IkeHeader.Size..(int)header.Length], header.NextPayload, payloads, out unknownCriticalType);
    }

    /// <summary>Total bytes <see cref="WritePayloads(IReadOnlyList{IkePayload})"/> produces: generic headers and bodies.</summary>
    public static int PayloadsLength(IReadOnlyList<IkePayload> payloads)
    {
        int length = 0;
        foreach (IkePayload payload in payloads) length += IkePayload.GenericHeaderSize + payload.BodyLength;
        return length;
    }

    /// <summary>Writes the chain with each generic header's Next Payload, C bit and Payload Length.</summary>
    public static byte[] WritePayloads(IReadOnlyList<IkePayload> payloads)
    {
        var bytes = new byte[PayloadsLength(payloads)];
        WritePayloads(payloads, bytes);
        return bytes;
    }

    /// <summary>
    /// Writes the chain into <paramref name="destination"/>, which holds at least
    /// <see cref="PayloadsLength"/> bytes; returns the bytes written.
    /// </summary>
    public static int WritePayloads(IReadOnlyList<IkePayload> payloads, Span<byte> destination)
    {
        int offset = 0;
        for (int i = 0; i < payloads.Count; i++)
        {
            IkePayload payload = payloads[i];
            bool last = i == payloads.Count - 1;
            PayloadType next = last ? PayloadType.None : payloads[i + 1].Type;
            switch (payload)
            {
                case EncryptedPayload encrypted:
                    if (!last) throw new ArgumentException("An SK payload must be the last payload of a message.", nameof(payloads));
                    next = encrypted.FirstInnerPayload;
                    break;
                case EncryptedFragmentPayload fragment:
                    if (!last) throw new ArgumentException("An SKF payload must be the last payload of a message.", nameof(payloads));
                    next = fragment.FirstInnerPayload;
                    break;
            }
            int bodyLength = payload.BodyLength;
            if (bodyLength > MaximumBodyLength) throw new ArgumentException("A payload body exceeds 65,531 bytes.", nameof(payloads));
            Span<byte> header = destination.Slice(offset, IkePayload.GenericHeaderSize);
            header[IkePayload.NextPayloadOffset] = (byte)next;
            header[IkePayload.FlagsOffset] = payload.WrittenCritical ? IkePayload.CriticalBit : (byte)0;
            BinaryPrimitives.WriteUInt16BigEndian(header[IkePayload.PayloadLengthOffset..], (ushort)(IkePayload.GenericHeaderSize + bodyLength));
            payload.WriteBody(destination.Slice(offset + IkePayload.GenericHeaderSize, bodyLength));
            offset += IkePayload.GenericHeaderSize + bodyLength;
        }
        return offset;
    }

    /// <summary>Writes header and chain; the header's Next Payload and Length are taken from the payloads.</summary>
    public static byte[] Write(IkeHeader header, IReadOnlyList<IkePayload> payloads)
    {
        int length = IkeHeader.Size + PayloadsLength(payloads);
        var bytes = new byte[length];
        (header with
        {
            NextPayload = payloads.Count == 0 ? PayloadType.None : payloads[0].Type,
            Length = (uint)length,
        }).WriteTo(bytes);
        WritePayloads(payloads, bytes.AsSpan(IkeHeader.Size));
        return bytes;
    }

    private static IkeError Finish<T>(IkeError error, T? payload, bool critical, List<IkePayload> payloads) where T : IkePayload
    {
        if (error != IkeError.None) return error;
        IkePayload parsed = payload!;
        payloads.Add(critical ? parsed with { Critical = true } : parsed);
        return IkeError.None;
    }

    private static IkeError Unknown(PayloadType type, ReadOnlySpan<byte> body, bool critical, List<IkePayload> payloads)
    {
        if (critical) return IkeError.UnsupportedCriticalPayload;
        payloads.Add(new UnknownPayload(type, body.ToArray()));
        return IkeError.None;
    }
}
