namespace OnLan.Cli.Tests;

/// <summary>RADIUS secrets are secrets like pre-shared keys: never shown, not in the diff, stored in the 0600 file only.</summary>
public sealed class RadiusSecretTests : IDisposable
{
    private const string Secret = "radius-secret-42";
    private readonly TestConsole _console = new();

    public void Dispose() => _console.Dispose();

    [Fact]
    public void A_radius_secret_is_masked_in_the_diff_and_in_show_config_and_kept_in_the_store()
    {
        var session = _console.Session();
        session.Ok("configure");
        session.Ok($"set vpn radius server 198.18.0.11 secret {Secret}");

        string diff = session.Ok("show");
        Assert.Equal("+ set vpn radius server 198.18.0.11 secret ********\n", diff);
        session.Ok("commit");
        session.Ok("exit");

        string shown = session.Ok("show config");
        Assert.DoesNotContain(Secret, shown);
        Assert.Contains("set vpn radius server 198.18.0.11 secret ********\n", shown);
        Assert.Contains($"set vpn radius server 198.18.0.11 secret {Secret}", _console.Store.Load().Statements);
    }
}
