namespace OnLan.Configuration;

/// <summary>The gateway's two Ethernet ports.</summary>
public enum PortRole
{
    Wan,
    Lan,
}

public static class PortRoleNames
{
    /// <summary>The word the configuration and the logs use: "wan" or "lan".</summary>
    public static string Keyword(this PortRole role) => role == PortRole.Wan ? "wan" : "lan";
}
