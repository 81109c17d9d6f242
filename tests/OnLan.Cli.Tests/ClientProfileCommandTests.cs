namespace OnLan.Cli.Tests;

/// <summary>`show client-profile …` and `request pki …` reach the gateway with the user; Tab offers the configured users.</summary>
public sealed class ClientProfileCommandTests : IDisposable
{
    private readonly TestConsole _console = new();

    public void Dispose() => _console.Dispose();

    [Theory]
    [InlineData("windows")]
    [InlineData("apple")]
    [InlineData("android")]
    [InlineData("strongswan")]
    public void A_profile_is_asked_of_the_gateway_for_the_named_user(string kind)
    {
        var session = _console.Session();

        Assert.True(session.Execute($"show client-profile {kind} alice@example.com", out string output), output);

        Assert.Equal((kind, "alice@example.com"), Assert.Single(_console.Gateway.ProfilesAsked));
        Assert.Contains($"# {kind} profile for alice@example.com", output);
    }

    [Fact]
    public void An_unknown_user_is_an_error_and_tab_offers_the_configured_users()
    {
        var session = _console.Session();

        Assert.False(session.Execute("show client-profile apple mallory", out string output));
        Assert.StartsWith("error: ", output);
        var completion = session.Complete("show client-profile apple ");
        Assert.Contains("alice@example.com", completion.Insert + completion.Listing);
    }

    [Fact]
    public void Request_pki_client_passes_the_identity()
    {
        var session = _console.Session();

        Assert.True(session.Execute("request pki client alice@example.com", out string output), output);

        Assert.Contains("client alice@example.com issued", output);
    }
}
