using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using OnLan.Testing.StrongSwan;
using Xunit.Abstractions;

namespace OnLan.Testing.Tests;

/// <summary>
/// Proves <see cref="StrongSwanPeer"/> against a strongSwan gateway (<see cref="StrongSwanResponder"/>) until
/// our own gateway's IKE can stand in:
/// <code>
///   [swcl ns] charon initiator            [swgw ns] charon responder, pool 198.18.0.200-220, DNS 198.18.0.53
///   c-wan 203.0.113.2/24  --- veth ---  g-wan 203.0.113.1/24    (lo: 198.18.0.1, reached through the tunnel)
/// </code>
/// Each test checks afterwards that its namespaces, charon processes and temp directories are gone.
/// </summary>
public sealed partial class StrongSwanPeerTests(ITestOutputHelper output)
{
    private const string Psk = "onlan-interop-psk-0123456789";
    private static readonly TimeSpan InitiateTimeout = TimeSpan.FromSeconds(20);
    private static readonly IPAddress PoolNetwork = IPAddress.Parse("198.18.0.0");

    [RootFact]
    public void Initiator_gets_a_pool_address_and_dns_from_a_psk_gateway_then_terminates()
    {
        Leftovers leftovers = new();
        using (WanPair wan = WanPair.Create())
        {
            leftovers.Track(wan);
            using StrongSwanResponder gateway = StartGateway(wan, leftovers, new() { LocalAddress = WanPair.GatewayAddress, PreSharedKey = Psk });

            Stopwatch clock = Stopwatch.StartNew();
            using StrongSwanPeer client = StrongSwanPeer.Start(wan.Client, PskConnection());
            TimeSpan started = clock.Elapsed;
            leftovers.Track(client);
            CommandResult initiate = client.Initiate(InitiateTimeout);
            TimeSpan initiated = clock.Elapsed;
            output.WriteLine($"start {started.TotalMilliseconds:0} ms, initiate {(initiated - started).TotalMilliseconds:0} ms, start + initiate {initiated.TotalMilliseconds:0} ms");

            Assert.True(initiate.Succeeded, Explain("initiate", initiate, client, gateway));
            string sas = client.ListSas();
            output.WriteLine(sas);
            Assert.Matches(@"(?m)^gw: #\d+, ESTABLISHED, IKEv2", sas);
            Assert.Matches(@"(?m)^\s+net: #\d+, reqid \d+, INSTALLED, TUNNEL-in-UDP", sas);

            string? vip = client.VirtualIp;
            Assert.NotNull(vip);
            Assert.True(IPAddress.TryParse(vip, out IPAddress? address) && InSlash24(address, PoolNetwork), $"virtual IP {vip} is not in 198.18.0.0/24");
            Assert.Contains("198.18.0.53", client.ReceivedDnsServers);
            Assert.Contains("processing INTERNAL_IP4_ADDRESS attribute", client.Log);
            Assert.Contains("processing INTERNAL_IP4_DNS attribute", client.Log);
            Assert.Contains($"installing new virtual IP {vip}", client.Log);

            // ESP works both ways: ping an address on the gateway that is only reachable through the tunnel.
            wan.Gateway.Run("ip addr add 198.18.0.1/32 dev lo").EnsureSuccess("gateway inner address");
            CommandResult ping = wan.Client.Run("ping -c 2 -i 0.2 -W 2 198.18.0.1");
            Assert.True(ping.Succeeded, $"ping through the tunnel: {ping.StdOut} {ping.StdErr}\n{client.ListSas()}");
            Assert.Matches(@"in\s+\S+,\s+\d+ bytes,\s+[1-9]\d* packets", client.ListSas());

            CommandResult terminate = client.Terminate(TimeSpan.FromSeconds(10));
            Assert.True(terminate.Succeeded, Explain("terminate", terminate, client, gateway));
            Assert.DoesNotContain("ESTABLISHED", client.ListSas());
            Assert.Null(client.VirtualIp);
            Assert.Empty(client.ReceivedDnsServers);
            Assert.True(gateway.WaitForLog("IKE_SA deleted", TimeSpan.FromSeconds(5)), gateway.Log);
            Assert.DoesNotContain("ESTABLISHED", gateway.ListSas());
        }
        leftovers.AssertGone();
    }

