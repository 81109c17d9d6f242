using System.Security.Cryptography;
using OnLan.Configuration;
using OnLan.Ike;
using OnLan.Ike.Eap;

namespace OnLan.Vpn;

/// <summary>
/// User name and password login for the built-in clients: EAP-MSCHAPv2 against `set vpn user &lt;name&gt; password`.
/// The configuration holds the passwords' NT hashes only (`password` is stored as `nt-hash`).
/// </summary>
public static class EapLogin
{
    /// <summary>A factory of EAP servers for the engine, or null when no user has a password.</summary>
    public static Func<IEapServer>? For(VpnConfiguration vpn)
    {
        var hashes = vpn.Users.Where(u => u.Value.NtHash is not null)
            .ToDictionary(u => u.Key, u => Convert.FromHexString(u.Value.NtHash!), StringComparer.Ordinal);
        if (hashes.Count == 0) return null;
        return () => new MsChapV2EapServer(new EapMsChapV2Server(name => hashes.GetValueOrDefault(name), () => RandomNumberGenerator.GetBytes(16)));
    }

    private sealed class MsChapV2EapServer(EapMsChapV2Server server) : IEapServer
    {
        private byte[] _last = [];

        public byte[] Start() => _last = server.Start();

        // A response the server does not take (a retransmission) gets the last request again.
        public byte[] Receive(ReadOnlySpan<byte> response) => _last = server.Receive(response) ?? _last;

        public bool Succeeded => server.State == EapMsChapV2State.Succeeded;
        public bool Failed => server.State == EapMsChapV2State.Failed;
        public string? Identity => server.UserName ?? server.Identity;
        public byte[]? Msk => server.Msk;
    }
}
