using OnLan.Ike.Responder;
using OnLan.Wire;

namespace OnLan.Ike.Tests.Responder;

/// <summary>Repeated failures are refused at once for a while, per identity and per source; the table stays bounded.</summary>
public sealed class AuthenticationThrottleTests
{
    private static readonly Ipv4Address Here = new(203, 0, 113, 10), There = new(203, 0, 113, 11);

    [Fact]
    public void Five_failures_block_the_identity_and_the_address_for_a_minute()
    {
        var throttle = new AuthenticationThrottle();
        var now = TimeSpan.FromSeconds(100);
        for (int i = 0; i < AuthenticationThrottle.Limit; i++)
        {
            Assert.False(throttle.IsBlocked("mallory", Here, now));
            throttle.Failed("mallory", Here, now);
            now += TimeSpan.FromSeconds(1);
        }

        Assert.True(throttle.IsBlocked("mallory", There, now));   // the identity, from anywhere
        Assert.True(throttle.IsBlocked("alice", Here, now));      // the address, for anyone
        Assert.False(throttle.IsBlocked("alice", There, now));
        Assert.False(throttle.IsBlocked("mallory", There, now + AuthenticationThrottle.Window));
        Assert.Equal(2, throttle.Refused);
    }

    [Fact]
    public void Failures_far_apart_never_block_and_the_table_stays_bounded()
    {
        var throttle = new AuthenticationThrottle();
        for (int i = 0; i < 20; i++) throttle.Failed("slow", Here, TimeSpan.FromMinutes(2 * i));
        Assert.False(throttle.IsBlocked("slow", There, TimeSpan.FromMinutes(40)));

        for (int i = 0; i < AuthenticationThrottle.Capacity * 2; i++) throttle.Failed($"user{i}", new Ipv4Address((uint)i + 1), TimeSpan.FromSeconds(i));
        // Still works, still bounded: the newest names are remembered, the oldest made room.
        for (int i = 0; i < AuthenticationThrottle.Limit; i++) throttle.Failed("late", There, TimeSpan.FromHours(10));
        Assert.True(throttle.IsBlocked("late", Here, TimeSpan.FromHours(10)));
    }
}
