using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using OnLan.Wire;

namespace OnLan.Dhcp;

/// <summary>
/// The configuration handed to a remote PC, as DHCP options: what a DHCPINFORM through the tunnel is answered with,
/// and what the private IKEv2 attribute <see cref="DhcpOptionsAttribute"/> carries in its raw form.
/// </summary>
/// <remarks>
/// <para>Immutable, and valid by construction: the setters refuse (with <see cref="ArgumentException"/>) what could
/// not be encoded — a non-contiguous mask, a domain name with a character DNS labels do not carry. Those are
/// configuration mistakes the configuration parser catches first; untrusted bytes come in through
/// <see cref="TryDecodeRaw"/>, which never throws.</para>
/// <para>Options not set are not sent. RFC 3442 §"DHCP Client Behavior": a client that receives option 121 ignores
/// option 3, so a default route meant for such clients belongs in <see cref="ClasslessRoutes"/> as 0.0.0.0/0.</para>
/// </remarks>
public sealed record DhcpOptionSet
{
    public static DhcpOptionSet Empty { get; } = new();

    /// <summary>
    /// The options this set can hold, in the order <see cref="EncodeRaw"/> writes them: 1, 3, 6, 15, 44, 51, 119,
    /// 121, 249.
    /// </summary>
    public static ReadOnlySpan<byte> Codes =>
    [
        DhcpOptionCode.SubnetMask, DhcpOptionCode.Router, DhcpOptionCode.DomainNameServer, DhcpOptionCode.DomainName,
        DhcpOptionCode.NetbiosNameServer, DhcpOptionCode.LeaseTime, DhcpOptionCode.DomainSearch,
        DhcpOptionCode.ClasslessStaticRoute, DhcpOptionCode.MicrosoftClasslessStaticRoute,
    ];

    /// <summary>Option 1; must be contiguous (a prefix length's mask).</summary>
    public Ipv4Address? SubnetMask
    {
        get;
        init => field = value is { } mask && !IsContiguous(mask)
            ? throw new ArgumentException($"{mask} is not a contiguous subnet mask", nameof(SubnetMask))
            : value;
    }

    /// <summary>Option 3, in order of preference.</summary>
    public ImmutableArray<Ipv4Address> Routers { get; init => field = OrEmpty(value); } = [];

    /// <summary>Option 6, in order of preference.</summary>
    public ImmutableArray<Ipv4Address> DnsServers { get; init => field = OrEmpty(value); } = [];

    /// <summary>Option 15, the client's DNS suffix.</summary>
    public string? DomainName
    {
        get;
        init => field = value is null || DomainNames.IsValid(value)
            ? value
            : throw new ArgumentException($"'{value}' is not a domain name", nameof(DomainName));
    }

    /// <summary>Option 44 (WINS), in order of preference.</summary>
    public ImmutableArray<Ipv4Address> NetbiosServers { get; init => field = OrEmpty(value); } = [];

    /// <summary>Option 119 (RFC 3397), searched in this order.</summary>
    public ImmutableArray<string> DomainSearch
    {
        get;
        init
        {
            value = OrEmpty(value);
            foreach (string name in value)
                if (!DomainNames.IsValid(name))
                    throw new ArgumentException($"'{name}' is not a domain name", nameof(DomainSearch));
            field = value;
        }
    } = [];

    /// <summary>Option 121 (RFC 3442), sent again unchanged as 249 for Windows.</summary>
    public ImmutableArray<ClasslessRoute> ClasslessRoutes { get; init => field = OrEmpty(value); } = [];

    /// <summary>Option 51 in seconds; 0xFFFFFFFF is "infinite" (RFC 2132 §9.2).</summary>
    public uint? LeaseTimeSeconds { get; init; }

    /// <summary>Length of <see cref="ToRaw"/>: every configured option, split where longer than 255, and END.</summary>
    public int RawLength
    {
        get
        {
            int length = 1;
            foreach (byte code in Codes)
                if (EncodeValue(code) is { } value)
                    length += value.Length + 2 * Math.Max(1, (value.Length + 254) / 255);
            return length;
        }
    }

    /// <summary>
    /// Writes the set as an RFC 2132 option sequence — no magic cookie, options in <see cref="Codes"/> order, long
    /// values split per RFC 3396, END last — and returns its length (<see cref="RawLength"/>). A destination shorter
    /// than that is a caller bug: <see cref="ArgumentException"/>.
    /// </summary>
    public int EncodeRaw(Span<byte> destination)
    {
        var writer = new DhcpMessageWriter(destination);
        foreach (byte code in Codes)
            TryAppendTo(ref writer, code);
        if (!writer.TryFinish(out int length))
            throw new ArgumentException($"needs {RawLength} bytes, has {destination.Length}", nameof(destination));
        return length;
    }

    /// <summary>The raw option sequence of <see cref="EncodeRaw"/> in a new array.</summary>
    public byte[] ToRaw()
    {
        var raw = new byte[RawLength];
        EncodeRaw(raw);
        return raw;
    }

