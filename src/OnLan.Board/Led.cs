namespace OnLan.Board;

/// <summary>The four status LEDs a board may have. A board without one of them simply leaves it out of its profile.</summary>
public enum Led
{
    /// <summary>Fast blink while starting, heartbeat while serving; still when the main loop stalls.</summary>
    Power,

    /// <summary>On: link and address. Blinking: link, no address. Off: no link.</summary>
    Wan,

    /// <summary>On: at least one tunnel. A short flicker off on traffic. Off: no tunnel.</summary>
    Vpn,

    /// <summary>On while any <see cref="AttentionReason"/> is active; blinks the button's acknowledgement.</summary>
    Attention,
}
