namespace OnLan.Board.Tests;

public sealed class InputEventReaderTests
{
    // What a 64-bit kernel's gpio-keys device gives for one press of KEY_POWER (116 = 0x74) and its release, each
    // followed by EV_SYN/SYN_REPORT: tv_sec 1700000000, tv_usec 123456 / 223456, type, code, value, little-endian.
    private static readonly byte[] PowerPress = Convert.FromHexString(
        "00F1536500000000" + "40E2010000000000" + "0100" + "7400" + "01000000" +
        "00F1536500000000" + "40E2010000000000" + "0000" + "0000" + "00000000");

    private static readonly byte[] PowerRelease = Convert.FromHexString(
        "00F1536500000000" + "E068030000000000" + "0100" + "7400" + "00000000" +
        "00F1536500000000" + "E068030000000000" + "0000" + "0000" + "00000000");

    private static byte[] Event(ushort type, ushort code, int value)
    {
        var bytes = new byte[InputEvent.Size];
        InputEvent.Write(bytes, type, code, value);
        return bytes;
    }

    [Fact]
    public void The_view_reads_type_code_and_value_at_the_64_bit_offsets()
    {
        Assert.True(InputEvent.TryCreate(PowerPress, out InputEvent e));
        Assert.Equal(InputEvent.TypeKey, e.Type);
        Assert.Equal(InputKeyCodes.KeyPower, e.Code);
        Assert.Equal(InputEvent.ValuePress, e.Value);
        Assert.False(InputEvent.TryCreate(PowerPress.AsSpan(0, 23), out _));
    }

    [Fact]
    public void Key_power_press_and_release_become_press_and_release()
    {
        var reader = new InputEventReader(InputKeyCodes.KeyPower);
        var actions = new List<KeyAction>();
        reader.Feed(PowerPress, actions);
        reader.Feed(PowerRelease, actions);
        Assert.Equal([KeyAction.Press, KeyAction.Release], actions);
    }

    [Fact]
    public void Other_keys_other_event_types_and_auto_repeat_are_ignored()
    {
        var reader = new InputEventReader(InputKeyCodes.KeyPower);
        var actions = new List<KeyAction>();
        reader.Feed([
            .. Event(InputEvent.TypeKey, InputKeyCodes.KeyRestart, 1),
            .. Event(4 /* EV_MSC */, 4 /* MSC_SCAN */, 116),
            .. Event(InputEvent.TypeKey, InputKeyCodes.KeyPower, InputEvent.ValuePress),
            .. Event(InputEvent.TypeKey, InputKeyCodes.KeyPower, InputEvent.ValueRepeat),
            .. Event(InputEvent.TypeKey, InputKeyCodes.KeyRestart, 0),
        ], actions);
        Assert.Equal([KeyAction.Press], actions);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(23)]
    [InlineData(25)]
    [InlineData(47)]
    public void Truncated_reads_are_kept_until_the_event_is_whole(int chunk)
    {
        byte[] stream = [.. PowerPress, .. PowerRelease, .. PowerPress];
        var reader = new InputEventReader(InputKeyCodes.KeyPower);
        var actions = new List<KeyAction>();
        for (int offset = 0; offset < stream.Length; offset += chunk)
        {
            reader.Feed(stream.AsSpan(offset, Math.Min(chunk, stream.Length - offset)), actions);
            int whole = Math.Min(offset + chunk, stream.Length) / InputEvent.Size;
            Assert.Equal((whole + 1) / 2, actions.Count);
        }
        Assert.Equal([KeyAction.Press, KeyAction.Release, KeyAction.Press], actions);
    }

    [Fact]
    public void The_stream_reader_reports_actions_and_the_end_of_the_device()
    {
        var device = new MemoryStream([.. PowerPress, .. PowerRelease]);
        var stream = new InputEventStream(device, InputKeyCodes.KeyPower);
        var actions = new List<KeyAction>();
        while (stream.Read(actions)) { }
        Assert.Equal([KeyAction.Press, KeyAction.Release], actions);
    }

    [Theory]
    [InlineData("KEY_POWER", 116)]
    [InlineData("KEY_RESTART", 0x198)]
    [InlineData("BTN_0", 0x100)]
    [InlineData("0x74", 116)]
    [InlineData("116", 116)]
    public void Key_names_and_numbers_parse(string text, int code)
    {
        Assert.True(InputKeyCodes.TryParse(text, out ushort parsed));
        Assert.Equal(code, parsed);
    }

    [Theory]
    [InlineData("KEY_BOGUS")]
    [InlineData("0x300")]
    [InlineData("-1")]
    public void Unknown_keys_do_not_parse(string text) => Assert.False(InputKeyCodes.TryParse(text, out _));
}
