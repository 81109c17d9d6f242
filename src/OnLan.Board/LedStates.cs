namespace OnLan.Board;

/// <summary>The logical state of each LED at one instant (true = lit); active-low is the driver's business.</summary>
public readonly record struct LedStates(bool Power, bool Wan, bool Vpn, bool Attention)
{
    public bool this[Led led] => led switch
    {
        Led.Power => Power,
        Led.Wan => Wan,
        Led.Vpn => Vpn,
        _ => Attention,
    };
}
