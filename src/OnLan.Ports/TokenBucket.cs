namespace OnLan.Ports;

/// <summary>
/// A rate limit: up to <c>burst</c> events at once, refilled at <c>perSecond</c>. Used for ICMP errors
/// (RFC 1812 §4.3.2.8) so that a flood of bad packets cannot turn the gateway into a reflector.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _perSecond;
    private readonly double _burst;
    private double _tokens;
    private TimeSpan _last;

    public TokenBucket(double perSecond, double burst)
    {
        _perSecond = perSecond;
        _burst = burst;
        _tokens = burst;
    }

    public bool TryTake(TimeSpan now)
    {
        if (now > _last)
        {
            _tokens = Math.Min(_burst, _tokens + (now - _last).TotalSeconds * _perSecond);
            _last = now;
        }
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }
}
