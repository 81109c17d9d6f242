namespace OnLan.Configuration.Tests;

/// <summary>The shipped factory configurations are valid: what the button restores must start.</summary>
public sealed class FactoryConfigurationTests
{
    public static TheoryData<string> Files()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Firmware.sln"))) root = root.Parent;
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(root!.FullName, "board"), "factory.conf", SearchOption.AllDirectories))
            data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_factory_configuration_parses_and_validates_on_its_board(string file)
    {
        // The generic one is applied over the running board (the button keeps `set system board`).
        var start = GatewayConfiguration.Empty with { System = new SystemConfiguration { Board = "rpi4" } };

        var parsed = ConfigurationParser.Parse(File.ReadAllText(file), start);

        Assert.True(parsed.Success, $"{file}: {string.Join("; ", parsed.Errors)}");
        Assert.True(parsed.Configuration!.Nat.Enabled, $"{file}: NAT is on in the shipped configuration");
    }
}
