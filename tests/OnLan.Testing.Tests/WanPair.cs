namespace OnLan.Testing.Tests;

/// <summary>
/// Two namespaces on one veth cable, the WAN of the interop tests:
/// <code>
///   [client ns]  c-wan 203.0.113.2/24  ---- veth ----  g-wan 203.0.113.1/24  [gateway ns]
/// </code>
/// </summary>
internal sealed class WanPair : IDisposable
{
    public const string ClientAddress = "203.0.113.2";
    public const string GatewayAddress = "203.0.113.1";

    private WanPair(NetworkNamespace client, NetworkNamespace gateway)
    {
        Client = client;
        Gateway = gateway;
    }

    public NetworkNamespace Client { get; }

    public NetworkNamespace Gateway { get; }

    public static WanPair Create()
    {
        NetworkNamespace client = NetworkNamespace.Create("swcl");
        NetworkNamespace? gateway = null;
        try
        {
            gateway = NetworkNamespace.Create("swgw");
            Veth.Connect(client, "c-wan", gateway, "g-wan");
            client.Run($"ip addr add {ClientAddress}/24 dev c-wan").EnsureSuccess("client address");
            gateway.Run($"ip addr add {GatewayAddress}/24 dev g-wan").EnsureSuccess("gateway address");
            return new WanPair(client, gateway);
        }
        catch
        {
            gateway?.Dispose();
            client.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        Gateway.Dispose();
    }
}