    [RootFact]
    public void Initiator_authenticates_with_rsa_certificates()
    {
        EstablishWithCertificates(TestKeyType.Rsa2048, "RSA");
    }

    [RootFact]
    public void Initiator_authenticates_with_ecdsa_certificates()
    {
        EstablishWithCertificates(TestKeyType.EcdsaP256, "ECDSA");
    }

    [RootFact]
    public void Initiator_negotiates_the_explicit_proposal_aes256_sha1_modp2048()
    {
        Leftovers leftovers = new();
        using (WanPair wan = WanPair.Create())
        {
            leftovers.Track(wan);
            using StrongSwanResponder gateway = StartGateway(wan, leftovers, new() { LocalAddress = WanPair.GatewayAddress, PreSharedKey = Psk });
            using StrongSwanPeer client = StrongSwanPeer.Start(wan.Client, PskConnection() with
            {
                IkeProposals = "aes256-sha1-modp2048",
                EspProposals = "aes256-sha1",
            });
            leftovers.Track(client);

            CommandResult initiate = client.Initiate(InitiateTimeout);
            Assert.True(initiate.Succeeded, Explain("initiate", initiate, client, gateway));
            string sas = client.ListSas();
            output.WriteLine(sas);
            Assert.Contains("AES_CBC-256/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048", sas);
            Assert.Contains("ESP:AES_CBC-256/HMAC_SHA1_96", sas);
            Assert.Contains("selected proposal: IKE:AES_CBC_256/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048", client.Log);
        }
        leftovers.AssertGone();
    }

    [RootFact]
    public void Gateway_refuses_a_client_certificate_from_another_ca()
    {
        Leftovers leftovers = new();
        string pkiDirectory = Path.Combine(Path.GetTempPath(), $"onlan-pki-{Environment.ProcessId}-refuse");
        try
        {
            TestPki pki = TestPki.Create(pkiDirectory, TestKeyType.EcdsaP256);
            using (WanPair wan = WanPair.Create())
            {
                leftovers.Track(wan);
                using StrongSwanResponder gateway = StartGateway(wan, leftovers, CertificateGateway(pki));
                using StrongSwanPeer client = StrongSwanPeer.Start(wan.Client, CertificateConnection(pki) with
                {
                    CertificatePath = pki.OtherClientCertificatePath,
                    KeyPath = pki.OtherClientKeyPath,
                });
                leftovers.Track(client);

                CommandResult initiate = client.Initiate(InitiateTimeout);
                Assert.False(initiate.Succeeded, "a certificate from an untrusted CA was accepted");
                Assert.Contains("AUTHENTICATION_FAILED", client.Log);
                Assert.DoesNotContain("ESTABLISHED", client.ListSas());
                Assert.Null(client.VirtualIp);
            }
            leftovers.AssertGone();
        }
        finally
        {
            Directory.Delete(pkiDirectory, recursive: true);
        }
    }

    [RootFact]
    public void Disposing_the_initiator_deletes_its_sa_on_the_gateway()
    {
        Leftovers leftovers = new();
        using (WanPair wan = WanPair.Create())
        {
            leftovers.Track(wan);
            using StrongSwanResponder gateway = StartGateway(wan, leftovers, new() { LocalAddress = WanPair.GatewayAddress, PreSharedKey = Psk });
            using (StrongSwanPeer client = StrongSwanPeer.Start(wan.Client, PskConnection()))
            {
                leftovers.Track(client);
                CommandResult initiate = client.Initiate(InitiateTimeout);
                Assert.True(initiate.Succeeded, Explain("initiate", initiate, client, gateway));
                Assert.Contains("ESTABLISHED", gateway.ListSas());
            }
            Assert.True(gateway.WaitForLog("received DELETE for IKE_SA", TimeSpan.FromSeconds(5)), gateway.Log);
            Assert.DoesNotContain("ESTABLISHED", gateway.ListSas());
        }
        leftovers.AssertGone();
    }

