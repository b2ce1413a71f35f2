using GapTools.Core;
using GapTools.S3ToRedshift.Routing;
using GapTools.S3ToRedshift.Sink;

namespace GapTools.S3ToRedshift.Configuration;

/// <summary>
/// The rules that span fields or need parsing (routes, transports, manifest), as a pure function from options to
/// messages. Each message starts with the configuration key it is about, for example
/// <c>S3ToRedshift:Targets:2:KeyRegex does not compile: …</c>. Messages never contain secret values.
/// </summary>
public static class S3ToRedshiftOptionsRules
{
    private static readonly TimeSpan MaxVisibility = TimeSpan.FromHours(12);

    /// <summary>Returns every problem; empty when the options are usable.</summary>
    /// <param name="options">The bound options.</param>
    /// <param name="section">Key prefix for the messages.</param>
    public static IReadOnlyList<string> Validate(S3ToRedshiftOptions options, string section = S3ToRedshiftDefaults.SectionName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        void Add(string key, string message) => errors.Add($"{section}:{key} {message}");

        foreach (var problem in options.SinkOutage.Problems($"{section}:SinkOutage"))
        {
            errors.Add(problem);
        }

        ValidateRedshift(options.Redshift, Add);
        ValidateCopy(options, Add);
        ValidateBatching(options, Add);
        _ = BuildRules(options, (index, key, message) => Add(index < 0 ? "Targets" : key.Length == 0 ? $"Targets:{index}" : $"Targets:{index}:{key}", message));

        if (!QualifiedTableName.TryParse(options.LoadLog.Table, out _, out var logError))
        {
            Add("LoadLog:Table", logError!);
        }

        if (options.FailedMessageDelay < TimeSpan.Zero || options.FailedMessageDelay > MaxVisibility)
        {
            Add("FailedMessageDelay", "must be between 0 and 12 hours (the SQS visibility timeout limit)");
        }

        return errors;
    }

    /// <summary>
    /// Builds the route rules from the targets (defaults from <see cref="CopyOptions"/> applied). Problems go to
    /// <paramref name="error"/> as (target index or -1 for the list, field, message); failed targets are left out.
    /// </summary>
    public static IReadOnlyList<RouteRule> BuildRules(S3ToRedshiftOptions options, Action<int, string, string>? error = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = new List<RouteRule>();
        var destination = options.Redshift.Describe();
        if (options.Targets.Count == 0)
        {
            error?.Invoke(-1, "", "must list at least one target");
        }

        for (var i = 0; i < options.Targets.Count; i++)
        {
            var target = options.Targets[i];
            var parameters = target.CopyParameters ?? options.Copy.Parameters;
            if (CopyParameters.Validate(parameters) is { } problem)
            {
                error?.Invoke(i, target.CopyParameters is null ? "CopyParameters (from Copy:Parameters)" : "CopyParameters", problem);
            }

            var spec = new RouteRuleSpec(
                target.Bucket, target.KeyPrefix, target.KeyRegex, target.Schema, target.Table, parameters,
                target.Region ?? options.Copy.Region, target.Discard, target.Break);
            if (RouteRule.TryCreate(i, spec, destination, out var rule, out var problems))
            {
                rules.Add(rule!);
            }

            foreach (var message in problems)
            {
                // Messages start with the field name ("KeyRegex does not compile…"); keep them readable as "Targets:1:KeyRegex does not…".
                var space = message.IndexOf(' ', StringComparison.Ordinal);
                var field = space > 0 && char.IsUpper(message[0]) ? message[..space] : "";
                error?.Invoke(i, field, field.Length > 0 ? message[(space + 1)..] : message);
            }
        }

        return rules;
    }

    private static void ValidateRedshift(RedshiftOptions redshift, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(redshift.Database))
        {
            add("Redshift:Database", "is required");
        }

