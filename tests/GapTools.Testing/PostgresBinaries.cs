namespace GapTools.Testing;

/// <summary>Finds the PostgreSQL server binaries (Debian layout: /usr/lib/postgresql/&lt;version&gt;/bin).</summary>
internal static class PostgresBinaries
{
    internal const string DebianRoot = "/usr/lib/postgresql";

    internal const string NotFoundMessage =
        "PostgreSQL server binaries not found; run scripts/test.sh which installs postgresql via apt " +
        "(or set GAPTOOLS_PG_BIN to a directory containing initdb and pg_ctl).";

    /// <summary>The bin directory of the highest installed version, or null.</summary>
    public static string? Find(string root = DebianRoot)
    {
        var overridden = Environment.GetEnvironmentVariable("GAPTOOLS_PG_BIN");
        if (!string.IsNullOrEmpty(overridden))
        {
            return File.Exists(Path.Combine(overridden, "initdb")) ? overridden : null;
        }

        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.EnumerateDirectories(root)
            .Select(dir => (Dir: dir, Version: ParseVersion(Path.GetFileName(dir))))
            .Where(c => c.Version is not null && File.Exists(Path.Combine(c.Dir, "bin", "initdb")) && File.Exists(Path.Combine(c.Dir, "bin", "pg_ctl")))
            .OrderByDescending(c => c.Version)
            .Select(c => Path.Combine(c.Dir, "bin"))
            .FirstOrDefault();
    }

    /// <summary>"15" or "9.6" → a comparable version; anything else → null.</summary>
    internal static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;
}
