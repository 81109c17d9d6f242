using OnLan.Dhcp;
using OnLan.Wire;

namespace OnLan.Dhcp.Tests;

public class DhcpMessageTests
{
    [Fact]
    public void Windows_inform_is_read_field_by_field()
    {
        byte[] bytes = Requests.WindowsInform();

        Assert.Equal(DhcpError.None, DhcpMessage.TryParse(bytes, out var message));
        Assert.Equal(DhcpOperation.BootRequest, message.Operation);
        Assert.Equal(1, message.HardwareType);
        Assert.Equal(6, message.HardwareAddressLength);
        Assert.Equal(Requests.Xid, message.TransactionId);
        Assert.False(message.IsBroadcast);
        Assert.Equal(Requests.Leased, message.ClientAddress);
        Assert.Equal(Ipv4Address.Any, message.YourAddress);
        Assert.Equal(Requests.Mac, message.ClientHardwareAddress.ToArray());
        Assert.Equal(16, message.ClientHardwareAddressField.Length);
        Assert.Equal(DhcpMessageType.Inform, message.MessageType);
        Assert.Equal(Requests.WindowsParameterRequestList, message.ParameterRequestList.ToArray());
        Assert.Equal([1, .. Requests.Mac], message.ClientIdentifier.ToArray());
        Assert.Equal("LAPTOP"u8.ToArray(), message.HostName.ToArray());
        Assert.Null(message.RequestedAddress);
        Assert.Null(message.ServerIdentifier);
    }

    [Fact]
    public void Options_are_enumerated_in_order_without_pad_and_end()
    {
        byte[] bytes = Requests.WindowsInform();
        // Put PADs where the option-53 instance was, to show they are stepped over.
        int at = DhcpMessage.OptionsOffset;
        bytes[at] = 0; bytes[at + 1] = 0; bytes[at + 2] = 0;
        Assert.Equal(DhcpError.None, DhcpMessage.TryParse(bytes, out var message));

        var codes = new List<byte>();
        foreach (var (code, _) in message.EnumerateOptions()) codes.Add(code);

        Assert.Equal([61, 12, 60, 55], codes);
        Assert.Equal(DhcpMessageType.None, message.MessageType);
    }

    [Fact]
    public void Every_truncation_of_the_inform_is_refused_without_throwing()
    {
        byte[] bytes = Requests.WindowsInform();

        for (int length = 0; length < bytes.Length; length++)
        {
            var error = DhcpMessage.TryParse(bytes.AsSpan(0, length), out _);
            Assert.True(error != DhcpError.None, $"a message cut to {length} bytes was accepted");
            if (length < DhcpMessage.OptionsOffset)
                Assert.Equal(DhcpError.Truncated, error);
            else
                Assert.Contains(error, (DhcpError[])[DhcpError.OptionOverrun, DhcpError.MissingEnd]);
        }
    }

    [Fact]
    public void Padding_after_end_is_accepted_and_ignored()
    {
        byte[] bytes = [.. Requests.WindowsInform(), .. new byte[60]];

        Assert.Equal(DhcpError.None, DhcpMessage.TryParse(bytes, out var message));
        Assert.Equal(bytes.Length, message.Bytes.Length);
        Assert.Equal(Requests.WindowsInform().Length - 1 - DhcpMessage.OptionsOffset, message.Options.Length);
    }

    [Theory]
    [InlineData(0, 3, DhcpError.BadOperation)]
    [InlineData(2, 17, DhcpError.BadHardwareAddressLength)]
    [InlineData(236, 98, DhcpError.BadMagicCookie)]
    public void Bad_header_field_is_refused_with_its_error(int offset, byte value, DhcpError expected)
    {
        byte[] bytes = Requests.WindowsInform();
        bytes[offset] = value;

        Assert.Equal(expected, DhcpMessage.TryParse(bytes, out _));
    }

    [Fact]
    public void Option_length_past_the_end_is_an_overrun()
    {
        byte[] bytes = Requests.WindowsInform();
        bytes[DhcpMessage.OptionsOffset + 3 + 1] = 200; // client identifier claims 200 bytes

        Assert.Equal(DhcpError.OptionOverrun, DhcpMessage.TryParse(bytes, out _));
    }

    [Fact]
    public void Message_without_end_is_refused()
    {
        byte[] bytes = Requests.WindowsInform();
        bytes[^1] = 0; // END becomes PAD

        Assert.Equal(DhcpError.MissingEnd, DhcpMessage.TryParse(bytes, out _));
    }

