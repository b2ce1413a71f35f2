namespace GapTools.S3ToRedshift.Configuration;

/// <summary>
/// One routing target, like a Rin <c>targets[]</c> entry: objects in <see cref="Bucket"/> whose key starts with
/// <see cref="KeyPrefix"/> or matches <see cref="KeyRegex"/> load into <see cref="Schema"/>.<see cref="Table"/>.
/// Targets are evaluated in order; every matching target loads the object until one with <see cref="Break"/>.
/// </summary>
public sealed record TargetOptions
{
    /// <summary>Source bucket. Required.</summary>
    public string? Bucket { get; set; }

    /// <summary>Key prefix to match (exclusive with <see cref="KeyRegex"/>; neither matches every key).</summary>
    public string? KeyPrefix { get; set; }

    /// <summary>
    /// .NET regular expression searched in the key (unanchored, like Rin's <c>key_regexp</c>). Captures expand
    /// into <see cref="Schema"/> and <see cref="Table"/> as <c>$1</c>, <c>${10}</c> or <c>${name}</c>;
    /// Go's <c>(?P&lt;name&gt;…)</c> is accepted.
    /// </summary>
    public string? KeyRegex { get; set; }

    /// <summary>Schema name template; null leaves the table unqualified (the search path decides).</summary>
    public string? Schema { get; set; }

    /// <summary>Table name template. Required unless <see cref="Discard"/> is set.</summary>
    public string? Table { get; set; }

    /// <summary>COPY format and parameters for this target (for example <c>JSON 'auto' GZIP</c>); defaults to <see cref="CopyOptions.Parameters"/>.</summary>
    public string? CopyParameters { get; set; }

    /// <summary>Source region for the COPY <c>REGION</c> clause; defaults to <see cref="CopyOptions.Region"/>.</summary>
    public string? Region { get; set; }

    /// <summary>Matching objects are acknowledged without loading. Defaults to false.</summary>
    public bool Discard { get; set; }

    /// <summary>Stop evaluating later targets after this one matches. Defaults to false.</summary>
    public bool Break { get; set; }
}
