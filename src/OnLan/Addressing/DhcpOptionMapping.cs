using OnLan.Configuration;
using OnLan.Dhcp;
using OnLan.Ike.Messages;
using OnLan.Wire;

namespace OnLan.Addressing;

/// <summary>
/// The DHCP options a remote PC gets, from <c>set vpn dhcp-option …</c> with the defaults a LAN host would see:
/// the LAN segment's mask, the gateway's LAN address as router and as next hop of each route, the IKE SA lifetime as
/// lease time. Split networks become classless routes (121/249) too, so a Windows client that learns its routes
/// by DHCPINFORM reaches them through the tunnel.
/// </summary>
public static class DhcpOptionMapping
{
    public static DhcpOptionSet From(VpnConfiguration vpn, Ipv4Prefix lanSegment)
    {
        var gateway = lanSegment.Address;
        var routes = vpn.ClasslessRoutes.Select(r => new ClasslessRoute(r.Destination, r.NextHop ?? gateway))
            .Concat(vpn.SplitNetworks.Where(n => !vpn.ClasslessRoutes.Any(r => r.Destination == n)).Select(n => new ClasslessRoute(n, gateway)));
        return new DhcpOptionSet
        {
            SubnetMask = vpn.SubnetMask ?? lanSegment.NetMask,
            Routers = vpn.Routers.Count > 0 ? [.. vpn.Routers] : [gateway],
            DnsServers = [.. vpn.DnsServers],
            DomainName = vpn.DomainName,
            NetbiosServers = [.. vpn.NetbiosServers],
            DomainSearch = [.. vpn.DomainSearch],
            ClasslessRoutes = [.. routes],
            LeaseTimeSeconds = (uint)(vpn.LeaseTimeSeconds ?? vpn.LifetimeSeconds),
        };
    }

    /// <summary>The whole set, RFC 2132-encoded, in the private CP attribute (see <see cref="DhcpOptionsAttribute"/>).</summary>
    public static ConfigurationAttribute PrivateAttribute(DhcpOptionSet options) =>
        new((ConfigurationAttributeType)DhcpOptionsAttribute.PrivateCpAttributeType, options.ToRaw());
}
