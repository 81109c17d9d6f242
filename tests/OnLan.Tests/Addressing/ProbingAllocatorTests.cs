using OnLan.Addressing;
using OnLan.Ike;
using OnLan.Ports;
using OnLan.Testing;
using OnLan.Wire;

namespace OnLan.Tests.Addressing;

/// <summary>
/// The address probe (RFC 5227 §2.1.1) between the IKE engine and the pool, on an in-memory LAN port: the engine's
/// request stays pending while the LAN is asked, an address somebody answers for is skipped and remembered.
/// </summary>
public sealed class ProbingAllocatorTests : IDisposable
{
    private static readonly MacAddress GatewayMac = MacAddress.Parse("02:00:00:00:01:01");
    private static readonly MacAddress SquatterMac = MacAddress.Parse("02:00:00:00:01:99");
    private static readonly Ipv4Address First = new(198, 18, 0, 200);
    private static readonly Ipv4Address Second = new(198, 18, 0, 201);
    private static readonly Ipv4Address Third = new(198, 18, 0, 202);

    private readonly LinkPair _links = LinkPair.Create(GatewayMac, SquatterMac);
    private readonly PortHost _lan = new("lan", GatewayMac, new Ipv4Prefix(new Ipv4Address(198, 18, 0, 1), 24), null, 1500);
    private readonly ManualClock _wall = new();
    private readonly AddressPool _pool;
    private readonly ProbingAllocator _allocator;
    private readonly FrameBatch _output = new();
    private TimeSpan _now = TimeSpan.FromSeconds(10);

    public ProbingAllocatorTests()
    {
        _pool = new AddressPool([(First, Third)], [], new AddressPoolOptions(), store: null, _wall.GetUtcNow());
        _allocator = new ProbingAllocator(_pool, _lan, _links.A, wanLink: null, _wall, TimeSpan.FromHours(1));
    }

    public void Dispose() => _links.Dispose();

    [Fact]
    public void A_free_address_is_assigned_after_three_silent_probes()
    {
        Assert.Equal(AddressOutcome.Pending, _allocator.Acquire(1, "alice", out _));

        var (outcome, address, probes) = RunUntilDecided(1, "alice");

        Assert.Equal(AddressOutcome.Assigned, outcome);
        Assert.Equal(First, address);
        Assert.Equal([First, First, First], probes);
        Assert.Equal(LeaseState.Leased, _pool.Snapshot().Single(l => l.Address == First).State);
    }

    [Fact]
    public void An_address_someone_answers_for_is_skipped_and_the_next_one_is_probed()
    {
        _allocator.Acquire(1, "alice", out _);
        Step(); // the first probe for .200 goes out
        // The squatter's answer to a probe (Linux answers unicast, target address 0.0.0.0).
        _lan.Receive(Frames.ArpReply(SquatterMac, First, GatewayMac, Ipv4Address.Any), _now, _output);

        var (outcome, address, probes) = RunUntilDecided(1, "alice");

        Assert.Equal(AddressOutcome.Assigned, outcome);
        Assert.Equal(Second, address);
        Assert.Contains(Second, probes);
        Assert.Equal(1, _allocator.ConflictsFound);

        // Remembered: the next client is not offered the squatter's address again.
        var (_, bobs, bobsProbes) = RunUntilDecided(2, "bob");
        Assert.Equal(Third, bobs);
        Assert.DoesNotContain(First, bobsProbes);
    }

    [Fact]
    public void Another_host_probing_the_same_address_counts_as_a_conflict()
    {
        _allocator.Acquire(1, "alice", out _);
        Step();
        _lan.Receive(Frames.ArpRequest(SquatterMac, Ipv4Address.Any, First, MacAddress.Broadcast), _now, _output);

        var (outcome, address, _) = RunUntilDecided(1, "alice");

        Assert.Equal(AddressOutcome.Assigned, outcome);
        Assert.Equal(Second, address);
    }

