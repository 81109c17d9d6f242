namespace OnLan.ConfigWriter;

/// <summary>
/// The configurations OnLan.ConfigWriter commits in turn: commit sequence n holds variant n % 3. They differ in many
/// lines (pool ranges, users, DNS servers, domain), so a file mixed from two of them is none of them. Compiled into
/// the crash test too, which checks every file it finds against them.
/// </summary>
public static class WriterVariants
{
    private const string Interfaces = """
        set interfaces wan port eth0
        set interfaces wan address 203.0.113.2/24
        set interfaces wan gateway 203.0.113.1
        set interfaces lan port eth1
        set interfaces lan address 198.18.0.1/24
        set vpn local-id vpn.example.com

        """;

    public static IReadOnlyList<string> Texts { get; } =
    [
        Interfaces + Variant(pool: "198.18.0.100-198.18.0.149", dns: ["198.18.0.10", "198.18.0.11"], domain: "office.example.com", users: 12, name: "alice"),
        Interfaces + Variant(pool: "198.18.0.150-198.18.0.199", dns: ["198.18.0.20"], domain: "lab.example.net", users: 7, name: "bob"),
        Interfaces + Variant(pool: "198.18.0.200-198.18.0.250", dns: ["198.18.0.30", "198.18.0.31", "198.18.0.32"], domain: "home.example.org", users: 15, name: "carol"),
    ];

    public static string ForSequence(long sequence) => Texts[(int)(sequence % Texts.Count)];

    private static string Variant(string pool, string[] dns, string domain, int users, string name)
    {
        var lines = new List<string> { $"set vpn pool range {pool}" };
        foreach (var server in dns) lines.Add($"set vpn dhcp-option dns {server}");
        lines.Add($"set vpn dhcp-option domain-name {domain}");
        for (int i = 0; i < users; i++) lines.Add($"set vpn user {name}{i}@{domain} psk secret-{name}-{i}-{domain}");
        return string.Join('\n', lines) + "\n";
    }
}