    /// <summary>
    /// Appends option <paramref name="code"/> if this set holds it; true also when it does not (nothing to write).
    /// False only when the writer ran out of room.
    /// </summary>
    public bool TryAppendTo(ref DhcpMessageWriter writer, byte code) =>
        EncodeValue(code) is not { } value || writer.TryAppend(code, value);

    /// <summary>True when this set holds option <paramref name="code"/>.</summary>
    public bool Has(byte code) => code switch
    {
        DhcpOptionCode.SubnetMask => SubnetMask is not null,
        DhcpOptionCode.Router => Routers.Length > 0,
        DhcpOptionCode.DomainNameServer => DnsServers.Length > 0,
        DhcpOptionCode.DomainName => DomainName is not null,
        DhcpOptionCode.NetbiosNameServer => NetbiosServers.Length > 0,
        DhcpOptionCode.LeaseTime => LeaseTimeSeconds is not null,
        DhcpOptionCode.DomainSearch => DomainSearch.Length > 0,
        DhcpOptionCode.ClasslessStaticRoute or DhcpOptionCode.MicrosoftClasslessStaticRoute => ClasslessRoutes.Length > 0,
        _ => false,
    };

    // The value of one option (before any RFC 3396 split), or null when not configured. Control plane: a fresh array
    // per call keeps the record free of caches that `with` would copy stale.
    private byte[]? EncodeValue(byte code)
    {
        if (!Has(code)) return null;
        switch (code)
        {
            case DhcpOptionCode.SubnetMask:
                return Addresses([SubnetMask!.Value]);
            case DhcpOptionCode.Router:
                return Addresses(Routers.AsSpan());
            case DhcpOptionCode.DomainNameServer:
                return Addresses(DnsServers.AsSpan());
            case DhcpOptionCode.NetbiosNameServer:
                return Addresses(NetbiosServers.AsSpan());
            case DhcpOptionCode.DomainName:
                return Encoding.ASCII.GetBytes(DomainName!);
            case DhcpOptionCode.LeaseTime:
                var lease = new byte[sizeof(uint)];
                BinaryPrimitives.WriteUInt32BigEndian(lease, LeaseTimeSeconds!.Value);
                return lease;
            case DhcpOptionCode.DomainSearch:
                return DomainNames.EncodeSearchList(DomainSearch);
            default: // 121 and 249
                int length = 0;
                foreach (var route in ClasslessRoutes) length += route.EncodedLength;
                var routes = new byte[length];
                int at = 0;
                foreach (var route in ClasslessRoutes) at += route.WriteTo(routes.AsSpan(at));
                return routes;
        }
    }

    private static byte[] Addresses(ReadOnlySpan<Ipv4Address> addresses)
    {
        var bytes = new byte[addresses.Length * Ipv4Address.Length];
        for (int i = 0; i < addresses.Length; i++)
            addresses[i].WriteTo(bytes.AsSpan(i * Ipv4Address.Length));
        return bytes;
    }

