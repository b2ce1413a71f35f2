using System.Security.Cryptography;
using System.Text;

namespace GapTools.LocalAws.Ssm;

/// <summary>
/// In-memory Parameter Store: every version of every parameter, plus the Secrets Manager secrets that
/// <c>/aws/reference/secretsmanager/&lt;id&gt;</c> names read. Thread-safe; names are ordered ordinally, which is
/// the order GetParametersByPath pages in.
/// </summary>
public sealed class SsmStore(TimeProvider time)
{
    /// <summary>Parameter Store keeps 100 versions and drops the oldest unlabelled one beyond that.</summary>
    public const int MaxVersions = 100;

    private readonly Lock gate = new();
    private readonly SortedDictionary<string, List<SsmParameterVersion>> parameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SsmSecret> secrets = new(StringComparer.Ordinal);

    /// <summary>How many parameters exist (not counting versions or secrets).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return parameters.Count;
            }
        }
    }

    /// <summary>
    /// Creates or overwrites a parameter as PutParameter with <c>Overwrite=true</c> would (same validation).
    /// <paramref name="type"/> is <c>String</c>, <c>StringList</c> or <c>SecureString</c>. Returns the new version.
    /// </summary>
    public long Put(string name, string value, string type = "String") =>
        Put(new SsmPut(name, value) { Type = type, Overwrite = true }).Version;

    /// <summary>Creates or replaces a Secrets Manager secret readable as <c>/aws/reference/secretsmanager/&lt;secretId&gt;</c>.</summary>
    public void PutSecret(string secretId, string secretString)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        ArgumentNullException.ThrowIfNull(secretString);
        var now = time.GetUtcNow();
        lock (gate)
        {
            secrets.TryGetValue(secretId, out var existing);
            var generation = existing is null ? 1 : int.Parse(existing.VersionId.AsSpan(^4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) + 1;
            secrets[secretId] = new SsmSecret(
                secretId,
                Hex(secretId)[..6],
                secretString,
                Guid.ParseExact($"{Hex($"{secretId}#{generation}")[..28]}{generation:x4}", "N").ToString(),
                existing?.Created ?? now,
                now);
        }
    }

    /// <summary>The current version of a parameter, or null.</summary>
    public SsmParameterVersion? Find(string name)
    {
        lock (gate)
        {
            return parameters.TryGetValue(name, out var versions) ? versions[^1] : null;
        }
    }

    internal SsmParameterVersion Put(SsmPut put)
    {
        lock (gate)
        {
            parameters.TryGetValue(put.Name, out var versions);
            var next = SsmPutRules.Next(put, versions?[^1], time.GetUtcNow());
            if (versions is null)
            {
                parameters[put.Name] = versions = [];
            }

            versions.Add(next);
            if (versions.Count > MaxVersions)
            {
                versions.RemoveAt(0);
            }

            return next;
        }
    }

    /// <summary>A given version (or the current one when null); null when the parameter or version does not exist.</summary>
    internal SsmParameterVersion? Find(string name, long? version)
    {
        lock (gate)
        {
            if (!parameters.TryGetValue(name, out var versions))
            {
                return null;
            }

            return version is { } v ? versions.Find(p => p.Version == v) : versions[^1];
        }
    }

    internal IReadOnlyList<SsmParameterVersion> History(string name)
    {
        lock (gate)
        {
            return parameters.TryGetValue(name, out var versions) ? [.. versions] : [];
        }
    }

    /// <summary>
    /// Current versions with names after <paramref name="after"/> (ordinal) that pass <paramref name="include"/>,
    /// at most <paramref name="take"/>; <paramref name="more"/> tells whether further matches exist.
    /// Paging on the last name (not an offset) keeps pages stable while other callers put or delete.
    /// </summary>
    internal List<SsmParameterVersion> Page(string? after, Func<SsmParameterVersion, bool> include, int take, out bool more)
    {
        var page = new List<SsmParameterVersion>(take);
        more = false;
        lock (gate)
        {
            foreach (var (name, versions) in parameters)
            {
                if (after is not null && string.CompareOrdinal(name, after) <= 0)
                {
                    continue;
                }

                if (!include(versions[^1]))
                {
                    continue;
                }

                if (page.Count == take)
                {
                    more = true;
                    break;
                }

                page.Add(versions[^1]);
            }
        }

        return page;
    }

    internal bool Delete(string name)
    {
        lock (gate)
        {
            return parameters.Remove(name);
        }
    }

    /// <summary>A secret by name, full ARN or partial ARN (without the six-character suffix).</summary>
    internal SsmSecret? FindSecret(string secretId)
    {
        lock (gate)
        {
            if (secrets.TryGetValue(secretId, out var byName))
            {
                return byName;
            }

            const string marker = ":secret:";
            var at = secretId.StartsWith("arn:", StringComparison.Ordinal) ? secretId.IndexOf(marker, StringComparison.Ordinal) : -1;
            if (at < 0)
            {
                return null;
            }

            var tail = secretId[(at + marker.Length)..];
            return secrets.Values.FirstOrDefault(s => tail == $"{s.Name}-{s.Suffix}" || tail == s.Name);
        }
    }

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
