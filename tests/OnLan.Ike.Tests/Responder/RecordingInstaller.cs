namespace OnLan.Ike.Tests.Responder;

/// <summary>The data plane's twin: remembers every Child SA installed and removed, in order.</summary>
public sealed class RecordingInstaller : IChildSaInstaller
{
    public List<ChildSaInstallation> Installed { get; } = [];
    public List<ChildSaInstallation> Removed { get; } = [];

    /// <summary>Installed and not yet removed.</summary>
    public List<ChildSaInstallation> Active => Installed.Where(i => !Removed.Contains(i)).ToList();

    public void Install(ChildSaInstallation childSa) => Installed.Add(childSa);

    public void Remove(ChildSaInstallation childSa)
    {
        Assert.Contains(childSa, Installed);
        Assert.DoesNotContain(childSa, Removed);
        Removed.Add(childSa);
    }
}
