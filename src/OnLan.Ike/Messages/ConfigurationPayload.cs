namespace OnLan.Ike.Messages;

/// <summary>
/// Configuration payload (CP), RFC 7296 §3.15.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C| RESERVED    |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   CFG Type    |                    RESERVED                   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                   Configuration Attributes                    ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The attributes must fill the body exactly. Unknown CFG types are kept (the engine ignores them).
/// </summary>
public sealed record ConfigurationPayload(ConfigurationType CfgType, IReadOnlyList<ConfigurationAttribute> Attributes) : IkePayload
{
    /// <summary>CFG Type and reserved field.</summary>
    public const int FixedSize = 4;

    public override PayloadType Type => PayloadType.Configuration;

    public override int BodyLength
    {
        get
        {
            int length = FixedSize;
            foreach (ConfigurationAttribute attribute in Attributes) length += attribute.Length;
            return length;
        }
    }

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)CfgType;
        destination.Slice(1, FixedSize - 1).Clear();
        int offset = FixedSize;
        foreach (ConfigurationAttribute attribute in Attributes)
        {
            attribute.WriteTo(destination[offset..]);
            offset += attribute.Length;
        }
    }

    /// <summary>Parses the body (the bytes after the generic header).</summary>
    public static IkeError TryParse(ReadOnlySpan<byte> body, out ConfigurationPayload? payload)
    {
        payload = null;
        if (body.Length < FixedSize) return IkeError.BadLength;
        var attributes = new List<ConfigurationAttribute>();
        ReadOnlySpan<byte> rest = body[FixedSize..];
        while (!rest.IsEmpty)
        {
            IkeError error = ConfigurationAttribute.TryRead(rest, out ConfigurationAttribute? attribute, out int length);
            if (error != IkeError.None) return error;
            attributes.Add(attribute!);
            rest = rest[length..];
        }
        payload = new ConfigurationPayload((ConfigurationType)body[0], attributes);
        return IkeError.None;
    }
}