    [Fact]
    public void When_every_address_is_in_use_the_request_ends_exhausted()
    {
        foreach (var address in (Ipv4Address[])[First, Second, Third])
            _lan.Receive(Frames.ArpRequest(SquatterMac, address, new Ipv4Address(198, 18, 0, 1)), _now, _output);

        // Their ARP taught the LAN port all three: no probe is needed to know they are in use.
        var (outcome, _, probes) = RunUntilDecided(1, "alice");

        Assert.Equal(AddressOutcome.Exhausted, outcome);
        Assert.Empty(probes);
        Assert.Equal(1, _allocator.ExhaustedCount);
    }

    [Fact]
    public void A_request_cancelled_while_probing_leaves_nothing_leased()
    {
        _allocator.Acquire(1, "alice", out _);
        Step();
        _allocator.Cancel(1);
        for (int i = 0; i < 40; i++) Step();

        Assert.DoesNotContain(_pool.Snapshot(), l => l.State is LeaseState.Leased or LeaseState.Probing);
    }

    [Fact]
    public void An_address_the_authentication_server_assigned_is_probed_and_leased_exactly()
    {
        var (outcome, address, probes) = RunUntilDecided(1, "bob", wanted: Third);

        Assert.Equal(AddressOutcome.Assigned, outcome);
        Assert.Equal(Third, address);
        Assert.Equal([Third, Third, Third], probes);
        Assert.Equal("bob", _pool.Snapshot().Single(l => l.Address == Third).Identity);
    }

    [Fact]
    public void An_assigned_address_someone_answers_for_is_refused_without_trying_another()
    {
        _allocator.AcquireRequested(1, "bob", Second, out _);
        Step();
        _lan.Receive(Frames.ArpReply(SquatterMac, Second, GatewayMac, Ipv4Address.Any), _now, _output);

        var (outcome, _, probes) = RunUntilDecided(1, "bob", wanted: Second);

        Assert.Equal(AddressOutcome.Exhausted, outcome);
        Assert.DoesNotContain(First, probes);
        Assert.DoesNotContain(Third, probes);
        Assert.Equal(0, _allocator.ExhaustedCount); // the pool is not empty: one address was not to be had
    }

    [Fact]
    public void An_assigned_address_outside_the_pool_or_leased_to_another_identity_is_refused()
    {
        Assert.Equal(AddressOutcome.Exhausted, RunUntilDecided(1, "bob", wanted: new Ipv4Address(198, 18, 0, 50)).Outcome);
        Assert.Equal(First, RunUntilDecided(2, "alice").Address);

        var (outcome, _, probes) = RunUntilDecided(3, "bob", wanted: First);

        Assert.Equal(AddressOutcome.Exhausted, outcome);
        Assert.Empty(probes);
        Assert.Equal("alice", _pool.Snapshot().Single(l => l.Address == First).Identity);
    }

    // Polls the LAN side in 50 ms steps and asks as the IKE engine does, until the request is decided (at most 5 s
    // of virtual time); returns the decision and the addresses probed (ARP requests with sender 0.0.0.0) on the way.
    private (AddressOutcome Outcome, Ipv4Address Address, List<Ipv4Address> Probes) RunUntilDecided(ulong request, string identity,
        Ipv4Address? wanted = null)
    {
        var probed = new List<Ipv4Address>();
        var end = _now + TimeSpan.FromSeconds(5);
        while (_now < end)
        {
            var outcome = wanted is { } exactly
                ? _allocator.AcquireRequested(request, identity, exactly, out var address)
                : _allocator.Acquire(request, identity, out address);
            if (outcome != AddressOutcome.Pending) return (outcome, address, probed);
            Step();
            for (int i = 0; i < _output.Count; i++)
            {
                var frame = _output.Frame(i);
                if (EthernetFrame.TryParse(frame, out var ethernet) != WireError.None || ethernet.EtherType != EtherType.Arp) continue;
                if (ArpPacket.TryParse(ethernet.Payload, out var arp) == WireError.None && arp.SenderProtocolAddress.IsAny)
                    probed.Add(arp.TargetProtocolAddress);
            }
        }
        throw new Xunit.Sdk.XunitException($"request {request} still pending after 5 s; probes: {string.Join(", ", probed)}");
    }

    private void Step()
    {
        _now += TimeSpan.FromMilliseconds(50);
        _wall.Advance(TimeSpan.FromMilliseconds(50));
        _output.Clear();
        _allocator.Poll(_now, _output);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan span) => _now += span;
    }
}
