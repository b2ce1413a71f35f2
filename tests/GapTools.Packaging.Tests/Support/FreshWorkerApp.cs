using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace GapTools.Packaging.Tests.Support;

/// <summary>
/// An application as a user starts one: <c>dotnet new worker</c> (the SDK's own offline template), a nuget.config
/// that adds the test feed to the machine's sources, the GapTools packages added to its project, and a Program.cs
/// that is nothing but the two registrations.
/// </summary>
internal sealed partial class FreshWorkerApp
{
    public const string Name = "FreshWorker";

    /// <summary>Program.cs, exactly as the packages' READMEs promise it works.</summary>
    public const string ProgramSource = """
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddS3ToRedshift(builder.Configuration);
        builder.Services.AddS3ToCloudSearch(builder.Configuration);
        builder.Build().Run();

        """;

    /// <summary>The packages the app references (their dependencies come along).</summary>
    public static readonly string[] ReferencedPackages = ["GapTools.S3ToRedshift", "GapTools.S3ToCloudSearch", "GapTools.SsmWrap"];

    private static readonly TimeSpan NewTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(6);

    private FreshWorkerApp(string directory, string hostingVersion)
    {
        Directory = directory;
        TemplateHostingVersion = hostingVersion;
    }

    public string Directory { get; }

    /// <summary>The Microsoft.Extensions.Hosting version the SDK's template pins (10.0.12 with SDK 10.0.401).</summary>
    public string TemplateHostingVersion { get; }

    public string OutputDirectory => Path.Combine(Directory, "bin", "Release", "net10.0");

    public string AssemblyPath => Path.Combine(OutputDirectory, Name + ".dll");

    public static async Task<FreshWorkerApp> CreateAsync(PackedFeed feed, string folder, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(feed.WorkDirectory, folder);
        var created = await Commands.DotnetAsync(
            ["new", "worker", "-n", Name, "-o", directory, "--no-restore", "--no-update-check"],
            feed.WorkDirectory, NewTimeout, cancellationToken);
        Assert.True(created.ExitCode == 0, created.Describe());

        // Only an <add>: the machine's default source(s) stay, the feed joins them.
        await File.WriteAllTextAsync(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="gaptools-packaging-test" value="{System.Security.SecurityElement.Escape(feed.FeedDirectory)}" />
              </packageSources>
            </configuration>

            """, cancellationToken);

        // Nothing from folders above (a stray /tmp/Directory.Build.props) may change what a fresh app is.
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            await File.WriteAllTextAsync(Path.Combine(directory, file), "<Project />\n", cancellationToken);
        }

        var projectPath = Path.Combine(directory, Name + ".csproj");
        var project = XDocument.Load(projectPath, LoadOptions.PreserveWhitespace);
        var hosting = project.Descendants("PackageReference")
            .SingleOrDefault(e => (string?)e.Attribute("Include") == "Microsoft.Extensions.Hosting");
        Assert.True(hosting is not null, $"The worker template no longer references Microsoft.Extensions.Hosting:{Environment.NewLine}{project}");
        var group = new XElement("ItemGroup", ReferencedPackages.Select(id =>
            new XElement("PackageReference", new XAttribute("Include", id), new XAttribute("Version", feed.Version))));
        project.Root!.Add(group, "\n");
        project.Save(projectPath);

        File.Delete(Path.Combine(directory, "Worker.cs"));
        await File.WriteAllTextAsync(Path.Combine(directory, "Program.cs"), ProgramSource, cancellationToken);
        return new FreshWorkerApp(directory, (string)hosting.Attribute("Version")!);
    }

    /// <summary><c>dotnet build -c Release</c> (restore included), as a user runs it.</summary>
    public Task<CommandResult> BuildAsync(CancellationToken cancellationToken) =>
        Commands.DotnetAsync(["build", "-c", "Release", "-nologo", "-tl:off", "-nodeReuse:false"], Directory, BuildTimeout, cancellationToken);

    /// <summary>Every warning or error that MSBuild, NuGet or the compiler reported, each once.</summary>
    public static IReadOnlyList<string> Diagnostics(CommandResult build, string severity) =>
        build.Output.Split('\n')
            .Select(line => line.Trim())
            .Where(line => DiagnosticPattern().Match(line) is { Success: true } m && m.Groups["severity"].Value == severity)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The package versions restore chose, from obj/project.assets.json (id → version).</summary>
    public IReadOnlyDictionary<string, string> ResolvedPackages()
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "obj", "project.assets.json")));
        var resolved = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in assets.RootElement.GetProperty("libraries").EnumerateObject())
        {
            if (library.Value.GetProperty("type").GetString() == "package")
            {
                var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                resolved[library.Name[..slash]] = library.Name[(slash + 1)..];
            }
        }

        return resolved;
    }

    // MSBuild's canonical form: "origin: [subcategory] warning|error CODE: text", CODE being letters then digits.
    [GeneratedRegex(@"(^|:\s*|\s)(?<severity>warning|error)\s+[A-Z][A-Za-z]*\d+\s*:", RegexOptions.CultureInvariant)]
    private static partial Regex DiagnosticPattern();
}
