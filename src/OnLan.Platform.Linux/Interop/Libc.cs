namespace OnLan.Platform.Linux.Interop;

/// <summary>
/// Declarations Tmds.LibC 0.5.0 does not have. One file per syscall; everything blittable and source-generated
/// (<c>LibraryImport</c>), so the trimmed NativeAOT binary needs no runtime marshalling.
/// </summary>
internal static partial class Libc
{
    /// <summary>The name every declaration binds to; the runtime maps it to glibc's libc.so.6.</summary>
    internal const string Library = "libc";
}
