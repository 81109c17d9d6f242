using OnLan.Dhcp;
using OnLan.Wire;

namespace OnLan.Dhcp.Tests;

public class DhcpOptionSetTests
{
    private static readonly Ipv4Address Router = Ipv4Address.Parse("198.18.0.1");

    public static DhcpOptionSet Full { get; } = new()
    {
        SubnetMask = Ipv4Address.Parse("255.255.255.0"),
        Routers = [Router, Ipv4Address.Parse("198.18.0.2")],
        DnsServers = [Ipv4Address.Parse("198.18.0.53"), Ipv4Address.Parse("198.18.0.54")],
        DomainName = "office.onlan.test",
        NetbiosServers = [Ipv4Address.Parse("198.18.0.44")],
        DomainSearch = ["office.onlan.test", "lab.onlan.test", "example.org"],
        ClasslessRoutes =
        [
            new(Ipv4Prefix.TryParse("10.0.0.0/8", out var a) ? a : default, Router),
            new(Ipv4Prefix.TryParse("192.0.2.128/25", out var b) ? b : default, Ipv4Address.Parse("198.18.0.9")),
        ],
        LeaseTimeSeconds = 14400,
    };

    // RFC 3442 §"Classless Route Option Format": subnet number → significant octets.
    [Theory]
    [InlineData("0.0.0.0/0", "00")]
    [InlineData("10.0.0.0/8", "08 0a")]
    [InlineData("10.17.0.0/16", "10 0a 11")]
    [InlineData("10.27.129.0/24", "18 0a 1b 81")]
    [InlineData("10.229.0.128/25", "19 0a e5 00 80")]
    [InlineData("10.198.122.47/32", "20 0a c6 7a 2f")]
    public void Classless_route_destination_is_encoded_as_rfc_3442_shows(string destination, string expected)
    {
        Assert.True(Ipv4Prefix.TryParse(destination, out var prefix));
        var options = new DhcpOptionSet { ClasslessRoutes = [new ClasslessRoute(prefix, Router)] };

        byte[] raw = options.ToRaw();

        byte[] value = [.. Hex(expected), 198, 18, 0, 1];
        Assert.Equal([121, (byte)value.Length, .. value, 249, (byte)value.Length, .. value, 255], raw);
    }

    [Fact]
    public void Domain_search_list_is_encoded_as_in_rfc_3397()
    {
        // RFC 3397 §4: "eng.apple.com." and "marketing.apple.com.", the second pointing at "apple" (offset 4).
        var options = new DhcpOptionSet { DomainSearch = ["eng.apple.com", "marketing.apple.com"] };

        byte[] raw = options.ToRaw();

        byte[] expected =
        [
            119, 27,
            3, (byte)'e', (byte)'n', (byte)'g', 5, (byte)'a', (byte)'p', (byte)'p', (byte)'l', (byte)'e', 3, (byte)'c', (byte)'o', (byte)'m', 0,
            9, (byte)'m', (byte)'a', (byte)'r', (byte)'k', (byte)'e', (byte)'t', (byte)'i', (byte)'n', (byte)'g', 0xC0, 0x04,
            255,
        ];
        Assert.Equal(expected, raw);
    }

    [Fact]
    public void Long_domain_search_list_is_split_and_reads_back()
    {
        var names = Enumerable.Range(0, 40).Select(i => $"site{i}.branch{i}.onlan.test").ToArray();
        var options = new DhcpOptionSet { DomainSearch = [.. names] };

        byte[] raw = options.ToRaw();

        Assert.True(raw.Length > 300);
        Assert.Equal(raw.Length, options.RawLength);
        int instances = 0;
        foreach (var (code, value) in new DhcpOptionEnumerator(raw))
        {
            Assert.Equal(DhcpOptionCode.DomainSearch, code);
            instances++;
        }
        Assert.True(instances >= 2);
        Assert.True(DhcpOptionSet.TryDecodeRaw(raw, out var back, out string error), error);
        Assert.Equal(names, back!.DomainSearch);
    }

    [Fact]
    public void Empty_set_is_just_end()
    {
        Assert.Equal([255], DhcpOptionSet.Empty.ToRaw());
    }

    [Fact]
    public void Raw_form_is_the_options_in_code_order_with_no_cookie()
    {
        byte[] raw = Full.ToRaw();

        var codes = new List<byte>();
        foreach (var (code, _) in new DhcpOptionEnumerator(raw)) codes.Add(code);
        Assert.Equal([1, 3, 6, 15, 44, 51, 119, 121, 249], codes);
        Assert.Equal(255, raw[^1]);
        Assert.Equal([1, 4, 255, 255, 255, 0], raw[..6]);
        Assert.Equal(raw.Length, Full.RawLength);
    }

    public static TheoryData<string> SingleOptions => new() { "mask", "routers", "dns", "domain", "netbios", "search", "routes", "lease", "full" };

