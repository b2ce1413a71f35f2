using System.IO.Compression;
using System.Xml.Linq;
using GapTools.Packaging.Tests.Support;

namespace GapTools.Packaging.Tests;

/// <summary>
/// The three tool packages as <c>dotnet tool install</c> gets them: what they carry, what their package page says,
/// and that the installed command starts.
/// </summary>
public sealed class ToolPackageTests(PackedFeed feed)
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    public static TheoryData<string> ToolIds() => [.. PackedFeed.Tools.Select(t => t.Id)];

    [Theory]
    [MemberData(nameof(ToolIds))]
    public void A_tool_package_carries_no_Windows_only_assets_and_no_resource_languages(string id)
    {
        var entries = Entries(id);

        Assert.Contains(entries, e => e.StartsWith("tools/net10.0/any/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("/runtimes/win", StringComparison.Ordinal));
        // Satellite assemblies live in a culture folder: tools/net10.0/any/<culture>/<name>.resources.dll.
        Assert.DoesNotContain(entries, e => e.EndsWith(".resources.dll", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ToolIds))]
    public void A_tool_package_page_has_its_readme_license_and_repository(string id)
    {
        var entries = Entries(id);
        var metadata = Metadata(id);

        Assert.Contains("README.md", entries);
        Assert.Equal("README.md", Element(metadata, "readme"));
        Assert.Equal("Apache-2.0", Element(metadata, "license"));
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("https://github.com/gaptools/gaptools.git", (string?)repository.Attribute("url"));
        if (Directory.Exists(Path.Combine(feed.RepositoryRoot, ".git")))
        {
            // Source Link's commit: the sources a debugger fetches are this build's.
            Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");
        }
    }

    [Theory]
    [MemberData(nameof(ToolIds))]
    public async Task An_installed_tool_starts_and_prints_its_usage(string id)
    {
        var tool = PackedFeed.Tools.Single(t => t.Id == id);
        var toolPath = Path.Combine(feed.WorkDirectory, "tools", tool.Command);

        var install = await Commands.DotnetAsync(
            ["tool", "install", id, "--version", feed.Version, "--tool-path", toolPath, "--add-source", feed.FeedDirectory],
            feed.WorkDirectory, InstallTimeout, TestContext.Current.CancellationToken);
        Assert.True(install.ExitCode == 0, install.Describe());

        var help = await Commands.RunAsync(Path.Combine(toolPath, tool.Command), ["--help"], feed.WorkDirectory,
            TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.True(help.ExitCode == 0, help.Describe());
        Assert.Contains(tool.Command, help.Output, StringComparison.Ordinal);
    }

    private List<string> Entries(string id)
    {
        feed.EnsurePacked();
        using var zip = ZipFile.OpenRead(feed.ToolPackages[id]);
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    private XElement Metadata(string id)
    {
        feed.EnsurePacked();
        using var zip = ZipFile.OpenRead(feed.ToolPackages[id]);
        using var stream = zip.Entries.Single(e => e.FullName == $"{id}.nuspec").Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Element(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
}
