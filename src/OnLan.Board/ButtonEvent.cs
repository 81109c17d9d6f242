namespace OnLan.Board;

/// <summary>What the button asks for. Each fires at most once per press.</summary>
public enum ButtonEvent
{
    None,

    /// <summary>Pressed and released before <see cref="ButtonMonitor.PoolResetHold"/>: nothing destructive.</summary>
    Short,

    /// <summary>Held for <see cref="ButtonMonitor.PoolResetHold"/>, fired while still held: delete every tunnel, free every
    /// lease, withdraw proxy ARP, and <see cref="StatusLeds.Acknowledge"/> so the holder sees it was taken.</summary>
    HoldPoolReset,

    /// <summary>Held for <see cref="ButtonMonitor.FactoryResetHold"/>: back up the configuration, restore the factory
    /// one, restart. Always preceded by <see cref="HoldPoolReset"/> in the same press.</summary>
    HoldFactoryReset,
}
