namespace OnLan.Configuration;

/// <summary>Checks that hold across statements: what the gateway needs before it may start serving.</summary>
public static class ConfigurationValidator
{
    public static IReadOnlyList<ConfigurationError> Validate(GatewayConfiguration configuration)
    {
        var errors = new List<ConfigurationError>();
        foreach (var role in (ReadOnlySpan<PortRole>)[PortRole.Wan, PortRole.Lan])
        {
            var port = configuration[role];
            string name = role.Keyword();
            if (port.Port is null) errors.Add(Whole($"'set interfaces {name} port <ifname>' is missing"));
            if (port.Address is null) errors.Add(Whole($"'set interfaces {name} address <a.b.c.d/len>' is missing"));
            if (port.Gateway is { } gateway && port.Address is { } address)
            {
                if (!address.Contains(gateway))
                    errors.Add(Whole($"{name} gateway {gateway} is not inside {name} segment {address.Network}/{address.PrefixLength}"));
                else if (gateway == address.Address)
                    errors.Add(Whole($"{name} gateway {gateway} is the gateway's own address"));
            }
        }
        if (configuration.Wan.Port is { } wanPort && wanPort == configuration.Lan.Port)
            errors.Add(Whole($"wan and lan cannot both use interface {wanPort}"));
        if (configuration.Wan.Address is { } wan && configuration.Lan.Address is { } lan &&
            (wan.Contains(lan.Network) || lan.Contains(wan.Network)))
            errors.Add(Whole($"wan segment {wan.Network}/{wan.PrefixLength} and lan segment {lan.Network}/{lan.PrefixLength} overlap"));
        if (configuration.Lan.Gateway is not null)
            errors.Add(Whole("a gateway on the lan port is not supported: the lan is the gateway's own segment"));
        return errors;
    }

    private static ConfigurationError Whole(string message) => new(0, 0, message);
}
