using System.Text.RegularExpressions;
using System.Xml.Linq;
using GapTools.Packaging.Tests.Support;
using GapTools.Testing;

namespace GapTools.Packaging.Tests;

/// <summary>
/// The tools' Dockerfiles, read as text (there is no Docker engine here, so nothing is built or run): a NativeAOT
/// publish, a runtime-deps final image (chiseled for the workers), a non-root USER, the restore layer before the
/// sources with every project restore reads, the binaries the ENTRYPOINT names, and no flag in a comment or an
/// ENTRYPOINT that the CLI's own --help does not list. What this does not prove: that the image builds, that the
/// base image tags exist, or that the binaries run in it.
/// </summary>
public sealed class DockerfileTests
{
    /// <summary>Project folder under src/, the binaries the image ships, whether its base is chiseled.</summary>
    public static TheoryData<string, string[], bool> Images => new()
    {
        { "S3ToRedshift.Cli", ["s3-to-redshift", "ssmwrap"], true },
        { "S3ToCloudSearch.Cli", ["s3-to-cloudsearch", "ssmwrap"], true },
        // A base for your application, which may bring a shell script: not chiseled.
        { "SsmWrap.Cli", ["ssmwrap"], false },
    };

    // Flags of Docker's that the comments show (docker build -f F -t T, docker run --init, docker stop -t, and a
    // commented-out COPY --from=stage).
    private static readonly HashSet<string> DockerFlags = ["-f", "-t", "--init", "--from"];

