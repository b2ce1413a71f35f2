using System.Buffers;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.Ssm;

/// <summary>Parameter names and paths: AWS's naming rules, selectors, hierarchy membership and ARNs. Pure.</summary>
internal static class SsmNames
{
    // https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
    public const int MaxNameLength = 2048;
    public const int MaxHierarchyLevels = 15;
    public const string SecretsReferencePrefix = "/aws/reference/secretsmanager/";
    public const string AccountId = "000000000000";

    private const string NameRules =
        "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). If formed as a path, it can consist of " +
        "sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_";

    private static readonly SearchValues<char> SegmentChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_");

    /// <summary>Rules PutParameter applies to a new name.</summary>
    public static void ValidateForPut(string name)
    {
        CheckLength(name, "name");
        if (name.Contains('/', StringComparison.Ordinal) && !name.StartsWith('/'))
        {
            throw AwsErrorException.Validation("Parameter name must be a fully qualified name.");
        }

        var segments = Segments(name);
        if (segments.Any(s => s.Length == 0 || s.AsSpan().ContainsAnyExcept(SegmentChars)) || IsReserved(name))
        {
            throw AwsErrorException.Validation(NameRules);
        }

        if (segments.Length > MaxHierarchyLevels)
        {
            throw HierarchyTooDeep();
        }
    }

    /// <summary>Rules GetParametersByPath applies to its Path; returns it without a trailing slash ("/" stays).</summary>
    public static string NormalizePath(string path)
    {
        CheckLength(path, "path");
        if (!path.StartsWith('/'))
        {
            throw AwsErrorException.Validation(
                "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\".");
        }

        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        var segments = trimmed == "/" ? [] : Segments(trimmed);
        if (segments.Any(s => s.Length == 0 || s.AsSpan().ContainsAnyExcept(SegmentChars)))
        {
            throw AwsErrorException.Validation(NameRules.Replace("Parameter name:", "Parameter path:", StringComparison.Ordinal));
        }

        if (segments.Length > MaxHierarchyLevels)
        {
            throw HierarchyTooDeep();
        }

        return trimmed.Length == 0 ? "/" : trimmed;
    }

    /// <summary>Names whose first characters are "aws" or "ssm" (with or without the leading slash) belong to AWS.</summary>
    public static bool IsReserved(string name)
    {
        var bare = name.TrimStart('/');
        return bare.StartsWith("aws", StringComparison.OrdinalIgnoreCase) || bare.StartsWith("ssm", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsSecretsReference(string name) =>
        name.StartsWith(SecretsReferencePrefix, StringComparison.Ordinal) && name.Length > SecretsReferencePrefix.Length;

    /// <summary>Whether a path names the secrets reference tree (GetParametersByPath refuses it, as AWS does).</summary>
    public static bool IsSecretsReferencePath(string normalizedPath) =>
        (normalizedPath + "/").StartsWith(SecretsReferencePrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Splits what a reader asked for into the parameter name and its selector (<c>/a/b:3</c> → version 3,
    /// <c>/a/b:prod</c> → label). Names cannot contain ':', so the last ':' starts the selector. A parameter ARN
    /// (<c>arn:aws:ssm:…:parameter/a/b</c>) is accepted as AWS does.
    /// </summary>
    public static SsmNameQuery Parse(string requested)
    {
        var name = requested;
        var fromArn = false;
        if (requested.StartsWith("arn:", StringComparison.Ordinal))
        {
            var marker = requested.IndexOf(":parameter/", StringComparison.Ordinal);
            if (marker >= 0)
            {
                name = requested[(marker + ":parameter".Length)..];
                fromArn = true;
            }
        }

        var colon = name.LastIndexOf(':');
        var selector = colon < 0 ? null : name[colon..];
        var bare = colon < 0 ? name : name[..colon];
        long? version = selector is { Length: > 1 } && long.TryParse(selector.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v
            : null;
        return new SsmNameQuery(requested, bare, selector, version, fromArn);
    }

    /// <summary>Whether a name lies under a path: directly (one level) or anywhere below (recursive).</summary>
    public static bool IsUnder(string name, string normalizedPath, bool recursive)
    {
        if (normalizedPath == "/" && !name.StartsWith('/'))
        {
            // Names without a hierarchy ("foo") sit at the root.
            return true;
        }

        var prefix = normalizedPath == "/" ? "/" : normalizedPath + "/";
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || name.Length == prefix.Length)
        {
            return false;
        }

        return recursive || name.IndexOf('/', prefix.Length) < 0;
    }

    /// <summary><c>arn:aws:ssm:us-east-1:000000000000:parameter/a/b</c> for <c>/a/b</c> (and for <c>a</c>: <c>parameter/a</c>).</summary>
    public static string Arn(string region, string name) => $"arn:aws:ssm:{region}:{AccountId}:parameter/{name.TrimStart('/')}";

    private static string[] Segments(string name) => (name.StartsWith('/') ? name[1..] : name).Split('/');

    private static void CheckLength(string value, string member)
    {
        if (value.Length > MaxNameLength)
        {
            throw AwsErrorException.Validation(
                $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must have length less than or equal to {MaxNameLength}");
        }
    }

    private static AwsErrorException HierarchyTooDeep() => new(
        "HierarchyLevelLimitExceededException",
        "A hierarchy can have a maximum of 15 levels. For more information, see Requirements and Constraints for Parameter Names in the AWS Systems Manager User Guide.");
}

/// <summary>A name as a reader asked for it: the parameter name plus an optional <c>:version</c> or <c>:label</c> selector.</summary>
internal sealed record SsmNameQuery(string Requested, string Name, string? Selector, long? Version, bool FromArn)
{
    public bool HasLabel => Selector is not null && Version is null;
}