    /// <summary>
    /// Reads an option sequence written by <see cref="EncodeRaw"/> (or anyone else) back into a set. Split options
    /// are joined first (RFC 3396); PAD is skipped; options this set does not hold are ignored, so a later writer may
    /// add some; END is required and only PAD may follow it. 121 and 249 must agree when both are present. Never
    /// throws: on failure <paramref name="options"/> is null and <paramref name="error"/> says why.
    /// </summary>
    public static bool TryDecodeRaw(ReadOnlySpan<byte> raw, out DhcpOptionSet? options, out string error)
    {
        options = null;
        var walk = new DhcpOptionEnumerator(raw);
        // Join the instances of each code in order of appearance (RFC 3396 §5).
        var joined = new Dictionary<byte, List<byte>>();
        while (walk.MoveNext())
        {
            var option = walk.Current;
            if (!joined.TryGetValue(option.Code, out var bytes))
                joined[option.Code] = bytes = [];
            bytes.AddRange(option.Value);
        }
        if (walk.Overran)
        {
            error = "an option's length runs past the end";
            return false;
        }
        if (walk.EndOffset < 0)
        {
            error = "no END option";
            return false;
        }
        if (raw[(walk.EndOffset + 1)..].ContainsAnyExcept(DhcpOptionCode.Pad))
        {
            error = "bytes other than PAD after END";
            return false;
        }

        Ipv4Address? mask = null;
        if (joined.TryGetValue(DhcpOptionCode.SubnetMask, out var maskBytes))
        {
            if (maskBytes.Count != Ipv4Address.Length || !IsContiguous(Ipv4Address.Read(maskBytes.ToArray())))
            {
                error = "option 1: not a 4-octet contiguous subnet mask";
                return false;
            }
            mask = Ipv4Address.Read(maskBytes.ToArray());
        }
        if (!TryReadAddresses(joined, DhcpOptionCode.Router, out var routers, out error) ||
            !TryReadAddresses(joined, DhcpOptionCode.DomainNameServer, out var dns, out error) ||
            !TryReadAddresses(joined, DhcpOptionCode.NetbiosNameServer, out var netbios, out error))
            return false;

        string? domainName = null;
        if (joined.TryGetValue(DhcpOptionCode.DomainName, out var nameBytes))
        {
            // Some servers end option 15 with a NUL; RFC 2132 §3.17 does not, but accepting it costs nothing.
            if (nameBytes.Count > 0 && nameBytes[^1] == 0) nameBytes.RemoveAt(nameBytes.Count - 1);
            domainName = Encoding.ASCII.GetString(nameBytes.ToArray());
            if (nameBytes.Exists(b => b > 0x7F) || !DomainNames.IsValid(domainName))
            {
                error = "option 15: not a domain name";
                return false;
            }
        }

        uint? lease = null;
        if (joined.TryGetValue(DhcpOptionCode.LeaseTime, out var leaseBytes))
        {
            if (leaseBytes.Count != sizeof(uint))
            {
                error = "option 51: not 4 octets";
                return false;
            }
            lease = BinaryPrimitives.ReadUInt32BigEndian(leaseBytes.ToArray());
        }

        var search = new List<string>();
        if (joined.TryGetValue(DhcpOptionCode.DomainSearch, out var searchBytes) &&
            !DomainNames.TryDecodeSearchList(searchBytes.ToArray(), search, out error))
            return false;
        foreach (string name in search)
        {
            if (!DomainNames.IsValid(name))
            {
                error = "option 119: a name longer than 253 characters";
                return false;
            }
        }

        joined.TryGetValue(DhcpOptionCode.ClasslessStaticRoute, out var rfcRoutes);
        joined.TryGetValue(DhcpOptionCode.MicrosoftClasslessStaticRoute, out var microsoftRoutes);
        if (rfcRoutes is not null && microsoftRoutes is not null && !rfcRoutes.SequenceEqual(microsoftRoutes))
        {
            error = "options 121 and 249 differ";
            return false;
        }
        var routes = ImmutableArray.CreateBuilder<ClasslessRoute>();
        if ((rfcRoutes ?? microsoftRoutes) is { } routeList)
        {
            ReadOnlySpan<byte> routeBytes = routeList.ToArray();
            if (routeBytes.Length == 0)
            {
                error = "option 121: empty";
                return false;
            }
            while (routeBytes.Length > 0)
            {
                if (!ClasslessRoute.TryRead(routeBytes, out var route, out int consumed))
                {
                    error = "option 121: a route with a width above 32 or cut short";
                    return false;
                }
                routes.Add(route);
                routeBytes = routeBytes[consumed..];
            }
        }

        options = new DhcpOptionSet
        {
            SubnetMask = mask,
            Routers = routers,
            DnsServers = dns,
            DomainName = domainName,
            NetbiosServers = netbios,
            DomainSearch = [.. search],
            ClasslessRoutes = routes.ToImmutable(),
            LeaseTimeSeconds = lease,
        };
        error = "";
        return true;
    }

    private static bool TryReadAddresses(Dictionary<byte, List<byte>> joined, byte code, out ImmutableArray<Ipv4Address> addresses, out string error)
    {
        addresses = [];
        error = "";
        if (!joined.TryGetValue(code, out var bytes)) return true;
        // RFC 2132: these lists hold at least one address.
        if (bytes.Count == 0 || bytes.Count % Ipv4Address.Length != 0)
        {
            error = $"option {code}: length {bytes.Count} is not a non-zero multiple of 4";
            return false;
        }
        var array = bytes.ToArray();
        var builder = ImmutableArray.CreateBuilder<Ipv4Address>(array.Length / Ipv4Address.Length);
        for (int i = 0; i < array.Length; i += Ipv4Address.Length)
            builder.Add(Ipv4Address.Read(array.AsSpan(i)));
        addresses = builder.MoveToImmutable();
        return true;
    }

    /// <summary>Ones then zeros: the mask of some prefix length.</summary>
    public static bool IsContiguous(Ipv4Address mask)
    {
        uint inverted = ~mask.Value;
        return (inverted & (inverted + 1)) == 0;
    }

    private static ImmutableArray<T> OrEmpty<T>(ImmutableArray<T> value) => value.IsDefault ? [] : value;

    // Value equality over the lists too: a record compares ImmutableArray by its array reference.
    public bool Equals(DhcpOptionSet? other) =>
        other is not null && SubnetMask == other.SubnetMask && Routers.SequenceEqual(other.Routers) &&
        DnsServers.SequenceEqual(other.DnsServers) && DomainName == other.DomainName &&
        NetbiosServers.SequenceEqual(other.NetbiosServers) && DomainSearch.SequenceEqual(other.DomainSearch) &&
        ClasslessRoutes.SequenceEqual(other.ClasslessRoutes) && LeaseTimeSeconds == other.LeaseTimeSeconds;

    public override int GetHashCode() =>
        HashCode.Combine(SubnetMask, Routers.Length, DnsServers.Length, DomainName, NetbiosServers.Length, DomainSearch.Length,
            ClasslessRoutes.Length, LeaseTimeSeconds);
}
