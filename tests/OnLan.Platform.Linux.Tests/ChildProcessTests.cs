using System.Diagnostics;

namespace OnLan.Platform.Linux.Tests;

public sealed class ChildProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 1", 1)]
    [InlineData("exit 7", 7)]
    public void The_exit_code_of_the_program_comes_back(string script, int code)
    {
        Assert.Equal(code, ChildProcess.Run("sh", ["-c", script], Patience));
    }

    [Fact]
    public void Arguments_and_the_environment_reach_the_program()
    {
        Environment.SetEnvironmentVariable("ONLAN_CHILD_TEST", "seen");
        // Exit 0 only when both the argument with a space and the variable arrived intact.
        Assert.Equal(0, ChildProcess.Run("sh", ["-c", "[ \"$1\" = 'two words' ] && [ \"$ONLAN_CHILD_TEST\" = seen ]", "sh", "two words"], Patience));
    }

    [Fact]
    public void A_program_that_does_not_exist_gives_null()
    {
        Assert.Null(ChildProcess.Run("onlan-no-such-program", [], Patience));
    }

    [Fact]
    public void A_program_past_its_time_is_killed_and_gives_null()
    {
        long start = Stopwatch.GetTimestamp();
        Assert.Null(ChildProcess.Run("sleep", ["30"], TimeSpan.FromMilliseconds(300)));
        Assert.InRange(Stopwatch.GetElapsedTime(start), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_program_ended_by_a_signal_gives_null()
    {
        Assert.Null(ChildProcess.Run("sh", ["-c", "kill -TERM $$"], Patience));
    }
}
