namespace OnLan.Cli.Tests;

public sealed class CompletionTests : IDisposable
{
    private readonly TestConsole _console = new();

    public void Dispose() => _console.Dispose();

    [Fact]
    public void Tab_completes_a_unique_keyword_of_the_schema()
    {
        var session = _console.ConfigurationSession();
        var completion = session.Complete("set v");
        Assert.Equal("pn ", completion.Insert); // what Tab inserts after "set v"
        Assert.Null(completion.Listing);
    }

    [Fact]
    public void Tab_completes_an_abbreviated_operational_command()
    {
        var session = _console.Session();
        Assert.Equal("ow ", session.Complete("sh").Insert);
        Assert.Equal("erfaces ", session.Complete("sh int").Insert);
    }

    [Fact]
    public void Tab_lists_the_choices_when_a_prefix_is_ambiguous()
    {
        var session = _console.Session();
        var completion = session.Complete("show s");
        Assert.Equal("", completion.Insert);
        Assert.NotNull(completion.Listing);
        Assert.Contains("status", completion.Listing);
        Assert.Contains("sessions", completion.Listing);
        Assert.DoesNotContain("interfaces", completion.Listing);
    }

    [Fact]
    public void Tab_extends_an_ambiguous_prefix_to_what_the_choices_share()
    {
        var session = _console.ConfigurationSession();
        // dhcp-option and dpd-interval share only "d"; domain-name and domain-search share "domain-".
        Assert.Equal("main-", session.Complete("set vpn dhcp-option do").Insert);
    }

    [Fact]
    public void Ambiguous_first_word_in_configuration_mode_is_listed_by_Tab_and_refused_when_run()
    {
        var session = _console.ConfigurationSession();
        var completion = session.Complete("s");
        Assert.Contains("set", completion.Listing);
        Assert.Contains("show", completion.Listing);
        string output = session.Refused("s vpn");
        Assert.Contains("'s' is ambiguous", output);
    }

    [Fact]
    public void Question_mark_lists_the_keywords_that_may_follow_with_their_help()
    {
        var session = _console.ConfigurationSession();
        string help = session.Help("set vpn dhcp-option ");
        Assert.StartsWith("Possible completions:\n", help);
        Assert.Matches(@"\n  dns +DNS server\n", help);
        Assert.Matches(@"\n  domain-name +DNS domain of the LAN\n", help);
        Assert.Contains("classless-routes", help);
        Assert.DoesNotContain("<Enter>", help);
    }

    [Fact]
    public void Question_mark_at_a_value_shows_its_placeholder_and_help()
    {
        var session = _console.ConfigurationSession();
        string help = session.Help("set vpn dhcp-option dns ");
        Assert.Matches(@"\n  <a\.b\.c\.d> +DNS server\n", help);
    }

    [Fact]
    public void Question_mark_after_a_complete_statement_offers_enter()
    {
        var session = _console.ConfigurationSession();
        Assert.Contains("<Enter>", session.Help("set vpn dhcp-option dns 198.18.0.11 "));
    }

    [Fact]
    public void Question_mark_filters_by_the_word_being_typed()
    {
        var session = _console.ConfigurationSession();
        string help = session.Help("set vpn l");
        Assert.Contains("local-id", help);
        Assert.Contains("legacy", help);
        Assert.Contains("lifetime", help);
        Assert.DoesNotContain("pool", help);
    }

    [Fact]
    public void Question_mark_after_a_wrong_word_says_what_is_wrong()
    {
        var session = _console.ConfigurationSession();
        Assert.StartsWith("error: unknown word 'vpm'", session.Help("set vpm "));
    }

    [Fact]
    public void Switch_values_complete_as_words()
    {
        var session = _console.ConfigurationSession();
        Assert.Equal("nable ", session.Complete("set vpn legacy modp1024 e").Insert);
        var both = session.Complete("set vpn legacy modp1024 ");
        Assert.Contains("disable", both.Listing);
    }

    [Fact]
    public void Eap_tls_completes_from_the_schema()
    {
        var session = _console.ConfigurationSession();
        Assert.Equal("ap ", session.Complete("set vpn e").Insert);
        Assert.Equal("ls ", session.Complete("set vpn eap t").Insert);
        Assert.Contains("EAP-TLS", session.Help("set vpn eap "));
    }

    [Fact]
    public void Tab_at_a_free_value_shows_the_placeholder()
    {
        var session = _console.ConfigurationSession();
        var completion = session.Complete("set vpn dhcp-option dns ");
        Assert.Equal("", completion.Insert);
        Assert.Contains("<a.b.c.d>", completion.Listing);
    }

    [Fact]
    public void Tag_names_configured_are_offered_for_set_and_delete()
    {
        var session = _console.ConfigurationSession();
        Assert.Equal("alice@example.com ", session.Complete("delete vpn user ").Insert);
        Assert.Contains("<identity>", session.Help("set vpn user "));
        Assert.Contains("alice@example.com", session.Help("set vpn user "));
    }

    [Fact]
    public void Delete_offers_the_configured_values_of_a_leaf()
    {
        var session = _console.ConfigurationSession();
        Assert.Equal("198.18.0.10 ", session.Complete("delete vpn dhcp-option dns ").Insert);
    }

    [Fact]
    public void Clear_session_offers_the_ids_of_the_sessions_up()
    {
        _console.Gateway.SessionList.Add(new SessionReport("c0ffee01", "bob@example.com", "192.0.2.7:4500", "198.18.0.101", "AES-GCM-256", 1, 2, TimeSpan.FromMinutes(3)));
        var session = _console.Session();
        Assert.Equal("c0ffee01 ", session.Complete("clear session ").Insert);
        Assert.Contains("bob@example.com", session.Help("clear session "));
    }

    [Fact]
    public void Run_completes_operational_commands_in_configuration_mode()
    {
        var session = _console.ConfigurationSession();
        Assert.Equal("ssions ", session.Complete("run show se").Insert);
        Assert.Contains("Remote PCs connected", session.Help("run show "));
    }
}