    [Theory]
    [MemberData(nameof(SingleOptions))]
    public void Every_option_reads_back_to_the_same_set(string which)
    {
        var options = which switch
        {
            "mask" => new DhcpOptionSet { SubnetMask = Full.SubnetMask },
            "routers" => new DhcpOptionSet { Routers = Full.Routers },
            "dns" => new DhcpOptionSet { DnsServers = Full.DnsServers },
            "domain" => new DhcpOptionSet { DomainName = Full.DomainName },
            "netbios" => new DhcpOptionSet { NetbiosServers = Full.NetbiosServers },
            "search" => new DhcpOptionSet { DomainSearch = Full.DomainSearch },
            "routes" => new DhcpOptionSet { ClasslessRoutes = Full.ClasslessRoutes },
            "lease" => new DhcpOptionSet { LeaseTimeSeconds = Full.LeaseTimeSeconds },
            _ => Full,
        };

        Assert.True(DhcpOptionSet.TryDecodeRaw(options.ToRaw(), out var back, out string error), error);

        Assert.Equal(options, back);
        Assert.NotEqual(DhcpOptionSet.Empty, back);
    }

    [Fact]
    public void Route_destination_keeps_only_its_network()
    {
        Assert.True(Ipv4Prefix.TryParse("10.1.2.3/8", out var prefix));

        var route = new ClasslessRoute(prefix, Router);

        Assert.Equal(Ipv4Address.Parse("10.0.0.0"), route.Destination.Address);
    }

    [Theory]
    [InlineData("01 04 ff ff ff 00", "no END")]
    [InlineData("01 08 ff ff ff 00 ff", "runs past the end")]
    [InlineData("01 04 ff 00 ff 00 ff", "option 1")]
    [InlineData("01 03 ff ff ff ff", "option 1")]
    [InlineData("06 05 01 02 03 04 05 ff", "option 6")]
    [InlineData("03 00 ff", "option 3")]
    [InlineData("33 02 00 01 ff", "option 51")]
    [InlineData("0f 03 61 2e 2e ff", "option 15")]
    [InlineData("77 02 c0 00 ff", "does not point backwards")]
    [InlineData("77 03 01 61 00 77 02 c0 05 ff", "does not point backwards")]
    [InlineData("77 04 01 61 c0 00 ff", "longer than 255")]
    [InlineData("77 04 02 61 2e 00 ff", "octet 0x2e")]
    [InlineData("77 01 00 ff", "empty name")]
    [InlineData("77 02 01 61 ff", "runs past the end")]
    [InlineData("77 02 41 61 ff", "label type")]
    [InlineData("77 01 c0 ff", "cut short")]
    [InlineData("77 03 01 61 00 ff 01", "after END")]
    [InlineData("77 fe 20 61 ff", "runs past the end")]
    [InlineData("79 05 21 0a 0b 0c 0d ff", "width above 32")]
    [InlineData("79 04 08 0a 01 02 ff", "cut short")]
    [InlineData("79 00 ff", "option 121")]
    [InlineData("79 05 00 01 02 03 04 f9 05 00 01 02 03 05 ff", "121 and 249 differ")]
    public void Bad_raw_options_are_refused_with_a_reason(string raw, string reason)
    {
        Assert.False(DhcpOptionSet.TryDecodeRaw(Hex(raw), out var options, out string error));

        Assert.Null(options);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Microsoft_routes_alone_are_read_and_unknown_options_ignored()
    {
        Assert.True(DhcpOptionSet.TryDecodeRaw(Hex("2b 02 01 02 f9 05 00 01 02 03 04 ff"), out var options, out string error), error);

        var route = Assert.Single(options!.ClasslessRoutes);
        Assert.Equal(0, route.Destination.PrefixLength);
        Assert.Equal(Ipv4Address.Parse("1.2.3.4"), route.Router);
    }

    [Fact]
    public void Invalid_values_cannot_be_put_into_a_set()
    {
        Assert.Throws<ArgumentException>(() => new DhcpOptionSet { SubnetMask = Ipv4Address.Parse("255.0.255.0") });
        Assert.Throws<ArgumentException>(() => new DhcpOptionSet { DomainName = "bad..name" });
        Assert.Throws<ArgumentException>(() => new DhcpOptionSet { DomainSearch = ["ok.test", "not ok"] });
    }

    [Fact]
    public void Sets_with_equal_lists_are_equal()
    {
        var copy = Full with { Routers = [.. Full.Routers] };

        Assert.Equal(Full, copy);
        Assert.NotEqual(Full, Full with { DnsServers = [.. Full.DnsServers.Reverse()] });
    }

    [Theory]
    [InlineData("77 03 01 61 00 ff 00 00")]
    public void Pad_after_end_is_accepted(string raw)
    {
        Assert.True(DhcpOptionSet.TryDecodeRaw(Hex(raw), out var options, out string error), error);
        Assert.Equal(["a"], options!.DomainSearch.ToArray());
    }

    private static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", ""));
}