    [Theory]
    [MemberData(nameof(Images))]
    public void The_image_is_a_native_aot_publish_on_runtime_deps_run_by_a_non_root_user(string project, string[] binaries, bool chiseled)
    {
        var dockerfile = Load(project);
        var from = dockerfile.FinalStage[0].Arguments;
        Assert.StartsWith("mcr.microsoft.com/dotnet/runtime-deps:10.0", from, StringComparison.Ordinal);
        Assert.Equal(chiseled, from.EndsWith("-chiseled", StringComparison.Ordinal));

        var publishes = dockerfile.Instructions.Where(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(publishes);
        Assert.All(publishes, p => Assert.Contains("-p:PublishAot=true", p.Arguments, StringComparison.Ordinal));
        Assert.All(publishes, p => Assert.Contains("--no-restore", p.Arguments, StringComparison.Ordinal));

        var user = Assert.Single(dockerfile.FinalStage, i => i.Keyword == "USER").Arguments;
        Assert.True(user.Split(':')[0] is not ("root" or "0"), $"{project}: USER {user}");
        Assert.True(int.TryParse(user.Split(':')[0], out _), $"{project}: USER {user} is not numeric (runAsNonRoot cannot check a name)");

        // The final stage copies exactly the binaries into /usr/local/bin, and the ENTRYPOINT runs one of them.
        var copy = Assert.Single(dockerfile.FinalStage, i => i.Keyword == "COPY").Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("--from=build", copy[0]);
        Assert.Equal(binaries.Order(), copy[1..^1].Select(Path.GetFileName).Order());
        Assert.StartsWith("/usr/local/bin", copy[^1], StringComparison.Ordinal);
        var entrypoint = Assert.Single(dockerfile.FinalStage, i => i.Keyword == "ENTRYPOINT").ExecForm;
        Assert.Equal("/usr/local/bin/ssmwrap", entrypoint[0]);
        if (binaries.Length > 1)
        {
            Assert.Equal($"/usr/local/bin/{binaries[0]}", entrypoint[entrypoint.ToList().IndexOf("--") + 1]);
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Restore_runs_on_the_project_files_before_the_sources_are_copied(string project, string[] binaries, bool chiseled)
    {
        _ = chiseled;
        var dockerfile = Load(project);
        var instructions = dockerfile.Instructions.ToList();
        var restore = instructions.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var sources = instructions.FindIndex(i => i.Keyword == "COPY" && i.Arguments.StartsWith("src/ ", StringComparison.Ordinal));
        Assert.True(restore > 0 && sources > restore, $"{project}: restore at instruction {restore}, sources copied at {sources}");

        // COPY sources before the restore, wildcards read as Docker reads them (* within one path segment).
        var copiedBefore = instructions.Take(restore).Where(i => i.Keyword == "COPY")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .Select(source => new Regex("^" + Regex.Escape(source).Replace("\\*", "[^/]*", StringComparison.Ordinal) + "$"))
            .ToList();
        bool Copied(string file) => copiedBefore.Any(pattern => pattern.IsMatch(file));

        // The files at the root that restore and build read (Directory.Build.targets when the repository has one).
        var root = new[] { "global.json", "nuget.config", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" }
            .Where(f => File.Exists(Path.Combine(ToolProcess.RepositoryRoot, f)));
        foreach (var file in root)
        {
            Assert.True(Copied(file), $"{project}: {file} is not copied before the restore");
        }

        // Every project the published CLIs reference, transitively: restore reads each of them.
        var published = binaries.Select(b => CliFlags.Projects[b]).ToList();
        foreach (var csproj in published.SelectMany(p => Closure(Path.Combine("src", p, $"GapTools.{p}.csproj"))).Distinct())
        {
            Assert.True(Copied(csproj), $"{project}: {csproj} is not copied before the restore");
        }

        Assert.All(published, p => Assert.Contains($"dotnet restore src/{p} ", instructions[restore].Arguments, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public async Task Every_flag_a_comment_or_the_entrypoint_names_is_one_the_cli_lists_in_its_help(string project, string[] binaries, bool chiseled)
    {
        _ = chiseled;
        var dockerfile = Load(project);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binary in binaries)
        {
            known.UnionWith(await CliFlags.OfAsync(binary));
        }

        var unknown = new List<string>();
        foreach (var comment in dockerfile.Comments)
        {
            // A comment showing a docker command or a Dockerfile instruction: the flags from there on are Docker's.
            var docker = comment.StartsWith("COPY ", StringComparison.Ordinal) ? 0 : comment.IndexOf("docker ", StringComparison.Ordinal);
            unknown.AddRange(CliFlags.In(docker < 0 ? comment : comment[..docker]).Where(f => !known.Contains(f)).Select(f => $"'{f}' in '# {comment}'"));
            if (docker >= 0)
            {
                unknown.AddRange(CliFlags.In(comment[docker..]).Where(f => !DockerFlags.Contains(f)).Select(f => $"'{f}' (docker) in '# {comment}'"));
            }
        }

        var entrypoint = Assert.Single(dockerfile.FinalStage, i => i.Keyword == "ENTRYPOINT").ExecForm.ToList();
        var end = entrypoint.IndexOf("--");
        var ssmwrap = await CliFlags.OfAsync("ssmwrap");
        unknown.AddRange(entrypoint.Skip(1).Take((end < 0 ? entrypoint.Count : end) - 1).Where(a => a.StartsWith('-') && !ssmwrap.Contains(a)).Select(a => $"ssmwrap '{a}' in the ENTRYPOINT"));
        Assert.True(unknown.Count == 0, $"{project}/Dockerfile names flags its CLIs do not have:\n{string.Join("\n", unknown)}");
    }

    [Fact]
    public void The_repository_dockerignore_keeps_build_output_and_tests_out_of_the_context_but_not_what_restore_reads()
    {
        var ignored = File.ReadAllLines(Path.Combine(ToolProcess.RepositoryRoot, ".dockerignore"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        foreach (var pattern in new[] { ".git", "**/bin", "**/obj", "artifacts", "tests" })
        {
            Assert.Contains(pattern, ignored);
        }

        foreach (var needed in new[] { "src", "global.json", "nuget.config", "Directory.Build.props", "Directory.Packages.props" })
        {
            Assert.DoesNotContain(needed, ignored);
        }
    }

    private static Dockerfile Load(string project) => Dockerfile.Load(Path.Combine(ToolProcess.RepositoryRoot, "src", project, "Dockerfile"));

    // The project and every project it references, transitively, as paths from the repository root.
    private static HashSet<string> Closure(string csproj)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([csproj]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(current)!;
            foreach (var reference in XDocument.Load(Path.Combine(ToolProcess.RepositoryRoot, current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(ToolProcess.RepositoryRoot, directory, reference.Attribute("Include")!.Value));
                pending.Push(Path.GetRelativePath(ToolProcess.RepositoryRoot, full).Replace('\\', '/'));
            }
        }

        return seen;
    }
}
