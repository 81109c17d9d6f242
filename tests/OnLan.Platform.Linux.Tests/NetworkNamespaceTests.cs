using OnLan.Testing;

namespace OnLan.Platform.Linux.Tests;

public sealed class NetworkNamespaceTests
{
    [RootFact]
    public void Run_executes_inside_the_namespace_and_dispose_deletes_it()
    {
        string name;
        using (NetworkNamespace space = NetworkNamespace.Create("ns"))
        {
            name = space.Name;
            CommandResult links = space.Run("ip -o link show");
            Assert.Equal(0, links.ExitCode);
            Assert.Contains("lo:", links.StdOut);
            Assert.DoesNotContain("eth0", links.StdOut);
            Assert.Equal(3, space.Run("exit 3").ExitCode);
            space.Start("sleep 60");
        }
        Assert.DoesNotContain(name, Shell.Run("ip", "netns list", TimeSpan.FromSeconds(10)).StdOut);
    }

    [RootFact]
    public void Enter_moves_the_current_thread_in_and_back_out()
    {
        using NetworkNamespace space = NetworkNamespace.Create("enter");
        string outside = File.ResolveLinkTarget("/proc/thread-self/ns/net", false)!.ToString();
        string inside;
        using (space.Enter())
        {
            inside = File.ResolveLinkTarget("/proc/thread-self/ns/net", false)!.ToString();
        }
        Assert.NotEqual(outside, inside);
        Assert.Equal(outside, File.ResolveLinkTarget("/proc/thread-self/ns/net", false)!.ToString());
    }

    [Fact]
    public void Shell_kills_a_command_that_runs_too_long()
    {
        CommandResult result = Shell.Run("sleep", "30", TimeSpan.FromMilliseconds(200));

        Assert.Equal(-1, result.ExitCode);
        Assert.Contains("killed", result.StdErr);
    }
}
