using OnLan.Wire;

namespace OnLan.Ports;

public enum ArpEntryState : byte
{
    /// <summary>Requests are out; frames for this neighbour wait in the pending queue.</summary>
    Incomplete,
    /// <summary>The MAC is known until <see cref="ArpEntry.ExpiresAt"/>.</summary>
    Reachable,
}

/// <summary>One neighbour in the ARP cache.</summary>
public struct ArpEntry
{
    public ArpEntryState State;
    public MacAddress Mac;
    public TimeSpan ExpiresAt;
    public int RequestsSent;
    public TimeSpan NextRequestAt;
}
