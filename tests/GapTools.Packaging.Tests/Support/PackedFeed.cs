using System.Globalization;
using System.Security;

namespace GapTools.Packaging.Tests.Support;

/// <summary>
/// The library and tool packages, packed once per test run from src/ into a throwaway feed under a version no earlier run
/// used (<c>0.1.0-test.&lt;unix time&gt;.&lt;pid&gt;</c>): NuGet's global packages folder can then never hand a test a
/// stale GapTools package, without the cost of a private cache for everything else.
/// </summary>
/// <remarks>
/// The build goes to an artifacts folder of this test project's own (<c>UseArtifactsOutput</c>), never to
/// src/*/bin|obj, so it neither races with nor depends on builds of the working tree, and stays incremental from one
/// run to the next (only the package version changes, and that is not compiled in).
/// </remarks>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>The packable libraries: source folder under src/ → package id.</summary>
    public static readonly IReadOnlyDictionary<string, string> Libraries = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Core"] = "GapTools.Core",
        ["Workers"] = "GapTools.Workers",
        ["S3ToRedshift"] = "GapTools.S3ToRedshift",
        ["S3ToCloudSearch"] = "GapTools.S3ToCloudSearch",
        ["SsmWrap"] = "GapTools.SsmWrap",
    };

    /// <summary>The tool packages (<c>dotnet tool install</c>): source folder under src/ → package id → command name.</summary>
    public static readonly IReadOnlyList<(string Folder, string Id, string Command)> Tools =
    [
        ("SsmWrap.Cli", "GapTools.SsmWrap.Cli", "ssmwrap"),
        ("S3ToRedshift.Cli", "GapTools.S3ToRedshift.Cli", "s3-to-redshift"),
        ("S3ToCloudSearch.Cli", "GapTools.S3ToCloudSearch.Cli", "s3-to-cloudsearch"),
    ];

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);

    private CommandResult? pack;

    public PackedFeed()
    {
        RepositoryRoot = FindRepositoryRoot();
        Version = string.Create(CultureInfo.InvariantCulture, $"0.1.0-test.{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Environment.ProcessId}");
        WorkDirectory = Path.Combine(Path.GetTempPath(), $"gaptools-packaging-{Version}");
        FeedDirectory = Path.Combine(WorkDirectory, "feed");
    }

    public string RepositoryRoot { get; }

    /// <summary>The version every package of this run has.</summary>
    public string Version { get; }

    /// <summary>This run's scratch folder (feed, fresh apps), outside the repository: no Directory.Build.props or nuget.config of ours above it.</summary>
    public string WorkDirectory { get; }

    public string FeedDirectory { get; }

    public CommandResult Pack => pack ?? throw new InvalidOperationException("Not packed yet.");

    /// <summary>Library package id → .nupkg path, for the packages that were made.</summary>
    public IReadOnlyDictionary<string, string> Packages { get; private set; } = new Dictionary<string, string>();

    /// <summary>Tool package id → .nupkg path, for the packages that were made.</summary>
    public IReadOnlyDictionary<string, string> ToolPackages { get; private set; } = new Dictionary<string, string>();

    /// <summary>Fails the calling test, with the pack output, unless every library and tool was packed.</summary>
    public void EnsurePacked()
    {
        var missing = Libraries.Values.Concat(Tools.Select(t => t.Id))
            .Where(id => !Packages.ContainsKey(id) && !ToolPackages.ContainsKey(id)).ToList();
        Assert.True(Pack.ExitCode == 0 && missing.Count == 0,
            $"dotnet pack of the libraries failed (missing: {string.Join(", ", missing)}). {Pack.Describe()}");
    }

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(WorkDirectory);
        Directory.CreateDirectory(FeedDirectory);
        var artifacts = Path.Combine(AppContext.BaseDirectory, "packaging-artifacts");
        var solution = Path.Combine(WorkDirectory, "libraries.slnx");
        await File.WriteAllTextAsync(solution, Slnx(solution), TestContext.Current.CancellationToken);

        pack = await Commands.DotnetAsync(
            [
                "pack", solution, "-c", "Release", "-nologo", "-tl:off", "-nodeReuse:false",
                "-p:UseArtifactsOutput=true", $"-p:ArtifactsPath={artifacts}",
                $"-p:PackageOutputPath={FeedDirectory}", $"-p:PackageVersion={Version}",
            ],
            WorkDirectory, PackTimeout, TestContext.Current.CancellationToken);

        Packages = Made(Libraries.Values);
        ToolPackages = Made(Tools.Select(t => t.Id));
    }

    private Dictionary<string, string> Made(IEnumerable<string> ids) => ids
        .Select(id => (Id: id, Path: Path.Combine(FeedDirectory, $"{id}.{Version}.nupkg")))
        .Where(p => File.Exists(p.Path))
        .ToDictionary(p => p.Id, p => p.Path, StringComparer.Ordinal);

    public ValueTask DisposeAsync()
    {
        // This run's versions in the global packages folder are never used again: leave nothing behind.
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in Libraries.Values.Concat(Tools.Select(t => t.Id)))
        {
            var package = Path.Combine(globalPackages, id.ToLowerInvariant());
            TryDelete(Path.Combine(package, Version.ToLowerInvariant()));
            if (Directory.Exists(package) && !Directory.EnumerateFileSystemEntries(package).Any())
            {
                TryDelete(package);
            }
        }

        TryDelete(WorkDirectory);
        return ValueTask.CompletedTask;
    }

    private string Slnx(string solution)
    {
        var folder = Path.GetDirectoryName(solution)!;
        var projects = Libraries.Select(library => (Folder: library.Key, Id: library.Value))
            .Concat(Tools.Select(tool => (tool.Folder, tool.Id)))
            .Select(library =>
            {
                var project = Path.Combine(RepositoryRoot, "src", library.Folder, $"{library.Id}.csproj");
                return $"  <Project Path=\"{SecurityElement.Escape(Path.GetRelativePath(folder, project))}\" />";
            });
        return $"<Solution>{Environment.NewLine}{string.Join(Environment.NewLine, projects)}{Environment.NewLine}</Solution>{Environment.NewLine}";
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GapTools.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No GapTools.sln above {AppContext.BaseDirectory}.");
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a scratch folder left in /tmp is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}
