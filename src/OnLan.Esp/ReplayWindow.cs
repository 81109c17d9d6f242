namespace OnLan.Esp;

/// <summary>
/// The receiver's anti-replay window of RFC 4303 §3.4.3 as a ring of 64-bit blocks (RFC 6479), after
/// wireguard-go's <c>replay/replay.go</c>. 32-bit sequence numbers only (no ESN): 0 is never valid.
/// </summary>
/// <remarks>
/// Two steps, because the window may only move for authenticated packets: <see cref="Check"/> before the ICV is
/// verified (cheap rejection, no state change), <see cref="Update"/> after. Moving forward clears whole blocks,
/// so the cost does not depend on how far the window jumps. Not thread-safe: one receiving thread per SA.
/// </remarks>
public sealed class ReplayWindow
{
    private const int BlockBitLog = 6;                    // 64 bits per block
    private const int BlockBits = 1 << BlockBitLog;
    private const int RingBlocks = 1 << 5;                // 32 blocks = 2048 bits of ring
    private const int BlockMask = RingBlocks - 1;
    private const int BitMask = BlockBits - 1;

    /// <summary>
    /// How far below the highest sequence number seen a packet is still accepted: the ring minus the block being
    /// filled, 1984 (RFC 4303 asks for at least 32, RFC 6479 suggests ≥ 1024 for fast links).
    /// </summary>
    public const uint WindowSize = (RingBlocks - 1) * BlockBits;

    private readonly ulong[] _ring = new ulong[RingBlocks];
    private uint _last;

    /// <summary>The highest sequence number accepted so far (0 before the first).</summary>
    public uint Highest => _last;

    /// <summary>Would <paramref name="sequence"/> be accepted? Changes nothing: call before verifying the ICV.</summary>
    public bool Check(uint sequence)
    {
        if (sequence == 0) return false;
        if (sequence > _last) return true;
        if (_last - sequence > WindowSize) return false;
        return (_ring[(sequence >> BlockBitLog) & BlockMask] & (1UL << (int)(sequence & BitMask))) == 0;
    }

    /// <summary>
    /// Records <paramref name="sequence"/> as received, moving the window forward when it is the highest yet.
    /// Call only after the ICV verified. Returns false (and changes nothing) for a replay or a packet too old,
    /// which can only happen if the same sequence number passed <see cref="Check"/> twice before either update.
    /// </summary>
    public bool Update(uint sequence)
    {
        if (sequence == 0) return false;
        uint indexBlock = sequence >> BlockBitLog;
        if (sequence > _last)
        {
            uint current = _last >> BlockBitLog;
            uint diff = indexBlock - current;
            if (diff > RingBlocks) diff = RingBlocks;
            for (uint i = current + 1; i <= current + diff; i++)
                _ring[i & BlockMask] = 0;
            _last = sequence;
        }
        else if (_last - sequence > WindowSize)
        {
            return false;
        }
        ref ulong block = ref _ring[indexBlock & BlockMask];
        ulong bit = 1UL << (int)(sequence & BitMask);
        if ((block & bit) != 0) return false;
        block |= bit;
        return true;
    }
}
