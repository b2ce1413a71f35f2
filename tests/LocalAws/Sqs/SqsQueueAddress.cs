using System.Text.RegularExpressions;

namespace GapTools.LocalAws.Sqs;

/// <summary>Queue names, URLs and ARNs. Queues are found by name, so URLs with any host (SDK-built ones) work.</summary>
internal static partial class SqsQueueAddress
{
    public static string Url(string baseUrl, string accountId, string name) => $"{baseUrl.TrimEnd('/')}/{accountId}/{name}";

    public static string Arn(string region, string accountId, string name) => $"arn:aws:sqs:{region}:{accountId}:{name}";

    /// <summary>The queue name in a name, an ARN (<c>arn:aws:sqs:region:account:name</c>) or a URL (<c>…/account/name</c>).</summary>
    public static string NameOf(string reference)
    {
        if (reference.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = reference.Split(':');
            return parts is [_, _, "sqs", _, _, { Length: > 0 } arnName] ? arnName : throw SqsErrors.InvalidAddress(reference);
        }

        if (reference.Contains("://", StringComparison.Ordinal) || reference.StartsWith('/'))
        {
            var path = Uri.TryCreate(reference, UriKind.Absolute, out var uri) ? uri.AbsolutePath : reference.Split('?')[0];
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            return segments is [.., _, { Length: > 0 } urlName] ? Uri.UnescapeDataString(urlName) : throw SqsErrors.InvalidAddress(reference);
        }

        return reference;
    }

    /// <summary>A request path naming a queue (<c>/000000000000/name</c>), as older query clients post to the queue URL.</summary>
    public static string? NameFromPath(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries) is [{ } account, { } name] && AccountPattern().IsMatch(account) ? name : null;

    public static void ValidateNewName(string name)
    {
        if (name.EndsWith(".fifo", StringComparison.Ordinal))
        {
            throw SqsErrors.FifoNotEmulated();
        }

        if (!NamePattern().IsMatch(name))
        {
            throw SqsErrors.InvalidParameterValue(
                "QueueName", name, "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountPattern();
}
