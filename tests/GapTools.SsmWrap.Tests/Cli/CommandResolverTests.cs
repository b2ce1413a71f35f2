using GapTools.SsmWrap.Cli.Exec;

namespace GapTools.SsmWrap.Tests.Cli;

public class CommandResolverTests
{
    private static readonly Dictionary<string, FileKind> Files = new()
    {
        ["/usr/bin/app"] = FileKind.Executable,
        ["/opt/bin/app"] = FileKind.Executable,
        ["/data/app"] = FileKind.NotExecutable,
        ["./local"] = FileKind.Executable,
        ["/usr/local/bin/default"] = FileKind.Executable,
    };

    private static string? Resolve(string command, string? path) =>
        CommandResolver.Resolve(command, path, p => Files.GetValueOrDefault(p, FileKind.Missing));

    [Theory]
    [InlineData("app", "/opt/bin:/usr/bin", "/opt/bin/app")]
    [InlineData("app", "/usr/bin:/opt/bin", "/usr/bin/app")]
    [InlineData("app", "/data:/usr/bin", "/usr/bin/app")]
    [InlineData("app", "/data", "/data/app")]
    [InlineData("local", "/usr/bin::/opt", "./local")]
    [InlineData("missing", "/usr/bin", null)]
    [InlineData("./anything", "/usr/bin", "./anything")]
    [InlineData("/abs/olute", "", "/abs/olute")]
    [InlineData("default", null, "/usr/local/bin/default")]
    [InlineData("", "/usr/bin", null)]
    public void Searches_the_new_PATH_like_execvp(string command, string? path, string? expected) =>
        Assert.Equal(expected, Resolve(command, path));
}

public class EnvironmentBlockTests
{
    [Fact]
    public void Ssm_values_override_and_envp_ends_with_null()
    {
        var merged = EnvironmentBlock.Merge(
            new Dictionary<string, string> { ["PATH"] = "/bin", ["KEEP"] = "k" },
            new Dictionary<string, string> { ["PATH"] = "/ssm/bin", ["NEW"] = "a=b" });

        Assert.Equal(["KEEP=k", "NEW=a=b", "PATH=/ssm/bin", null], EnvironmentBlock.ToEnvp(merged));
    }
}

public class WaitStatusTests
{
    [Theory]
    [InlineData(0x0000, 0)]
    [InlineData(0x2a00, 42)]
    [InlineData(0x000f, 143)]
    [InlineData(0x0009, 137)]
    [InlineData(0x0089, 137)] // killed by SIGKILL with a core dump flag
    public void Exit_codes_follow_the_shell_convention(int status, int exitCode) =>
        Assert.Equal(exitCode, GapTools.SsmWrap.Cli.Init.WaitStatus.ExitCode(status));
}
