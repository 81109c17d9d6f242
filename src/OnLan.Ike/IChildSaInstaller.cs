namespace OnLan.Ike;

/// <summary>
/// The data plane's side of a Child SA: IKE hands it keys and selectors here and never touches ESP itself
/// (strongSwan's kernel_ipsec_t plays this role). Called on the engine's thread.
/// </summary>
public interface IChildSaInstaller
{
    /// <summary>The SA pair is ready: inbound traffic with <see cref="ChildSaInstallation.InboundSpi"/> may arrive now.</summary>
    void Install(ChildSaInstallation childSa);

    /// <summary>The SA pair is gone (deleted, rekeyed away, or its IKE SA died).</summary>
    void Remove(ChildSaInstallation childSa);
}
