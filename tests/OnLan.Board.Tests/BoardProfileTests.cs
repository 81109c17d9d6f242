namespace OnLan.Board.Tests;

public sealed class BoardProfileTests
{
    /// <summary>The repository's board/ directory, found from the test binary's location.</summary>
    private static string BoardRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "board");
                if (File.Exists(Path.Combine(candidate, "sim", BoardProfile.FileName))) return candidate;
            }
            throw new DirectoryNotFoundException("board/ not found above " + AppContext.BaseDirectory);
        }
    }

    private const string Valid = """
        description test board
        wan eth0
        lan eth1
        led power gpiochip0 17 active-high
        button gpio gpiochip0 3 active-low
        console ttyAMA0
        """;

    private static BoardProfileError SingleError(string text)
    {
        var result = BoardProfile.Parse("test", text);
        Assert.False(result.Succeeded);
        Assert.Null(result.Profile);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void The_repository_has_the_five_boards()
    {
        Assert.Equal(["nanopi-r4s", "qemu-virt", "rpi-cm4-dual", "rpi4", "sim"], BoardProfiles.Names(BoardRoot));
    }

    [Theory]
    [InlineData("rpi4")]
    [InlineData("rpi-cm4-dual")]
    [InlineData("nanopi-r4s")]
    [InlineData("qemu-virt")]
    [InlineData("sim")]
    public void Every_board_profile_loads_without_error(string name)
    {
        var result = BoardProfiles.Find(BoardRoot, name);
        Assert.True(result.Succeeded, result.ErrorText);
        BoardProfile profile = result.Profile!;
        Assert.Equal(name, profile.Name);
        Assert.NotEqual("", profile.Description);
        Assert.NotEqual(profile.Wan, profile.Lan);
        Assert.NotNull(profile.Button);
        Assert.Equal(profile.Simulated, profile.Console is null);
    }

    [Fact]
    public void Rpi4_has_its_lan_on_a_usb_adapter_and_the_button_on_the_wake_pin()
    {
        BoardProfile rpi4 = BoardProfiles.Find(BoardRoot, "rpi4").Profile!;
        Assert.Equal(new PortSelector(PortSelectorKind.Name, "eth0"), rpi4.Wan);
        Assert.Equal(new PortSelector(PortSelectorKind.UsbPort, "*"), rpi4.Lan);
        Assert.True(rpi4.Lan.Matches("enx001122334455", "2-1"));
        Assert.False(rpi4.Lan.Matches("eth0", null));
        Assert.Equal(new GpioButtonSource(new GpioLine(0, 3, ActiveLow: true)), rpi4.Button);
        Assert.Equal(new GpioLine(0, 17, ActiveLow: false), rpi4.Leds[Led.Power]);
        Assert.Equal("power, wan, vpn, attention", rpi4.LedSummary);
        Assert.Equal("ttyS1", rpi4.Console);
    }

    [Fact]
    public void Nanopi_r4s_lacks_an_attention_led_and_takes_its_button_from_gpio_keys()
    {
        BoardProfile r4s = BoardProfiles.Find(BoardRoot, "nanopi-r4s").Profile!;
        Assert.Equal("power, wan, vpn (no attention)", r4s.LedSummary);
        Assert.Equal(new GpioLine(1, 1, false), r4s.Leds[Led.Wan]);
        Assert.Equal(new InputEventButtonSource("/dev/input/by-path/platform-gpio-keys-event", InputKeyCodes.KeyRestart), r4s.Button);
    }

    [Fact]
    public void Qemu_virt_keeps_the_power_button_line_out_of_the_leds()
    {
        BoardProfile qemu = BoardProfiles.Find(BoardRoot, "qemu-virt").Profile!;
        Assert.DoesNotContain(qemu.Leds.Values, line => line.Offset == 3);
        Assert.Equal(InputKeyCodes.KeyPower, Assert.IsType<InputEventButtonSource>(qemu.Button).KeyCode);
        Assert.Equal("ttyAMA0", qemu.Console);
    }

    [Fact]
    public void The_simulated_board_has_no_gpio_and_a_terminal_button()
    {
        BoardProfile sim = BoardProfiles.Find(BoardRoot, "sim").Profile!;
        Assert.True(sim.Simulated);
        Assert.Empty(sim.Leds);
        Assert.IsType<TerminalButtonSource>(sim.Button);
        Assert.Equal("wan0", sim.Wan.Pattern);
    }

    [Fact]
    public void An_unknown_board_names_the_known_ones()
    {
        var result = BoardProfiles.Find(BoardRoot, "rpi5");
        string message = Assert.Single(result.Errors).Message;
        Assert.Contains("no board 'rpi5'", message);
        Assert.Contains("nanopi-r4s, qemu-virt, rpi-cm4-dual, rpi4, sim", message);
        Assert.Contains("not a board name", Assert.Single(BoardProfiles.Find(BoardRoot, "../etc").Errors).Message);
    }

    [Fact]
    public void A_valid_profile_parses_with_comments_and_blank_lines()
    {
        var result = BoardProfile.Parse("test", "# a comment\n\n" + Valid + "   # trailing\nled vpn gpiochip2 511 active-low # vpn\n");
        Assert.True(result.Succeeded, result.ErrorText);
        Assert.Equal(new GpioLine(2, 511, true), result.Profile!.Leds[Led.Vpn]);
        Assert.Equal("power, vpn (no wan, attention)", result.Profile.LedSummary);
    }

    [Fact]
    public void An_unknown_chip_is_reported_with_its_line_number()
    {
        var error = SingleError(Valid + "\nled wan gpio0 27 active-high");
        Assert.Equal(7, error.Line);
        Assert.Equal("unknown GPIO chip 'gpio0' (expected gpiochipN, as in /dev/gpiochipN)", error.Message);
        Assert.Equal("board.conf:7: unknown GPIO chip 'gpio0' (expected gpiochipN, as in /dev/gpiochipN)", error.ToString());
    }

    [Fact]
    public void A_line_used_twice_is_reported_with_both_users()
    {
        var error = SingleError(Valid + "\nled attention gpiochip0 17 active-high");
        Assert.Equal(7, error.Line);
        Assert.Equal("duplicate GPIO line: gpiochip0 17 is already used by led power (line 4)", error.Message);

        var button = SingleError(Valid.Replace("gpiochip0 3 active-low", "gpiochip0 17 active-low"));
        Assert.Equal(5, button.Line);
        Assert.Contains("already used by led power (line 4)", button.Message);
    }

    [Fact]
    public void The_same_line_number_on_another_chip_is_fine()
    {
        Assert.True(BoardProfile.Parse("test", Valid + "\nled wan gpiochip1 17 active-high").Succeeded);
    }

    [Fact]
    public void An_led_named_twice_is_reported()
    {
        var error = SingleError(Valid + "\nled power gpiochip0 18 active-high");
        Assert.Equal(7, error.Line);
        Assert.Equal("led power is already defined (line 4)", error.Message);
    }

    [Fact]
    public void A_missing_wan_is_reported()
    {
        var error = SingleError(Valid.Replace("wan eth0\n", ""));
        Assert.Equal(0, error.Line);
        Assert.StartsWith("missing WAN port", error.Message);
    }

    [Fact]
    public void A_missing_lan_is_reported()
    {
        var error = SingleError(Valid.Replace("lan eth1\n", ""));
        Assert.Equal(0, error.Line);
        Assert.StartsWith("missing LAN port", error.Message);
    }

    [Fact]
    public void An_unknown_keyword_is_reported()
    {
        var error = SingleError(Valid + "\n\nbuzzer gpiochip0 5");
        Assert.Equal(8, error.Line);
        Assert.StartsWith("unknown keyword 'buzzer'", error.Message);
    }

    [Theory]
    [InlineData("led wan gpiochip0 17x active-high", "bad line number '17x' (expected 0 to 511)")]
    [InlineData("led wan gpiochip0 512 active-high", "bad line number '512' (expected 0 to 511)")]
    [InlineData("led wan gpiochip0 -1 active-high", "bad line number '-1' (expected 0 to 511)")]
    [InlineData("led wan gpiochipA 1 active-high", "unknown GPIO chip 'gpiochipA' (expected gpiochipN, as in /dev/gpiochipN)")]
    [InlineData("led wan gpiochip0 1 on", "'on': expected active-high or active-low")]
    [InlineData("led wan gpiochip0 1", "'led' takes 4 arguments: led power|wan|vpn|attention gpiochipN LINE active-high|active-low")]
    [InlineData("led disk gpiochip0 1 active-high", "unknown LED 'disk' (expected power, wan, vpn or attention)")]
    [InlineData("wan eth2", "'wan' is given twice (first on line 2)")]
    public void A_bad_statement_is_reported_with_a_clear_message(string statement, string message)
    {
        var error = SingleError(Valid + "\n" + statement);
        Assert.Equal(7, error.Line);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_console_path_is_reported()
    {
        var error = SingleError(Valid.Replace("console ttyAMA0", "console /dev/ttyS0"));
        Assert.Equal(6, error.Line);
        Assert.Equal("'/dev/ttyS0' is not a tty name such as ttyAMA0 or ttyS0 (without /dev/)", error.Message);
    }

    [Theory]
    [InlineData("button input-event /dev/input/event0 KEY_BOGUS", "unknown key 'KEY_BOGUS'")]
    [InlineData("button input-event /tmp/event0 KEY_POWER", "'/tmp/event0' is not an input event device")]
    [InlineData("button gpio gpiochip0 99999 active-low", "bad line number '99999'")]
    [InlineData("button wire 3", "expected 'button gpio gpiochipN LINE")]
    public void A_bad_button_is_reported(string statement, string message)
    {
        var error = SingleError(Valid.Replace("button gpio gpiochip0 3 active-low", statement));
        Assert.Equal(5, error.Line);
        Assert.StartsWith(message, error.Message);
    }

    [Theory]
    [InlineData("lan usb:1-1.2", PortSelectorKind.UsbPort, "1-1.2")]
    [InlineData("lan pci:0000:01:00.0", PortSelectorKind.PciAddress, "0000:01:00.0")]
    [InlineData("lan enx001122334455", PortSelectorKind.Name, "enx001122334455")]
    public void Ports_are_named_by_interface_or_bus_path(string statement, PortSelectorKind kind, string pattern)
    {
        var result = BoardProfile.Parse("test", Valid.Replace("lan eth1", statement));
        Assert.True(result.Succeeded, result.ErrorText);
        Assert.Equal(new PortSelector(kind, pattern), result.Profile!.Lan);
    }

    [Theory]
    [InlineData("lan usb:1-1/2", "'usb:1-1/2' is not a USB port path")]
    [InlineData("lan averyveryverylongname", "'averyveryverylongname' is not an interface name")]
    [InlineData("lan eth0", "the LAN port eth0 is the WAN port too (line 2)")]
    public void A_bad_port_is_reported(string statement, string message)
    {
        var error = SingleError(Valid.Replace("lan eth1", statement));
        Assert.Equal(3, error.Line);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void A_usb_pattern_matches_ports_below_it()
    {
        var selector = PortSelector.TryParse("usb:1-1.*", out _)!;
        Assert.True(selector.Matches("eth1", "1-1.2"));
        Assert.True(selector.Matches("eth1", "1-1.4.1"));
        Assert.False(selector.Matches("eth1", "2-1"));
        Assert.False(selector.Matches("eth1", null));
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_at_once_in_line_order()
    {
        var result = BoardProfile.Parse("test", """
            led power gpiochip0 17 active-high
            led wan gpiochip0 17 active-high
            led vpn chip0 1 active-high
            frobnicate
            """);
        Assert.Equal([0, 0, 2, 3, 4], result.Errors.Select(e => e.Line));
        Assert.Contains("missing WAN", result.ErrorText);
        Assert.Contains("missing LAN", result.ErrorText);
    }

    [Fact]
    public void A_simulated_board_refuses_gpio()
    {
        var error = SingleError("simulated yes\nwan a\nlan b\nled power gpiochip0 1 active-high\n");
        Assert.Equal(4, error.Line);
        Assert.StartsWith("a simulated board has no GPIO", error.Message);
    }

    [Fact]
    public void A_missing_file_is_an_error_not_an_exception()
    {
        var result = BoardProfile.Load(Path.Combine(Path.GetTempPath(), "onlan-no-such-board-" + Guid.NewGuid()));
        Assert.StartsWith("cannot read the board profile", Assert.Single(result.Errors).Message);
    }
}
