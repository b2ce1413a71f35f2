namespace GapTools.SsmWrap;

/// <summary>
/// Which parameters a rule takes, in ssmwrap's path syntax: <c>/a/b</c> (one parameter), <c>/a/b/*</c> (direct
/// children) or <c>/a/b/**/*</c> (everything below). <c>/aws/reference/secretsmanager/&lt;id&gt;</c> names one
/// Secrets Manager secret.
/// </summary>
public sealed record ParameterSelector
{
    internal const string SecretsManagerPrefix = "/aws/reference/secretsmanager/";
    private const string ChildrenSuffix = "/*";
    private const string RecursiveSuffix = "/**/*";

    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html (Name: 1..2048)
    private const int MaxNameLength = 2048;

    private ParameterSelector(string path, SelectorDepth depth)
    {
        Path = path;
        Depth = depth;
    }

    /// <summary>The parameter name (<see cref="SelectorDepth.Exact"/>) or the hierarchy below which to look (<c>/</c> for the root).</summary>
    public string Path { get; }

    /// <summary>Exact, direct children or recursive.</summary>
    public SelectorDepth Depth { get; }

    /// <summary>True for <c>/aws/reference/secretsmanager/&lt;id&gt;</c>, which only GetParameter(s) can read.</summary>
    public bool IsSecretReference => Depth == SelectorDepth.Exact && IsSecretReferenceName(Path);

    /// <summary>Parses <c>/a/b</c>, <c>/a/b/*</c> or <c>/a/b/**/*</c>.</summary>
    /// <exception cref="FormatException">The text is not a valid selector; the message says why.</exception>
    public static ParameterSelector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (path, depth) = Split(text);
        var problem = depth == SelectorDepth.Exact ? NameProblem(path) : HierarchyProblem(path);
        if (problem is not null)
        {
            throw new FormatException($"invalid parameter path '{text}': {problem}");
        }

        return new ParameterSelector(path, depth);
    }

    /// <summary>True when <paramref name="parameterName"/> is one of the parameters this selector takes.</summary>
    public bool Matches(string parameterName)
    {
        ArgumentNullException.ThrowIfNull(parameterName);
        return Depth switch
        {
            SelectorDepth.Exact => parameterName == Path,
            // GetParametersByPath never returns Secrets Manager references, so a path never takes them.
            _ when IsSecretReferenceName(parameterName) => false,
            SelectorDepth.Children => ParentOf(parameterName) == Path,
            _ => parameterName.StartsWith(Path == "/" ? "/" : Path + "/", StringComparison.Ordinal),
        };
    }

    /// <summary>True when fetching this selector also fetches everything <paramref name="other"/> takes.</summary>
    public bool Covers(ParameterSelector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return (Depth, other.Depth) switch
        {
            (_, SelectorDepth.Exact) => Matches(other.Path),
            (SelectorDepth.Recursive, _) => other.Path == Path || Matches(other.Path),
            (SelectorDepth.Children, SelectorDepth.Children) => other.Path == Path,
            _ => false,
        };
    }

    /// <summary>The selector in ssmwrap's CLI syntax.</summary>
    public override string ToString() => Depth switch
    {
        SelectorDepth.Exact => Path,
        SelectorDepth.Children => (Path == "/" ? "" : Path) + ChildrenSuffix,
        _ => (Path == "/" ? "" : Path) + RecursiveSuffix,
    };

    internal static bool IsSecretReferenceName(string name) =>
        name.StartsWith(SecretsManagerPrefix, StringComparison.Ordinal);

    internal static string ParentOf(string name)
    {
        var slash = name.LastIndexOf('/');
        return slash switch
        {
            < 0 => "",
            0 => "/",
            _ => name[..slash],
        };
    }

    private static (string Path, SelectorDepth Depth) Split(string text)
    {
        if (text.EndsWith(RecursiveSuffix, StringComparison.Ordinal))
        {
            return (RootIfEmpty(text[..^RecursiveSuffix.Length]), SelectorDepth.Recursive);
        }

        return text.EndsWith(ChildrenSuffix, StringComparison.Ordinal)
            ? (RootIfEmpty(text[..^ChildrenSuffix.Length]), SelectorDepth.Children)
            : (text, SelectorDepth.Exact);
    }

    private static string RootIfEmpty(string path) => path.Length == 0 ? "/" : path;

    private static string? NameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }

        if (name.Length > MaxNameLength)
        {
            return $"longer than {MaxNameLength} characters";
        }

        if (IsSecretReferenceName(name))
        {
            var id = name[SecretsManagerPrefix.Length..];
            return id.Length > 0 && id.All(IsSecretIdChar) && !id.StartsWith('/') && !id.EndsWith('/') && !id.Contains("//", StringComparison.Ordinal)
                ? null
                : "a Secrets Manager secret id may contain only letters, digits and /_+=.@-";
        }

        if (name.StartsWith("/aws/", StringComparison.OrdinalIgnoreCase))
        {
            return "only /aws/reference/secretsmanager/<id> can be read under /aws/";
        }

        if (name.Contains('*', StringComparison.Ordinal))
        {
            return "a wildcard may only end a path, as /* (children) or /**/* (everything below)";
        }

        // A bare top-level name ("db-password") has no slash; a hierarchy starts with one.
        return name.StartsWith('/') ? HierarchyProblem(name) : SegmentProblem(name);
    }

    private static string? HierarchyProblem(string path)
    {
        if (path == "/")
        {
            return null;
        }

        if (path.StartsWith("/aws/", StringComparison.OrdinalIgnoreCase) || path.Equals("/aws", StringComparison.OrdinalIgnoreCase))
        {
            return "Secrets Manager references name one secret: use /aws/reference/secretsmanager/<id> without a wildcard";
        }

        if (path.Contains('*', StringComparison.Ordinal))
        {
            return "a wildcard may only end a path, as /* (children) or /**/* (everything below)";
        }

        if (!path.StartsWith('/'))
        {
            return "a path must start with /";
        }

        return path[1..].Split('/').Select(SegmentProblem).FirstOrDefault(p => p is not null);
    }

    // https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
    // (names may contain letters, digits and _.- between slashes)
    private static string? SegmentProblem(string segment) =>
        segment.Length == 0 ? "empty segment (// or a trailing /)"
        : segment.All(IsNameChar) ? null
        : "a parameter name may contain only letters, digits, _ . - and /";

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    private static bool IsSecretIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '+' or '=' or '.' or '@' or '-';
}
