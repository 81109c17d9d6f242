namespace OnLan.Board.Tests;

public sealed class SimulatedBoardTests
{
    [Fact]
    public void The_leds_are_drawn_on_one_line_and_redrawn_only_on_change()
    {
        var terminal = new StringWriter();
        var board = new SimulatedBoard(terminal);
        var states = new LedStates(Power: true, Wan: false, Vpn: true, Attention: false);

        board.Show(states);
        board.Show(states);
        Assert.Equal("\r[PWR ●] [WAN ○] [VPN ●] [ATT ○]", terminal.ToString());

        board.Show(states with { Wan = true });
        Assert.Equal("\r[PWR ●] [WAN ○] [VPN ●] [ATT ○]\r[PWR ●] [WAN ●] [VPN ●] [ATT ○]", terminal.ToString());
    }

    [Fact]
    public void Without_overwriting_each_change_is_a_line()
    {
        var terminal = new StringWriter { NewLine = "\n" };
        var board = new SimulatedBoard(terminal, overwriteLine: false);
        board.Show(default);
        board.Show(default);
        board.Show(new LedStates(false, false, false, true));
        Assert.Equal("[PWR ○] [WAN ○] [VPN ○] [ATT ○]\n[PWR ○] [WAN ○] [VPN ○] [ATT ●]\n", terminal.ToString());
    }

    [Fact]
    public void Press_release_and_the_b_key_drive_the_button()
    {
        var board = new SimulatedBoard(TextWriter.Null);
        Assert.Equal(KeyAction.Press, board.Input("press\n"));
        Assert.Equal(KeyAction.Release, board.Input(" release "));
        Assert.Equal(KeyAction.Press, board.Input("b"));
        Assert.Equal(KeyAction.Release, board.Input("b"));
        Assert.Null(board.Input("show vpn"));
    }

    [Fact]
    public void The_simulated_board_runs_the_same_state_machines_on_a_fake_clock()
    {
        var terminal = new StringWriter { NewLine = "\n" };
        var board = new SimulatedBoard(terminal, overwriteLine: false);
        var leds = new StatusLeds();
        var button = new ButtonMonitor();
        var events = new List<ButtonEvent>();
        leds.Starting();
        leds.Serving();
        leds.WanChanged(true, true);

        TimeSpan now = TimeSpan.Zero;
        board.Input("b");
        button.Pressed(now);
        for (; now < TimeSpan.FromSeconds(4); now += StatusLeds.TickInterval)
        {
            leds.Heartbeat(now);
            ButtonEvent e = button.Tick(now);
            if (e == ButtonEvent.HoldPoolReset) leds.Acknowledge(now);
            if (e != ButtonEvent.None) events.Add(e);
            board.Show(leds.Tick(now));
        }
        if (board.Input("b") == KeyAction.Release) events.Add(button.Released(now));

        Assert.Equal([ButtonEvent.HoldPoolReset, ButtonEvent.None], events);
        Assert.Contains("[PWR ●] [WAN ●] [VPN ○] [ATT ●]", terminal.ToString());
    }
}
