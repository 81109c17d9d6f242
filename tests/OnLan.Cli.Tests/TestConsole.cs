using Microsoft.Extensions.Time.Testing;
using OnLan.Cli.Storage;
using OnLan.Configuration;

namespace OnLan.Cli.Tests;

/// <summary>A gateway with a known configuration, its store in a temporary directory, a fake clock, and sessions on them.</summary>
internal sealed class TestConsole : IDisposable
{
    public const string RunningText = """
        set interfaces wan port eth0
        set interfaces wan address 203.0.113.2/24
        set interfaces wan gateway 203.0.113.1
        set interfaces lan port eth1
        set interfaces lan address 198.18.0.1/24
        set vpn local-id vpn.example.com
        set vpn pool range 198.18.0.100-198.18.0.149
        set vpn dhcp-option dns 198.18.0.10
        set vpn user alice@example.com psk alice-secret-1

        """;

    public const string AliceSecret = "alice-secret-1";

    private readonly TemporaryDirectory _directory = new();

    public TestConsole()
    {
        var parsed = ConfigurationParser.Parse(RunningText);
        Assert.True(parsed.Success, string.Join("; ", parsed.Errors));
        Gateway = new FakeGateway(parsed.Configuration!);
        Store = new ConfigurationStore(_directory.File("onlan.conf"));
        Commits = new CommitCoordinator(Gateway, Store, Time);
        Commits.Notice += Notices.Add;
    }

    public FakeGateway Gateway { get; }
    public ConfigurationStore Store { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 5, 1, 12, 0, 0, TimeSpan.Zero));
    public CommitCoordinator Commits { get; }
    public List<string> Notices { get; } = [];

    public string RunningStatements => ConfigurationWriter.Write(Gateway.Running);

    public CliSession Session() => CliSession.ForScript(Commits);

    public CliSession ConfigurationSession()
    {
        var session = Session();
        Assert.True(session.Execute("configure", out _));
        return session;
    }

    public void Dispose()
    {
        Commits.Dispose();
        _directory.Dispose();
    }
}

internal static class SessionExtensions
{
    /// <summary>Runs a line that must succeed; returns its output.</summary>
    public static string Ok(this CliSession session, string line)
    {
        bool succeeded = session.Execute(line, out string output);
        Assert.True(succeeded, $"'{line}' failed: {output}");
        Assert.DoesNotContain("error:", output);
        return output;
    }

    /// <summary>Runs a line that must fail; returns its output, which starts with "error: ".</summary>
    public static string Refused(this CliSession session, string line)
    {
        bool succeeded = session.Execute(line, out string output);
        Assert.False(succeeded, $"'{line}' succeeded: {output}");
        Assert.StartsWith("error: ", output);
        return output;
    }

    public static string CandidateText(this CliSession session) => ConfigurationWriter.Write(session.Candidate!);
}