    [RootFact]
    public void Initiate_against_a_silent_gateway_gives_up_within_its_timeout()
    {
        Leftovers leftovers = new();
        using (WanPair wan = WanPair.Create())
        {
            leftovers.Track(wan);
            using StrongSwanPeer client = StrongSwanPeer.Start(wan.Client, PskConnection());
            leftovers.Track(client);

            Stopwatch clock = Stopwatch.StartNew();
            CommandResult initiate = client.Initiate(TimeSpan.FromSeconds(3));
            TimeSpan took = clock.Elapsed;
            output.WriteLine($"exit {initiate.ExitCode} after {took.TotalMilliseconds:0} ms: {initiate.StdOut.Trim()} {initiate.StdErr.Trim()}");
            Assert.False(initiate.Succeeded);
            Assert.InRange(took, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(9));
            Assert.Contains("retransmit 1 of request", client.Log);
            Assert.DoesNotContain("ESTABLISHED", client.ListSas());
        }
        leftovers.AssertGone();
    }

    [RootFact]
    public void Start_and_initiate_time_is_measured_over_five_rounds()
    {
        Leftovers leftovers = new();
        List<double> starts = [], initiates = [];
        using (WanPair wan = WanPair.Create())
        {
            leftovers.Track(wan);
            using StrongSwanResponder gateway = StartGateway(wan, leftovers, new() { LocalAddress = WanPair.GatewayAddress, PreSharedKey = Psk });
            for (int round = 0; round < 5; round++)
            {
                Stopwatch clock = Stopwatch.StartNew();
                using StrongSwanPeer client = StrongSwanPeer.Start(wan.Client, PskConnection());
                leftovers.Track(client);
                starts.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                CommandResult initiate = client.Initiate(InitiateTimeout);
                initiates.Add(clock.Elapsed.TotalMilliseconds);
                Assert.True(initiate.Succeeded, Explain("initiate", initiate, client, gateway));
            }
        }
        leftovers.AssertGone();
        output.WriteLine($"start ms: {string.Join(", ", starts.Select(s => s.ToString("0")))}; initiate ms: {string.Join(", ", initiates.Select(s => s.ToString("0")))}");
        Assert.True(starts.Max() < 10_000 && initiates.Max() < 10_000, "start or initiate took more than 10 s");
    }

    private void EstablishWithCertificates(TestKeyType keyType, string expectedAuthentication)
    {
        Leftovers leftovers = new();
        string pkiDirectory = Path.Combine(Path.GetTempPath(), $"onlan-pki-{Environment.ProcessId}-{keyType}");
        try
        {
            Stopwatch pkiClock = Stopwatch.StartNew();
            TestPki pki = TestPki.Create(pkiDirectory, keyType);
            output.WriteLine($"{keyType} PKI made in {pkiClock.Elapsed.TotalMilliseconds:0} ms");
            using (WanPair wan = WanPair.Create())
            {
                leftovers.Track(wan);
                using StrongSwanResponder gateway = StartGateway(wan, leftovers, CertificateGateway(pki));
                using StrongSwanPeer client = StrongSwanPeer.Start(wan.Client, CertificateConnection(pki));
                leftovers.Track(client);

                CommandResult initiate = client.Initiate(InitiateTimeout);
                Assert.True(initiate.Succeeded, Explain("initiate", initiate, client, gateway));
                string sas = client.ListSas();
                output.WriteLine(sas);
                Assert.Matches(@"(?m)^gw: #\d+, ESTABLISHED, IKEv2", sas);
                Assert.Matches(@"(?m)^\s+net: #\d+, reqid \d+, INSTALLED", sas);
                Match authentication = Regex.Match(client.Log, $@"authentication of 'gw\.onlan\.test' with {expectedAuthentication}\S* successful");
                Assert.True(authentication.Success, client.Log);
                output.WriteLine(authentication.Value);
                Assert.Contains("CN=OnLan Test CA", client.Log);
                Assert.True(IPAddress.TryParse(client.VirtualIp, out IPAddress? address) && InSlash24(address, PoolNetwork));
                Assert.Contains("198.18.0.53", client.ReceivedDnsServers);

                Assert.True(client.Terminate(TimeSpan.FromSeconds(10)).Succeeded);
                Assert.DoesNotContain("ESTABLISHED", client.ListSas());
            }
            leftovers.AssertGone();
        }
        finally
        {
            Directory.Delete(pkiDirectory, recursive: true);
        }
    }

