namespace OnLan.Dhcp;

/// <summary>One option instance: its code and its value (the length octet is the value's length).</summary>
/// <remarks>A ref struct because the value is a slice of the caller's buffer; it lives no longer than that buffer.</remarks>
public readonly ref struct DhcpOption(byte code, ReadOnlySpan<byte> value)
{
    public byte Code { get; } = code;
    public ReadOnlySpan<byte> Value { get; } = value;

    public void Deconstruct(out byte code, out ReadOnlySpan<byte> value)
    {
        code = Code;
        value = Value;
    }
}