        if (redshift.Transport == RedshiftTransport.Wire)
        {
            if (string.IsNullOrWhiteSpace(redshift.Host))
            {
                add("Redshift:Host", "is required for the wire transport");
            }

            if (string.IsNullOrWhiteSpace(redshift.User))
            {
                add("Redshift:User", "is required for the wire transport");
            }

            if (redshift.IamAuthentication)
            {
                if (string.IsNullOrWhiteSpace(redshift.ClusterIdentifier))
                {
                    add("Redshift:ClusterIdentifier", "is required with Redshift:IamAuthentication");
                }

                if (!string.IsNullOrEmpty(redshift.Password))
                {
                    add("Redshift:Password", "must not be set with Redshift:IamAuthentication");
                }

                if (redshift.CredentialsDuration < TimeSpan.FromMinutes(15) || redshift.CredentialsDuration > TimeSpan.FromHours(1))
                {
                    add("Redshift:CredentialsDuration", "must be between 00:15:00 and 01:00:00 (GetClusterCredentials' DurationSeconds range)");
                }
            }
            else if (string.IsNullOrEmpty(redshift.Password))
            {
                add("Redshift:Password", "is required unless Redshift:IamAuthentication is true");
            }
        }
        else
        {
            var targets = new[] { redshift.ClusterIdentifier, redshift.WorkgroupName }.Count(v => !string.IsNullOrWhiteSpace(v));
            if (targets != 1)
            {
                add("Redshift:ClusterIdentifier", "or Redshift:WorkgroupName (exactly one) is required for the Data API");
            }
            else if (!string.IsNullOrWhiteSpace(redshift.ClusterIdentifier)
                && string.IsNullOrWhiteSpace(redshift.User) && string.IsNullOrWhiteSpace(redshift.SecretArn))
            {
                add("Redshift:User", "(DbUser) or Redshift:SecretArn is required with a cluster on the Data API");
            }

            if (!string.IsNullOrEmpty(redshift.Password))
            {
                add("Redshift:Password", "is not used by the Data API (use Redshift:SecretArn or Redshift:User)");
            }
        }

        if (redshift.CommandTimeout <= TimeSpan.Zero)
        {
            add("Redshift:CommandTimeout", "must be positive");
        }

        if (redshift.StatementPollInterval <= TimeSpan.Zero)
        {
            add("Redshift:StatementPollInterval", "must be positive");
        }
    }

    private static void ValidateCopy(S3ToRedshiftOptions options, Action<string, string> add)
    {
        if (options.Copy.Authorization == CopyAuthorization.IamRole && string.IsNullOrWhiteSpace(options.Copy.IamRole))
        {
            add("Copy:IamRole", "is required when Copy:Authorization is IamRole (or set Copy:Authorization to WorkerCredentials)");
        }

        if (options.Copy.IamRole is { } role && (role.Contains('\'', StringComparison.Ordinal) || role.Contains('\\', StringComparison.Ordinal)))
        {
            add("Copy:IamRole", "must not contain quotes or backslashes");
        }
    }

    private static void ValidateBatching(S3ToRedshiftOptions options, Action<string, string> add)
    {
        if (options.Batch.MaxWait < TimeSpan.Zero || options.Batch.MaxWait > TimeSpan.FromHours(1))
        {
            add("Batch:MaxWait", "must be between 0 and 01:00:00");
        }

        if (options.Manifest.Prefix is { } prefix)
        {
            if (!S3Uri.TryParse(prefix, out _, out _) || prefix.Contains('\\', StringComparison.Ordinal) || prefix.Contains('\'', StringComparison.Ordinal))
            {
                add("Manifest:Prefix", "must be an s3://bucket/prefix/ URL without quotes or backslashes");
            }
        }
        else if (options.Batch.MaxObjects > 1)
        {
            add("Manifest:Prefix", "is required to load batches (Batch:MaxObjects > 1); or leave Batch:MaxObjects unset for one direct COPY per object");
        }
    }
}
