namespace OnLan.Testing;

/// <summary>Virtual Ethernet cables between (or within) network namespaces.</summary>
public static class Veth
{
    /// <summary>
    /// Creates the veth pair <paramref name="aName"/> (in <paramref name="a"/>) — <paramref name="bName"/> (in
    /// <paramref name="b"/>; the same namespace when <paramref name="b"/> is <paramref name="a"/>), sets the MTU
    /// on both ends and brings both up. The pair is made inside <paramref name="a"/>, never in the root namespace.
    /// </summary>
    public static void Connect(NetworkNamespace a, string aName, NetworkNamespace b, string bName, int mtu = 1500)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        CheckName(aName);
        CheckName(bName);
        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, 68);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mtu, 65535);
        string peerNamespace = ReferenceEquals(a, b) ? "" : $" netns {b.Name}";
        a.Run($"ip link add {aName} mtu {mtu} type veth peer name {bName} mtu {mtu}{peerNamespace}")
            .EnsureSuccess($"creating veth {aName}/{bName}");
        a.Run($"ip link set {aName} up").EnsureSuccess($"bringing {aName} up");
        b.Run($"ip link set {bName} up").EnsureSuccess($"bringing {bName} up");
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 15 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"'{name}' is not a usable interface name (1-15 of [A-Za-z0-9._-])", nameof(name));
        }
    }
}
