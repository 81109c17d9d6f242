using OnLan.Ike.Messages;

namespace OnLan.Ike.Responder;

/// <summary>What the responder does with bytes it cannot use (style habit 6: one policy, in one place).</summary>
public enum BadInputAction
{
    /// <summary>Count and forget: unauthenticated garbage must not cost state or an answer.</summary>
    DropAndCount,
    /// <summary>An unprotected notify (rate-limited, no state kept): only for IKE_SA_INIT requests.</summary>
    AnswerUnprotected,
    /// <summary>An authenticated peer sent nonsense: answer INVALID_SYNTAX inside the SA and delete it.</summary>
    DeleteSa,
}

public static class BadInputPolicy
{
    /// <summary>
    /// Maps a parse error to the action. <paramref name="authenticated"/>: the bytes passed the SA's integrity
    /// check (so a peer we know sent them). <paramref name="initRequest"/>: an IKE_SA_INIT request (no SA yet).
    /// </summary>
    public static BadInputAction Classify(IkeError error, bool authenticated, bool initRequest) => error switch
    {
        IkeError.None => throw new ArgumentOutOfRangeException(nameof(error)),
        // Integrity failures are the signature of forgery or corruption: never an answer, never a state change.
        IkeError.IntegrityCheckFailed or IkeError.BadPadding => BadInputAction.DropAndCount,
        // RFC 7296 §2.5: an unknown critical payload is answered with UNSUPPORTED_CRITICAL_PAYLOAD.
        IkeError.UnsupportedCriticalPayload when authenticated => BadInputAction.DeleteSa,
        IkeError.UnsupportedCriticalPayload when initRequest => BadInputAction.AnswerUnprotected,
        _ when authenticated => BadInputAction.DeleteSa,
        _ => BadInputAction.DropAndCount,
    };

    public static IkeDrop DropReason(IkeError error) => error switch
    {
        IkeError.Truncated => IkeDrop.Truncated,
        IkeError.UnsupportedVersion => IkeDrop.UnsupportedVersion,
        IkeError.BadLength => IkeDrop.BadLength,
        IkeError.UnsupportedCriticalPayload => IkeDrop.UnsupportedCriticalPayload,
        IkeError.IntegrityCheckFailed => IkeDrop.IntegrityCheckFailed,
        IkeError.BadPadding => IkeDrop.BadPadding,
        _ => IkeDrop.InvalidSyntax,
    };
}