    private static StrongSwanResponder StartGateway(WanPair wan, Leftovers leftovers, StrongSwanResponderSettings settings)
    {
        StrongSwanResponder gateway = StrongSwanResponder.Start(wan.Gateway, settings);
        leftovers.Track(gateway);
        return gateway;
    }

    private static StrongSwanConnection PskConnection() => new()
    {
        LocalAddress = WanPair.ClientAddress,
        RemoteAddress = WanPair.GatewayAddress,
        PreSharedKey = Psk,
    };

    private static StrongSwanConnection CertificateConnection(TestPki pki) => new()
    {
        LocalAddress = WanPair.ClientAddress,
        RemoteAddress = WanPair.GatewayAddress,
        LocalId = pki.ClientIdentity,
        RemoteId = pki.GatewayName,
        CertificatePath = pki.ClientCertificatePath,
        KeyPath = pki.ClientKeyPath,
        CaCertificatePath = pki.CaCertificatePath,
    };

    private static StrongSwanResponderSettings CertificateGateway(TestPki pki) => new()
    {
        LocalAddress = WanPair.GatewayAddress,
        LocalId = pki.GatewayName,
        CertificatePath = pki.ServerCertificatePath,
        KeyPath = pki.ServerKeyPath,
        CaCertificatePath = pki.CaCertificatePath,
    };

    private static bool InSlash24(IPAddress address, IPAddress network)
    {
        byte[] a = address.GetAddressBytes(), n = network.GetAddressBytes();
        return a.Length == 4 && a[0] == n[0] && a[1] == n[1] && a[2] == n[2];
    }

    private static string Explain(string what, CommandResult result, StrongSwanPeer client, StrongSwanResponder gateway) =>
        $"{what}: exit {result.ExitCode}\n{result.StdOut}\n{result.StdErr}\n--- client log ---\n{Tail(client.Log)}\n--- gateway log ---\n{Tail(gateway.Log)}";

    private static string Tail(string log) => log.Length <= 6000 ? log : "..." + log[^6000..];

    /// <summary>What a test started, checked gone after disposal: namespaces, charon processes, temp directories.</summary>
    private sealed class Leftovers
    {
        private readonly List<string> _namespaces = [];
        private readonly List<int> _pids = [];
        private readonly List<string> _directories = [];

        public void Track(WanPair wan) => _namespaces.AddRange([wan.Client.Name, wan.Gateway.Name]);

        public void Track(StrongSwanPeer peer)
        {
            _pids.Add(peer.ProcessId);
            _directories.Add(peer.Directory);
        }

        public void Track(StrongSwanResponder responder)
        {
            _pids.Add(responder.ProcessId);
            _directories.Add(responder.Directory);
        }

        public void AssertGone()
        {
            string namespaces = Shell.Run("ip", ["netns", "list"], TimeSpan.FromSeconds(10)).StdOut;
            foreach (string name in _namespaces) Assert.DoesNotMatch($@"(?m)^{Regex.Escape(name)}\b", namespaces);
            foreach (int pid in _pids)
            {
                string comm = File.Exists($"/proc/{pid}/comm") ? File.ReadAllText($"/proc/{pid}/comm").Trim() : "";
                Assert.NotEqual("charon", comm);
            }
            foreach (string directory in _directories) Assert.False(Directory.Exists(directory), $"{directory} was left behind");
        }
    }
}
