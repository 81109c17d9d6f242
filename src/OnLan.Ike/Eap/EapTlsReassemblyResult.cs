namespace OnLan.Ike.Eap;

/// <summary>What <see cref="EapTlsReassembly.Add"/> made of a fragment.</summary>
internal enum EapTlsReassemblyResult
{
    /// <summary>More fragments follow: acknowledge this one.</summary>
    NeedMore,
    Complete,
    /// <summary>Over the cap, or lengths that disagree: end the authentication.</summary>
    Refused,
}
