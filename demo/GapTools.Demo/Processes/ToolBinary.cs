using System.Reflection;

namespace GapTools.Demo.Processes;

/// <summary>A tool's executable as the demo runs it: its NativeAOT publish when one exists, else the Release apphost.</summary>
internal sealed record ToolBinary(string Name, string Path, bool NativeAot)
{
    public string Kind => NativeAot ? "NativeAOT" : "JIT apphost";

    public override string ToString() => $"{Name} ({Kind}: {System.IO.Path.GetRelativePath(RepositoryRoot, Path)})";

    /// <summary>The repository the demo was built from (baked in at build time).</summary>
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    /// <summary>
    /// Finds <paramref name="name"/> (an AssemblyName such as <c>ssmwrap</c>) built from <paramref name="projectDirectory"/>
    /// (relative to the repository). Null when the project is not in this checkout yet; a project that exists but
    /// was not built is an error, since scripts/demo.sh builds everything it runs.
    /// </summary>
    public static ToolBinary? Find(string name, string projectDirectory)
    {
        var project = System.IO.Path.Combine(RepositoryRoot, projectDirectory);
        if (!Directory.Exists(project))
        {
            return null;
        }

        var output = System.IO.Path.Combine(project, "bin", Metadata("ToolsConfiguration"), Metadata("ToolsTargetFramework"));
        // `dotnet publish <project> -c Release -r linux-x64 -p:PublishAot=true` without -o puts the binary here.
        var aot = System.IO.Path.Combine(output, "linux-x64", "publish", name);
        if (File.Exists(aot) && !File.Exists(aot + ".dll"))
        {
            return new ToolBinary(name, aot, NativeAot: true);
        }

        var apphost = System.IO.Path.Combine(output, name);
        return File.Exists(apphost)
            ? new ToolBinary(name, apphost, NativeAot: false)
            : throw new FileNotFoundException(
                $"{name} is not built: expected {apphost}. Build it with `dotnet build {projectDirectory} -c Release` (scripts/demo.sh does).");
    }

    private static string Metadata(string key) =>
        typeof(ToolBinary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is empty.");
}
