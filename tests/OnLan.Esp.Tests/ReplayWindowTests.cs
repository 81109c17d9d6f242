namespace OnLan.Esp.Tests;

public class ReplayWindowTests
{
    [Fact]
    public void Sequence_number_zero_is_never_accepted()
    {
        var window = new ReplayWindow();
        Assert.False(window.Check(0));
        Assert.False(window.Update(0));
    }

    [Fact]
    public void The_same_sequence_number_is_accepted_once()
    {
        var window = new ReplayWindow();
        Assert.True(window.Check(7));
        Assert.True(window.Update(7));
        Assert.False(window.Check(7));
        Assert.False(window.Update(7));
    }

    [Fact]
    public void Check_changes_nothing()
    {
        var window = new ReplayWindow();
        for (int i = 0; i < 3; i++) Assert.True(window.Check(100_000));
        Assert.Equal(0u, window.Highest);
        Assert.True(window.Update(1));
    }

    [Fact]
    public void Out_of_order_packets_inside_the_window_are_accepted_once()
    {
        var window = new ReplayWindow();
        Assert.True(window.Update(3000));
        for (uint s = 2999; s > 3000 - ReplayWindow.WindowSize; s -= 7)
        {
            Assert.True(window.Check(s));
            Assert.True(window.Update(s));
            Assert.False(window.Check(s));
        }
        Assert.Equal(3000u, window.Highest);
    }

    [Fact]
    public void Window_edge_is_exactly_WindowSize_behind_the_highest()
    {
        var window = new ReplayWindow();
        uint highest = 10_000;
        Assert.True(window.Update(highest));
        Assert.True(window.Check(highest - ReplayWindow.WindowSize));
        Assert.False(window.Check(highest - ReplayWindow.WindowSize - 1));
        Assert.False(window.Update(highest - ReplayWindow.WindowSize - 1));
        Assert.True(ReplayWindow.WindowSize >= 1024);
    }

    [Fact]
    public void A_big_jump_forgets_the_old_bits_and_accepts_the_new_range()
    {
        var window = new ReplayWindow();
        for (uint s = 1; s <= 5000; s++) Assert.True(window.Update(s));
        uint jump = 5000 + 100 * ReplayWindow.WindowSize;
        Assert.True(window.Update(jump));
        for (uint s = jump - 1; s > jump - ReplayWindow.WindowSize; s--) Assert.True(window.Check(s));
        Assert.False(window.Check(5000));
    }

    [Fact]
    public void The_window_works_up_to_the_last_sequence_number()
    {
        var window = new ReplayWindow();
        Assert.True(window.Update(uint.MaxValue - 5));
        Assert.True(window.Update(uint.MaxValue));
        Assert.True(window.Update(uint.MaxValue - 1));
        Assert.False(window.Check(uint.MaxValue));
        Assert.False(window.Check(uint.MaxValue - 5));
    }
}
