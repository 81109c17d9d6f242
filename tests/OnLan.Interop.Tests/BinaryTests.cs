using OnLan.Testing;

namespace OnLan.Interop.Tests;

/// <summary>The published binaries themselves: the board's arm64 build runs, fits, and refuses bad configurations.</summary>
public class BinaryTests
{
    private const long MaxArm64Size = 6 * 1024 * 1024;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public void Arm64_binary_starts_under_qemu_and_prints_its_version()
    {
        string binary = Binaries.Path("linux-arm64");

        var run = Shell.Run("qemu-aarch64-static", [binary, "--version"], Bound);

        Assert.True(run.Succeeded, $"exit {run.ExitCode}: {run.StdOut}{run.StdErr}");
        Assert.Matches(@"^onlan \d+\.\d+\.\d+ \(linux-arm64\)$", run.StdOut.Trim());
    }

    [Fact]
    public void Arm64_binary_is_at_most_6_MB()
    {
        long size = new FileInfo(Binaries.Path("linux-arm64")).Length;

        Assert.True(size <= MaxArm64Size, $"onlan for linux-arm64 is {size} bytes, over {MaxArm64Size}");
    }

    [Fact]
    public void Bad_configuration_is_refused_with_line_numbers_and_the_gateway_does_not_start()
    {
        string path = Path.Combine(Path.GetTempPath(), $"onlan-bad-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, "set interfaces wan port wan0\nset interfaces wan address 203.0.113.1/24\nset interfaces lan prot lan0\n");
        try
        {
            var run = Shell.Run(Binaries.Native, ["--config", path], Bound);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("line 3, column 20: unknown word 'prot'", run.StdErr);
            Assert.Contains("not starting", run.StdErr);
            Assert.DoesNotContain(" up,", run.StdErr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Incomplete_configuration_is_refused()
    {
        string path = Path.Combine(Path.GetTempPath(), $"onlan-incomplete-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, "set interfaces wan port wan0\n");
        try
        {
            var run = Shell.Run(Binaries.Native, ["--config", path], Bound);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("'set interfaces lan port <ifname>' is missing", run.StdErr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Usage_errors_exit_with_code_2()
    {
        var run = Shell.Run(Binaries.Native, ["--frobnicate"], Bound);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("usage: onlan --config FILE", run.StdErr);
    }
}
