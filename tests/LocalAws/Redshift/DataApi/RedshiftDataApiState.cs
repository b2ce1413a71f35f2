using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GapTools.LocalAws.Redshift.ControlPlane;

namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>
/// The Redshift Data API's state: submitted statements and their cached results, idempotency tokens, serverless
/// workgroups mapped onto attached clusters, and the limits tests may lower.
/// </summary>
public sealed class RedshiftDataApiState
{
    private readonly ConcurrentDictionary<string, DataApiStatement> statements = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<DataApiStatement>> clientTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> workgroups = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<RedshiftCluster, Lazy<Task<ServiceLogin>>> serviceLogins = [];
    private readonly Dictionary<string, int> active = new(StringComparer.Ordinal);
    private readonly Lock admission = new();
    private long queryIds;

    internal RedshiftDataApiState(LocalAwsState owner)
    {
        Owner = owner;
    }

    /// <summary>
    /// Statements SUBMITTED or STARTED at once per cluster; one more is refused with
    /// ActiveStatementsExceededException. Defaults to 200 (<see cref="RedshiftDataApiDefaults.MaxActiveStatementsPerCluster"/>).
    /// </summary>
    public int MaxActiveStatementsPerCluster { get; set; } = RedshiftDataApiDefaults.MaxActiveStatementsPerCluster;

    /// <summary>
    /// Records per GetStatementResult page. AWS pages by size (about 100 MB), which test data never reaches, so the
    /// default (null) answers in one page; set a small number to exercise NextToken.
    /// </summary>
    public int? ResultPageRows { get; set; }

    internal LocalAwsState Owner { get; }

    internal TimeProvider Time => Owner.Time;

    /// <summary>
    /// Makes Redshift Serverless workgroup <paramref name="workgroupName"/> (a name or ARN, as requests send it) run
    /// its statements on the attached cluster <paramref name="clusterIdentifier"/>.
    /// </summary>
    public void MapWorkgroup(string workgroupName, string clusterIdentifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(workgroupName);
        ArgumentException.ThrowIfNullOrEmpty(clusterIdentifier);
        workgroups[workgroupName] = clusterIdentifier;
    }

    /// <summary>Statements of a cluster that are SUBMITTED or STARTED now.</summary>
    public int ActiveStatementCount(string clusterIdentifier)
    {
        lock (admission)
        {
            return active.GetValueOrDefault(clusterIdentifier);
        }
    }

    internal string? ClusterForWorkgroup(string workgroupName) => workgroups.GetValueOrDefault(workgroupName);

    internal long NextQueryId() => Interlocked.Increment(ref queryIds);

    /// <summary>Counts a new active statement on the cluster, or refuses it when the limit is reached.</summary>
    internal void Admit(string clusterIdentifier)
    {
        lock (admission)
        {
            var count = active.GetValueOrDefault(clusterIdentifier);
            if (count >= MaxActiveStatementsPerCluster)
            {
                throw DataApiErrors.ActiveStatementsExceeded(MaxActiveStatementsPerCluster);
            }

            active[clusterIdentifier] = count + 1;
        }
    }

    internal void Release(string clusterIdentifier)
    {
        lock (admission)
        {
            active[clusterIdentifier] = active.GetValueOrDefault(clusterIdentifier) - 1;
        }
    }

    internal void Add(DataApiStatement statement) => statements[statement.Id] = statement;

    internal IEnumerable<DataApiStatement> Statements => statements.Values;

    /// <summary>Submissions so far that named <paramref name="workgroupName"/> (WorkgroupName, no ClusterIdentifier): the serverless path.</summary>
    public int WorkgroupSubmissionCount(string workgroupName) =>
        statements.Values.Count(s => s.Submission.WorkgroupName == workgroupName && s.Submission.ClusterIdentifier is null);

    /// <summary>The statement with this id, or the batch owning sub-statement <c>&lt;id&gt;:n</c> plus its part index.</summary>
    internal bool TryFind(string id, out DataApiStatement statement, out int? partIndex)
    {
        partIndex = null;
        if (statements.TryGetValue(id, out statement!))
        {
            return true;
        }

        var colon = id.LastIndexOf(':');
        if (colon > 0
            && int.TryParse(id.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && statements.TryGetValue(id[..colon], out statement!)
            && statement.Submission.IsBatch
            && n >= 1 && n <= statement.PartCount)
        {
            partIndex = n - 1;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Runs <paramref name="submit"/> once per ClientToken: a retry with the same token gets the first submission's
    /// statement. A submission that failed frees its token so a retry submits again.
    /// </summary>
    internal async Task<DataApiStatement> OnceAsync(string? clientToken, Func<Task<DataApiStatement>> submit)
    {
        if (clientToken is null)
        {
            return await submit();
        }

        var mine = new TaskCompletionSource<DataApiStatement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var winner = clientTokens.GetOrAdd(clientToken, mine.Task);
        if (winner != mine.Task)
        {
            return await winner;
        }

        try
        {
            var statement = await submit();
            mine.SetResult(statement);
            return statement;
        }
        catch (Exception e)
        {
            clientTokens.TryRemove(new KeyValuePair<string, Task<DataApiStatement>>(clientToken, mine.Task));
            mine.SetException(e);
            throw;
        }
    }

    internal Task<ServiceLogin> ServiceLoginAsync(RedshiftCluster cluster)
    {
        var login = serviceLogins.GetValue(cluster, c => new Lazy<Task<ServiceLogin>>(() => ServiceLogin.CreateAsync(c)));
        if (login.Value.IsFaulted)
        {
            // Try again next time (the database may have been unreachable).
            serviceLogins.Remove(cluster);
        }

        return login.Value;
    }
}
