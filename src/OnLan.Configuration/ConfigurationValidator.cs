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
            // With a board profile the port may come from it (its wan/lan lines), found when the gateway starts.
            if (port.Port is null && configuration.System.Board is null)
                errors.Add(Whole($"'set interfaces {name} port <ifname>' is missing (or 'set system board <name>' to take it from the board profile)"));
            if (!port.HasAddress)
                errors.Add(Whole(role == PortRole.Wan
                    ? $"'set interfaces {name} address <a.b.c.d/len>' is missing (or 'set interfaces {name} address dhcp')"
                    : $"'set interfaces {name} address <a.b.c.d/len>' is missing"));
            // The model allows what the statements cannot say; a configuration built in code is checked all the same.
            if (port.AddressFromDhcp && port.Address is not null)
                errors.Add(Whole($"{name} address is both {port.Address} and dhcp"));
            if (port.AddressFromDhcp && role != PortRole.Wan)
                errors.Add(Whole($"an address from dhcp is for the wan port only, not the {name}"));
            // With dhcp a wan gateway needs no segment to fall in here: the lease's segment is known only at run time.
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
        ValidateVpn(configuration, errors);
        ValidateDhcpServer(configuration, errors);
        ValidateNat(configuration, errors);
        return errors;
    }

    private static void ValidateNat(GatewayConfiguration configuration, List<ConfigurationError> errors)
    {
        var nat = configuration.Nat;
        if (nat.Forwards.Count > 0 && !nat.Enabled)
            errors.Add(Whole("'set nat forward …' needs 'set nat lan enable': a forwarded host answers through the translation"));
        var lan = configuration.Lan.Address;
        for (int i = 0; i < nat.Forwards.Count; i++)
        {
            var forward = nat.Forwards[i];
            // The statement refuses these with a column; here for configurations built in code.
            if (NatConfiguration.IsReservedForIke(forward.Protocol, forward.WanPort))
                errors.Add(Whole($"nat forward {forward}: udp {forward.WanPort} is the IKE responder's"));
            for (int j = 0; j < i; j++)
                if (nat.Forwards[j].Protocol == forward.Protocol && nat.Forwards[j].WanPort == forward.WanPort)
                    errors.Add(Whole($"nat forward {forward.Protocol.Keyword()} {forward.WanPort} is forwarded twice ({nat.Forwards[j]}, {forward})"));
            if (lan is not { } segment) continue;
            if (!segment.Contains(forward.LanAddress))
                errors.Add(Whole($"nat forward {forward}: {forward.LanAddress} is not inside the lan segment {segment.Network}/{segment.PrefixLength}"));
            else if (forward.LanAddress == segment.Network || forward.LanAddress == segment.DirectedBroadcast)
                errors.Add(Whole($"nat forward {forward}: {forward.LanAddress} is the lan segment's network or broadcast address"));
            else if (forward.LanAddress == segment.Address)
                errors.Add(Whole($"nat forward {forward}: {forward.LanAddress} is the gateway's own lan address"));
        }
    }

    private static void ValidateDhcpServer(GatewayConfiguration configuration, List<ConfigurationError> errors)
    {
        var server = configuration.DhcpServer;
        if (!server.IsConfigured) return;
        if (!server.IsEnabled)
            errors.Add(Whole("'set service dhcp-server range <first>-<last>' is missing: the dhcp server needs addresses to lease"));
        if (configuration.Lan.Address is not { } lan) return;
        if (server.Router is { } router && !lan.Contains(router))
            errors.Add(Whole($"service dhcp-server router {router} is not inside the lan segment {lan.Network}/{lan.PrefixLength}"));
        for (int i = 0; i < server.Ranges.Count; i++)
        {
            var range = server.Ranges[i];
            if (!lan.Contains(range.First) || !lan.Contains(range.Last))
                errors.Add(Whole($"service dhcp-server range {range} is not inside the lan segment {lan.Network}/{lan.PrefixLength}"));
            else if (range.Contains(lan.Network) || range.Contains(lan.DirectedBroadcast))
                errors.Add(Whole($"service dhcp-server range {range} includes the lan segment's network or broadcast address"));
            else if (range.Contains(lan.Address))
                errors.Add(Whole($"service dhcp-server range {range} includes the gateway's own lan address {lan.Address}"));
            for (int j = 0; j < i; j++)
                if (Overlap(range, server.Ranges[j]))
                    errors.Add(Whole($"service dhcp-server ranges {server.Ranges[j]} and {range} overlap"));
            // Both kinds of client draw from one lease table: an address in both would be the two scopes' at once.
            foreach (var pool in configuration.Vpn.PoolRanges)
                if (Overlap(range, pool))
                    errors.Add(Whole($"'set service dhcp-server range {range}' overlaps 'set vpn pool range {pool}': " +
                        "lan hosts and remote PCs need separate addresses"));
        }
    }

    private static bool Overlap(Ipv4Range a, Ipv4Range b) => a.First.Value <= b.Last.Value && b.First.Value <= a.Last.Value;

    private static void ValidateVpn(GatewayConfiguration configuration, List<ConfigurationError> errors)
    {
        var vpn = configuration.Vpn;
        if (!vpn.IsEnabled) return;
        if (vpn.LocalId is null) errors.Add(Whole("'set vpn local-id <identity>' is missing"));
        if (vpn.PoolRanges.Count == 0 && vpn.PoolDhcpServer is null)
            errors.Add(Whole("'set vpn pool range <first>-<last>' is missing: remote PCs need addresses " +
                "(or lease them from a lan DHCP server: 'set vpn pool source dhcp-server <a.b.c.d>')"));
        if (vpn.Users.Count == 0 && vpn.CaPath is null && !vpn.EapTls && vpn.RadiusServers.Count == 0)
            errors.Add(Whole("no way to authenticate remote PCs: add 'set vpn user <identity> psk <secret>', 'set vpn ca <file>', " +
                "'set vpn eap tls enable' or 'set vpn radius server <address> secret <secret>'"));
        foreach (var radius in vpn.RadiusServers)
            if (radius.Secret is null)
                errors.Add(Whole($"'set vpn radius server {radius.Address} secret <secret>' is missing: RADIUS needs the shared secret"));
        if (vpn.CaPath is not null && vpn.CertificatePath is null)
            errors.Add(Whole("client certificates need the gateway's own: 'set vpn certificate <cert-file> <key-file>'"));
        if (configuration.Lan.Address is not { } lan) return;
        if (vpn.PoolDhcpServer is { } dhcpServer)
        {
            // The lan has no router of its own (see Validate), so the server must be on the segment.
            if (!lan.Contains(dhcpServer))
                errors.Add(Whole($"pool dhcp-server {dhcpServer} is not inside the lan segment {lan.Network}/{lan.PrefixLength}"));
            else if (dhcpServer == lan.Address)
                errors.Add(Whole($"pool dhcp-server {dhcpServer} is the gateway's own lan address"));
        }
        // RADIUS traffic goes out of the lan port only, and the lan has no router of its own: the servers are on the segment.
        foreach (var radius in vpn.RadiusServers)
        {
            if (!lan.Contains(radius.Address))
                errors.Add(Whole($"radius server {radius.Address} is not inside the lan segment {lan.Network}/{lan.PrefixLength}"));
            else if (radius.Address == lan.Address)
                errors.Add(Whole($"radius server {radius.Address} is the gateway's own lan address"));
        }
        // A remote PC sits on the lan segment (its address is one of it): a router it is given must be on-link there.
        foreach (var router in vpn.Routers)
            if (!lan.Contains(router))
                errors.Add(Whole($"dhcp-option router {router} is not inside the lan segment {lan.Network}/{lan.PrefixLength}"));
        foreach (var route in vpn.ClasslessRoutes)
            if (route.NextHop is { } hop && !lan.Contains(hop))
                errors.Add(Whole($"dhcp-option classless-routes {route.Destination} next-hop {hop} is not inside the lan segment {lan.Network}/{lan.PrefixLength}"));
        for (int i = 0; i < vpn.PoolRanges.Count; i++)
        {
            var range = vpn.PoolRanges[i];
            if (!lan.Contains(range.First) || !lan.Contains(range.Last))
                errors.Add(Whole($"pool range {range} is not inside the lan segment {lan.Network}/{lan.PrefixLength}"));
            else if (range.Contains(lan.Network) || range.Contains(lan.DirectedBroadcast))
                errors.Add(Whole($"pool range {range} includes the lan segment's network or broadcast address"));
            else if (range.Contains(lan.Address))
                errors.Add(Whole($"pool range {range} includes the gateway's own lan address {lan.Address}"));
            for (int j = 0; j < i; j++)
            {
                var other = vpn.PoolRanges[j];
                if (range.First.Value <= other.Last.Value && other.First.Value <= range.Last.Value)
                    errors.Add(Whole($"pool ranges {other} and {range} overlap"));
            }
        }
    }

    private static ConfigurationError Whole(string message) => new(0, 0, message);
}