    [Fact]
    public void Writer_output_parses_back_to_the_same_fields()
    {
        var buffer = new byte[400];
        var writer = new DhcpMessageWriter(buffer);
        Assert.True(writer.TryWriteHeader(DhcpOperation.BootReply, 0xDEADBEEF, DhcpMessage.BroadcastFlag, Requests.Leased,
            Ipv4Address.Parse("198.18.0.201"), Ipv4Address.Parse("198.18.0.2"), Ipv4Address.Parse("198.18.0.3"), 1, Requests.Mac));
        Assert.True(writer.TryAppend(DhcpOptionCode.MessageType, (byte)DhcpMessageType.Ack));
        Assert.True(writer.TryAppend(DhcpOptionCode.ServerIdentifier, Requests.Server));
        Assert.True(writer.TryAppend(DhcpOptionCode.LeaseTime, 3600u));
        Assert.True(writer.TryFinish(out int length));
        Assert.Equal(240 + 3 + 6 + 6 + 1, length);

        Assert.Equal(DhcpError.None, DhcpMessage.TryParse(buffer.AsSpan(0, length), out var message));
        Assert.Equal(DhcpOperation.BootReply, message.Operation);
        Assert.Equal(0xDEADBEEFu, message.TransactionId);
        Assert.True(message.IsBroadcast);
        Assert.Equal(Requests.Leased, message.ClientAddress);
        Assert.Equal(Ipv4Address.Parse("198.18.0.201"), message.YourAddress);
        Assert.Equal(Ipv4Address.Parse("198.18.0.2"), message.ServerAddress);
        Assert.Equal(Ipv4Address.Parse("198.18.0.3"), message.RelayAgentAddress);
        Assert.Equal(Requests.Mac, message.ClientHardwareAddress.ToArray());
        Assert.Equal(DhcpMessageType.Ack, message.MessageType);
        Assert.Equal(Requests.Server, message.ServerIdentifier);
        Assert.True(message.TryGetOption(DhcpOptionCode.LeaseTime, out var lease));
        Assert.Equal([0, 0, 0x0E, 0x10], lease.ToArray());
    }

    [Fact]
    public void Value_longer_than_255_is_split_into_consecutive_instances()
    {
        // RFC 3396 §7: 600 bytes go out as 255 + 255 + 90, same code, in order.
        byte[] value = new byte[600];
        for (int i = 0; i < value.Length; i++) value[i] = (byte)i;
        var buffer = new byte[700];
        var writer = new DhcpMessageWriter(buffer);

        Assert.True(writer.TryAppend(DhcpOptionCode.DomainSearch, value));
        Assert.True(writer.TryFinish(out int length));

        Assert.Equal(600 + 3 * 2 + 1, length);
        Assert.Equal([119, 255], buffer[..2]);
        Assert.Equal([119, 255], buffer[257..259]);
        Assert.Equal([119, 90], buffer[514..516]);
        Assert.Equal(255, buffer[length - 1]);
        var joined = new List<byte>();
        var sizes = new List<int>();
        foreach (var (code, part) in new DhcpOptionEnumerator(buffer.AsSpan(0, length)))
        {
            Assert.Equal(DhcpOptionCode.DomainSearch, code);
            sizes.Add(part.Length);
            joined.AddRange(part.ToArray());
        }
        Assert.Equal([255, 255, 90], sizes);
        Assert.Equal(value, joined);
    }

    [Fact]
    public void Value_of_exactly_255_is_one_instance_and_empty_value_is_one_of_length_zero()
    {
        var buffer = new byte[300];
        var writer = new DhcpMessageWriter(buffer);

        Assert.True(writer.TryAppend(43, new byte[255]));
        Assert.True(writer.TryAppend(80, ReadOnlySpan<byte>.Empty));
        Assert.True(writer.TryFinish(out int length));

        Assert.Equal(2 + 255 + 2 + 1, length);
        Assert.Equal([80, 0, 255], buffer[257..260]);
    }

    [Fact]
    public void Writer_out_of_room_fails_without_throwing_and_keeps_room_for_end()
    {
        var buffer = new byte[10];
        var writer = new DhcpMessageWriter(buffer);

        Assert.False(writer.TryWriteHeader(DhcpOperation.BootReply, 1, 0, default, default, default, default, 1, Requests.Mac));
        Assert.True(writer.Failed);
        Assert.False(writer.TryFinish(out _));

        writer = new DhcpMessageWriter(buffer);
        Assert.True(writer.TryAppend(1, new byte[7]));   // 9 bytes: END still fits
        Assert.False(writer.TryAppend(3, new byte[0]));  // 2 more would leave no room for END
        Assert.False(writer.TryFinish(out _));
    }

    [Fact]
    public void Pad_and_end_cannot_be_appended_as_options()
    {
        var writer = new DhcpMessageWriter(new byte[10]);

        Assert.False(writer.TryAppend(DhcpOptionCode.End, [1]));
    }
}
