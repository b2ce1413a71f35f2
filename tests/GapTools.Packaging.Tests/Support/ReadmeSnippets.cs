using System.Text;

namespace GapTools.Packaging.Tests.Support;

/// <summary>One fenced C# block of a Markdown file: its file, the line its code starts on, and the code.</summary>
internal sealed record ReadmeSnippet(int Number, string RelativePath, string FullPath, int FirstCodeLine, IReadOnlyList<string> Lines)
{
    public int LastCodeLine => FirstCodeLine + Lines.Count - 1;

    public string FirstLine => Lines.FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "(empty)";

    public string ClassName => $"Snippet{Number}";

    public override string ToString() => $"{RelativePath}:{FirstCodeLine} `{FirstLine}`";

    /// <summary>
    /// The snippet as the body of <c>Snippet&lt;N&gt;.RunAsync(args, cancellationToken)</c>, with <c>#line</c> mapping so
    /// the compiler reports its errors at the README's own file and line.
    /// </summary>
    public string ToSource(IEnumerable<string> namespaces)
    {
        var source = new StringBuilder();
        foreach (var ns in namespaces)
        {
            source.Append("using ").Append(ns).AppendLine(";");
        }

        source.AppendLine();
        source.Append("internal static class ").AppendLine(ClassName);
        source.AppendLine("{");
        source.AppendLine("    internal static async Task RunAsync(string[] args, CancellationToken cancellationToken)");
        source.AppendLine("    {");
        source.Append("#line ").Append(FirstCodeLine).Append(" \"").Append(FullPath.Replace("\\", "\\\\", StringComparison.Ordinal)).AppendLine("\"");
        foreach (var line in Lines)
        {
            source.AppendLine(line);
        }

        source.AppendLine("#line default");
        source.AppendLine("        await Task.CompletedTask;");
        source.AppendLine("    }");
        source.AppendLine("}");
        return source.ToString();
    }
}

internal static class ReadmeSnippets
{
    private static readonly string[] CSharpInfoStrings = ["csharp", "cs", "c#"];

    /// <summary>The Markdown files whose C# must compile: README.md, src/*/README.md and docs/**/*.md.</summary>
    public static IReadOnlyList<string> Files(string repositoryRoot)
    {
        var files = new List<string>();
        var root = Path.Combine(repositoryRoot, "README.md");
        if (File.Exists(root))
        {
            files.Add(root);
        }

        files.AddRange(Directory.EnumerateDirectories(Path.Combine(repositoryRoot, "src"))
            .Select(project => Path.Combine(project, "README.md"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal));
        var docs = Path.Combine(repositoryRoot, "docs");
        if (Directory.Exists(docs))
        {
            files.AddRange(Directory.EnumerateFiles(docs, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        }

        return files;
    }

    public static IReadOnlyList<ReadmeSnippet> Collect(string repositoryRoot)
    {
        var snippets = new List<ReadmeSnippet>();
        foreach (var file in Files(repositoryRoot))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var fence = lines[i].TrimStart();
                if (!fence.StartsWith("```", StringComparison.Ordinal))
                {
                    continue;
                }

                var info = fence.TrimStart('`').Trim().Split(' ', 2)[0];
                var end = Array.FindIndex(lines, i + 1, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
                if (end < 0)
                {
                    end = lines.Length;
                }

                if (CSharpInfoStrings.Contains(info, StringComparer.OrdinalIgnoreCase))
                {
                    snippets.Add(new ReadmeSnippet(
                        snippets.Count + 1,
                        Path.GetRelativePath(repositoryRoot, file),
                        Path.GetFullPath(file),
                        i + 2, // 1-based line of the first code line
                        lines[(i + 1)..end]));
                }

                i = end;
            }
        }

        return snippets;
    }
}
