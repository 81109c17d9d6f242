namespace OnLan.Ike.Messages;

/// <summary>
/// Traffic Selector payload (TSi or TSr), RFC 7296 §3.13.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Number of TSs |                 RESERVED                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                       <Traffic Selectors>                     ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Number of TSs must be at least one and match the selectors, which must fill the body exactly (InvalidSyntax
/// otherwise); an unknown TS type is InvalidSyntax (see <see cref="TrafficSelector"/>).
/// </summary>
public sealed record TrafficSelectorPayload(bool IsInitiator, IReadOnlyList<TrafficSelector> Selectors) : IkePayload
{
    /// <summary>Number of TSs and reserved field.</summary>
    public const int FixedSize = 4;

    public override PayloadType Type => IsInitiator ? PayloadType.TrafficSelectorInitiator : PayloadType.TrafficSelectorResponder;

    public override int BodyLength
    {
        get
        {
            int length = FixedSize;
            foreach (TrafficSelector selector in Selectors) length += selector.Length;
            return length;
        }
    }

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)Selectors.Count;
        destination.Slice(1, FixedSize - 1).Clear();
        int offset = FixedSize;
        foreach (TrafficSelector selector in Selectors)
        {
            selector.WriteTo(destination[offset..]);
            offset += selector.Length;
        }
    }

    /// <summary>Parses the body of a TSi (<paramref name="isInitiator"/>) or TSr payload.</summary>
    public static IkeError TryParse(ReadOnlySpan<byte> body, bool isInitiator, out TrafficSelectorPayload? payload)
    {
        payload = null;
        if (body.Length < FixedSize) return IkeError.BadLength;
        int count = body[0];
        if (count == 0) return IkeError.InvalidSyntax;
        var selectors = new List<TrafficSelector>(count);
        ReadOnlySpan<byte> rest = body[FixedSize..];
        while (!rest.IsEmpty)
        {
            if (selectors.Count == count) return IkeError.InvalidSyntax;
            IkeError error = TrafficSelector.TryRead(rest, out TrafficSelector? selector, out int length);
            if (error != IkeError.None) return error;
            selectors.Add(selector!);
            rest = rest[length..];
        }
        if (selectors.Count != count) return IkeError.InvalidSyntax;
        payload = new TrafficSelectorPayload(isInitiator, selectors);
        return IkeError.None;
    }
}
