using GapTools.Packaging.Tests.Support;

namespace GapTools.Packaging.Tests;

/// <summary>The .nuspec of each library package, as NuGet will read it in a user's restore.</summary>
public sealed class LibraryPackageTests(PackedFeed feed)
{
    /// <summary>Hosts, command lines and loggers are the application's choice, never a library's.</summary>
    private static readonly string[] NeverADependency =
    [
        "Microsoft.Extensions.Hosting",
        "Microsoft.Extensions.Hosting.Systemd",
        "Microsoft.Extensions.Hosting.WindowsServices",
        "Microsoft.Extensions.Logging.Console",
        "System.CommandLine",
    ];

    /// <summary>Service SDKs a package may list only when its own assembly references them.</summary>
    private static readonly string[] ServiceSdks = ["AWSSDK.S3", "AWSSDK.SQS"];

    private const string LowestExtensionsVersion = "10.0.0";

    private Dictionary<string, LibraryPackage> Read()
    {
        feed.EnsurePacked();
        return feed.Packages.Values.Select(LibraryPackage.Read).ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    private static string Listing(IEnumerable<LibraryPackage> packages) => string.Join(Environment.NewLine, packages.Select(p =>
        $"{p.Id} {p.Version}:{Environment.NewLine}  depends on: {string.Join(", ", p.Dependencies)}{Environment.NewLine}  its assembly references: {string.Join(", ", p.AssemblyReferences.Order(StringComparer.Ordinal))}"));

    [Fact]
    public void Each_library_package_depends_only_on_what_its_code_uses_and_on_Microsoft_Extensions_at_the_lowest_version()
    {
        var packages = Read();
        TestContext.Current.TestOutputHelper?.WriteLine($"packed {packages.Count} libraries as {feed.Version} in {feed.Pack.Elapsed.TotalSeconds:0.0} s");
        var problems = new List<string>();
        foreach (var package in packages.Values)
        {
            foreach (var dependency in package.Dependencies)
            {
                if (NeverADependency.Contains(dependency.Id, StringComparer.OrdinalIgnoreCase))
                {
                    problems.Add($"{package.Id} depends on {dependency}: that is the application's choice, not a library's.");
                }

                if (ServiceSdks.Contains(dependency.Id, StringComparer.OrdinalIgnoreCase) && !package.AssemblyReferences.Contains(dependency.Id))
                {
                    problems.Add($"{package.Id} depends on {dependency}, but {package.Id}.dll does not use it.");
                }

                if (dependency.Id.StartsWith("Microsoft.Extensions.", StringComparison.OrdinalIgnoreCase) && dependency.Version != LowestExtensionsVersion)
                {
                    problems.Add($"{package.Id} depends on {dependency}: Microsoft.Extensions.* must be at {LowestExtensionsVersion}, or an app pinned lower fails restore with NU1605.");
                }

                if (dependency.Id.StartsWith("GapTools.", StringComparison.OrdinalIgnoreCase) && dependency.Version != feed.Version)
                {
                    problems.Add($"{package.Id} depends on {dependency}, not on this build's {feed.Version}.");
                }
            }
        }

        foreach (var id in new[] { "GapTools.Core", "GapTools.SsmWrap" })
        {
            foreach (var sdk in ServiceSdks.Where(packages[id].DependsOn))
            {
                problems.Add($"{id} depends on {sdk}: it must list neither AWSSDK.S3 nor AWSSDK.SQS.");
            }
        }

        Assert.True(problems.Count == 0,
            string.Join(Environment.NewLine, problems) + Environment.NewLine + Environment.NewLine + Listing(packages.Values));
    }

    [Fact]
    public void GapTools_SsmWrap_brings_no_GapTools_package_but_GapTools_Core()
    {
        var packages = Read();
        var closure = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(["GapTools.SsmWrap"]);
        while (pending.TryDequeue(out var id))
        {
            foreach (var dependency in packages[id].Dependencies.Where(d => d.Id.StartsWith("GapTools.", StringComparison.OrdinalIgnoreCase)))
            {
                Assert.True(packages.ContainsKey(dependency.Id), $"{id} depends on {dependency}, which is not one of the packed libraries.");
                if (closure.Add(dependency.Id))
                {
                    pending.Enqueue(dependency.Id);
                }
            }
        }

        Assert.True(closure.SetEquals(["GapTools.Core"]),
            $"GapTools.SsmWrap's GapTools dependencies: {string.Join(", ", closure)}{Environment.NewLine}{Listing(packages.Values)}");
    }

    [Fact]
    public void Each_library_package_ships_its_assembly_its_xml_docs_its_readme_and_a_symbol_package()
    {
        var packages = Read();
        Assert.All(packages.Values, package =>
        {
            Assert.Contains($"lib/net10.0/{package.Id}.dll", package.Entries);
            Assert.Contains($"lib/net10.0/{package.Id}.xml", package.Entries);
            Assert.Contains("README.md", package.Entries);
        });
        Assert.All(feed.Packages, pair => Assert.True(
            File.Exists(Path.ChangeExtension(pair.Value, ".snupkg")), $"no .snupkg beside {pair.Value}"));
    }
}
