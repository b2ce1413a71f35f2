using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace GapTools.Packaging.Tests.Support;

internal sealed record PackageDependency(string Id, string Version, string TargetFramework)
{
    public override string ToString() => $"{Id} {Version} ({TargetFramework})";
}

/// <summary>
/// What a .nupkg says about itself: its .nuspec dependencies, and, from the assembly it ships (read as metadata,
/// never loaded), which assemblies that code really references and which namespaces its public types live in.
/// </summary>
internal sealed class LibraryPackage
{
    private LibraryPackage(string id, string version, IReadOnlyList<PackageDependency> dependencies,
        IReadOnlySet<string> assemblyReferences, IReadOnlySet<string> publicNamespaces, IReadOnlyList<string> entries)
    {
        Id = id;
        Version = version;
        Dependencies = dependencies;
        AssemblyReferences = assemblyReferences;
        PublicNamespaces = publicNamespaces;
        Entries = entries;
    }

    public string Id { get; }

    public string Version { get; }

    public IReadOnlyList<PackageDependency> Dependencies { get; }

    /// <summary>Names of the assemblies the shipped library references (the compiler keeps only those it used).</summary>
    public IReadOnlySet<string> AssemblyReferences { get; }

    public IReadOnlySet<string> PublicNamespaces { get; }

    public IReadOnlyList<string> Entries { get; }

    public bool DependsOn(string id) => Dependencies.Any(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));

    public static LibraryPackage Read(string nupkgPath)
    {
        using var zip = ZipFile.OpenRead(nupkgPath);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        var nuspecEntry = zip.Entries.Single(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        XDocument nuspec;
        using (var stream = nuspecEntry.Open())
        {
            nuspec = XDocument.Load(stream);
        }

        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        var id = metadata.Elements().Single(e => e.Name.LocalName == "id").Value;
        var version = metadata.Elements().Single(e => e.Name.LocalName == "version").Value;
        var dependencies = metadata.Descendants()
            .Where(e => e.Name.LocalName == "dependency")
            .Select(e => new PackageDependency(
                (string)e.Attribute("id")!,
                (string?)e.Attribute("version") ?? "",
                (string?)e.Parent?.Attribute("targetFramework") ?? "any"))
            .ToList();

        var libraryEntry = zip.Entries.SingleOrDefault(e => string.Equals(e.FullName, $"lib/net10.0/{id}.dll", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"{Path.GetFileName(nupkgPath)} has no lib/net10.0/{id}.dll; it has: {string.Join(", ", entries)}");
        using var image = new MemoryStream();
        using (var stream = libraryEntry.Open())
        {
            stream.CopyTo(image);
        }

        image.Position = 0;
        using var pe = new PEReader(image);
        var reader = pe.GetMetadataReader();
        var references = reader.AssemblyReferences
            .Select(handle => reader.GetString(reader.GetAssemblyReference(handle).Name))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var namespaces = reader.TypeDefinitions
            .Select(reader.GetTypeDefinition)
            .Where(type => (type.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public)
            .Select(type => reader.GetString(type.Namespace))
            .Where(ns => ns.Length > 0)
            .ToHashSet(StringComparer.Ordinal);

        return new LibraryPackage(id, version, dependencies, references, namespaces, entries);
    }
}
