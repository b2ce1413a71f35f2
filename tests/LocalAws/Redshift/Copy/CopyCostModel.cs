using System.Globalization;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>
/// What a COPY costs in time on a real cluster, played by the stand-in so that benchmarks see the trade-off that
/// makes batching worth it: PostgreSQL runs the translated load in milliseconds, Redshift spends about a second on
/// any COPY whatever its size (leader-node planning and compilation, dispatch to the slices, their first S3 reads)
/// and then a commit that waits in the cluster's single commit queue. Off (<see cref="None"/>) by default, so
/// tests stay fast; <c>--redshift-copy-cost typical</c> (<see cref="ControlPlane.RedshiftClusterOptions"/>, <see cref="ControlPlane.RedshiftCluster.CopyCost"/>) turns it on.
/// </summary>
/// <remarks>
/// The stand-in also serialises what Redshift serialises: concurrent COPYs into one table run one after another
/// ("a serialized load", AWS: "Use a single COPY command to load from multiple files"), and commits of
/// transactions that loaded run one at a time (the commit queue, STL_COMMIT_STATS.queuelen). A COPY outside a
/// transaction block pays its own commit. The numbers of <see cref="Typical"/> and where they come from are in
/// tests/LocalAws/Redshift/README.md ("COPY cost model").
/// </remarks>
/// <param name="PerStatement">Every COPY, even one that fails or loads nothing.</param>
/// <param name="PerFile">Each object the COPY reads (one S3 GET and its per-file bookkeeping).</param>
/// <param name="PerMebibyte">Each MiB read from S3 (as stored, so compressed objects cost less).</param>
/// <param name="PerCommit">The commit of a transaction that ran a COPY, or of a COPY outside a transaction.</param>
public sealed record CopyCostModel(TimeSpan PerStatement, TimeSpan PerFile, TimeSpan PerMebibyte, TimeSpan PerCommit)
{
    /// <summary>No cost: the stand-in runs as fast as PostgreSQL does (the default).</summary>
    public static CopyCostModel None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>A small provisioned cluster (2 × ra3.xlplus): 800 ms a statement, 8 ms a file, 8 ms a MiB, 300 ms a commit.</summary>
    public static CopyCostModel Typical { get; } = new(
        TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(8), TimeSpan.FromMilliseconds(8), TimeSpan.FromMilliseconds(300));

    public bool IsNone => this == None;

    /// <summary>The time one COPY of <paramref name="files"/> objects holding <paramref name="bytes"/> takes, commit excluded.</summary>
    public TimeSpan Copy(int files, long bytes) =>
        PerStatement + (PerFile * files) + (PerMebibyte * (bytes / 1048576.0));

    /// <summary>
    /// <c>off</c>, <c>typical</c>, or <c>statement=800ms,file=8ms,mib=8ms,commit=300ms</c> (any subset; the rest
    /// are zero; units <c>ms</c> or <c>s</c>).
    /// </summary>
    /// <exception cref="FormatException">Names the part that is not understood.</exception>
    public static CopyCostModel Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text.Trim().ToLowerInvariant())
        {
            case "off" or "none" or "":
                return None;
            case "typical" or "on":
                return Typical;
        }

        var model = None;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = part.Split('=', 2) is [var n, var v] ? (n.ToLowerInvariant(), Duration(v, part)) : throw Bad(part);
            model = name switch
            {
                "statement" => model with { PerStatement = value },
                "file" => model with { PerFile = value },
                "mib" => model with { PerMebibyte = value },
                "commit" => model with { PerCommit = value },
                _ => throw Bad(part),
            };
        }

        return model;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"statement={PerStatement.TotalMilliseconds:0.###}ms,file={PerFile.TotalMilliseconds:0.###}ms,mib={PerMebibyte.TotalMilliseconds:0.###}ms,commit={PerCommit.TotalMilliseconds:0.###}ms");

    private static TimeSpan Duration(string value, string part)
    {
        var (number, scale) = value.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (value[..^2], 1.0)
            : value.EndsWith('s') ? (value[..^1], 1000.0)
            : throw Bad(part);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0
            ? TimeSpan.FromMilliseconds(amount * scale)
            : throw Bad(part);
    }

    private static FormatException Bad(string part) =>
        new($"'{part}' is not a COPY cost: use off, typical or statement=800ms,file=8ms,mib=8ms,commit=300ms.");
}
