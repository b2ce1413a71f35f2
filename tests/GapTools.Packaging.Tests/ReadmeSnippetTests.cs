using System.Text.RegularExpressions;
using GapTools.Packaging.Tests.Support;

namespace GapTools.Packaging.Tests;

/// <summary>
/// The C# that the READMEs teach compiles, as written, against the packages: each fenced block becomes the body of a
/// method in a fresh worker app (Program.cs unchanged) that imports the libraries' public namespaces.
/// </summary>
public sealed partial class ReadmeSnippetTests(PackedFeed feed)
{
    [Fact(Timeout = 600_000)]
    public async Task Every_csharp_snippet_in_the_readmes_compiles_against_the_packages_in_a_fresh_worker_app()
    {
        var ct = TestContext.Current.CancellationToken;
        feed.EnsurePacked();
        var snippets = ReadmeSnippets.Collect(feed.RepositoryRoot);
        Assert.True(snippets.Count > 0, $"No ```csharp block in {string.Join(", ", ReadmeSnippets.Files(feed.RepositoryRoot))}.");

        var namespaces = feed.Packages.Values
            .Select(LibraryPackage.Read)
            .SelectMany(p => p.PublicNamespaces)
            .Where(ns => ns.StartsWith("GapTools.", StringComparison.Ordinal)) // Microsoft.Extensions.* come with the Worker SDK's implicit usings
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("GapTools.SsmWrap", namespaces);

        var app = await FreshWorkerApp.CreateAsync(feed, "snippets", ct);
        foreach (var snippet in snippets)
        {
            await File.WriteAllTextAsync(Path.Combine(app.Directory, snippet.ClassName + ".cs"), snippet.ToSource(namespaces), ct);
        }

        var build = await app.BuildAsync(ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"{snippets.Count} snippets ({string.Join("; ", snippets)}) built in {build.Elapsed.TotalSeconds:0.0} s");

        // #line maps each snippet to its README, so the compiler names the README's file and line.
        var diagnostics = build.Output.Split('\n')
            .Select(line => CompilerDiagnostic().Match(line.Trim()))
            .Where(m => m.Success)
            .Select(m => (File: m.Groups["file"].Value, Line: int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), Text: m.Groups["text"].Value))
            .Distinct()
            .ToList();
        var failures = snippets
            .Select(snippet => (Snippet: snippet, Problems: diagnostics
                .Where(d => d.File == snippet.FullPath && d.Line >= snippet.FirstCodeLine && d.Line <= snippet.LastCodeLine)
                .Select(d => $"    line {d.Line}: {d.Text}")
                .ToList()))
            .Where(f => f.Problems.Count > 0)
            .Select(f => $"{f.Snippet.RelativePath}, the snippet starting `{f.Snippet.FirstLine}` (line {f.Snippet.FirstCodeLine}):{Environment.NewLine}{string.Join(Environment.NewLine, f.Problems)}")
            .ToList();

        Assert.True(failures.Count == 0,
            $"README snippets do not compile cleanly:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}{Environment.NewLine}{Environment.NewLine}{build.Describe()}");
        Assert.True(build.ExitCode == 0, $"The snippets' app did not build. {build.Describe()}");
    }

    // "/path/README.md(121,1): error CS0201: text [/tmp/…/FreshWorker.csproj]"; warnings count too.
    [GeneratedRegex(@"^(?<file>.+?)\((?<line>\d+),\d+\):\s+(?<text>(warning|error)\s+[A-Z]+\d+:.*?)(\s+\[[^\]]+\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex CompilerDiagnostic();
}
