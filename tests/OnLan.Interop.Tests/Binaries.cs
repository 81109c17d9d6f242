namespace OnLan.Interop.Tests;

/// <summary>Where `make aot` put the published binaries (out/&lt;rid&gt;/onlan at the repository's top).</summary>
public static class Binaries
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Path(string rid)
    {
        string path = System.IO.Path.Combine(RepositoryRoot, "out", rid, "onlan");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing: run `make aot` first (`make test` does)", path);
        return path;
    }

    /// <summary>The binary for this machine: what the namespace tests run.</summary>
    public static string Native => Path(System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Firmware.sln"))) return directory.FullName;
        throw new InvalidOperationException("cannot find the repository root (Firmware.sln) above " + AppContext.BaseDirectory);
    }
}
