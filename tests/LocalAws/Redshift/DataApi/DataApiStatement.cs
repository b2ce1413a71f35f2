namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>Who a statement runs as and where, as DescribeStatement reports it.</summary>
internal sealed record StatementIdentity(string ClusterIdentifier, string? WorkgroupName, string Database, string? DbUser, string? SecretArn);

/// <summary>A statement (or one of a batch's sub-statements) at one moment.</summary>
internal sealed record StatementPartView(
    string Id, string Sql, string Status, string? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long DurationNanos,
    bool HasResultSet, long ResultRows, long ResultSize, long? RedshiftQueryId, StatementResult? Result);

/// <summary>A whole submission at one moment; a single statement has one part whose id is the statement's.</summary>
internal sealed record StatementView(
    DataApiStatement Statement, string Status, string? Error, DateTimeOffset UpdatedAt, long DurationNanos, long? RedshiftPid,
    IReadOnlyList<StatementPartView> Parts)
{
    public bool HasResultSet => Parts.Any(p => p.HasResultSet);
}

/// <summary>
/// One ExecuteStatement or BatchExecuteStatement: SUBMITTED → STARTED → FINISHED / FAILED / ABORTED, for the
/// submission and for each of its sub-statements. Mutated by the background run, read by Describe/GetStatementResult.
/// </summary>
internal sealed class DataApiStatement : IDisposable
{
    private readonly Lock gate = new();
    private readonly CancellationTokenSource cancellation = new();
    private readonly Part[] parts;
    private string status = StatementStatus.Submitted;
    private string? error;
    private DateTimeOffset updatedAt;
    private long durationNanos;
    private long? redshiftPid;

    public DataApiStatement(string id, DataApiSubmission submission, StatementIdentity identity, DateTimeOffset createdAt)
    {
        Id = id;
        Submission = submission;
        Identity = identity;
        CreatedAt = createdAt;
        updatedAt = createdAt;
        parts = submission.IsBatch
            ? submission.Sqls.Select((sql, i) => new Part($"{id}:{i + 1}", sql, createdAt)).ToArray()
            : [new Part(id, submission.Sqls[0], createdAt)];
    }

    public string Id { get; }

    public DataApiSubmission Submission { get; }

    public StatementIdentity Identity { get; }

    public DateTimeOffset CreatedAt { get; }

    public int PartCount => parts.Length;

    /// <summary>Cancelled by CancelStatement; the run passes it to every database call.</summary>
    public CancellationToken Cancellation => cancellation.Token;

    public StatementView View()
    {
        lock (gate)
        {
            return new StatementView(this, status, error, updatedAt, durationNanos, redshiftPid, parts.Select(p => p.View()).ToList());
        }
    }

    /// <summary>Asks a SUBMITTED or STARTED statement to stop; false (with its status) when it has already ended.</summary>
    public bool RequestCancel(out string currentStatus)
    {
        lock (gate)
        {
            currentStatus = status;
            if (!StatementStatus.IsActive(status))
            {
                return false;
            }
        }

        cancellation.Cancel();
        return true;
    }

    public void Start(DateTimeOffset now, long pid)
    {
        lock (gate)
        {
            status = StatementStatus.Started;
            redshiftPid = pid;
            updatedAt = now;
        }
    }

    public void StartPart(int index, DateTimeOffset now, long queryId)
    {
        lock (gate)
        {
            parts[index].Start(now, queryId);
            updatedAt = now;
        }
    }

    public void FinishPart(int index, DateTimeOffset now, long durationNanos, long resultRows, StatementResult? result)
    {
        lock (gate)
        {
            parts[index].Finish(now, durationNanos, resultRows, result);
            updatedAt = now;
        }
    }

    /// <summary>Ends the submission; <paramref name="failedPart"/> (when FAILED) carries the error, parts not yet ended are ABORTED.</summary>
    public void End(string endStatus, DateTimeOffset now, long elapsedNanos, string? endError = null, int? failedPart = null, long failedPartNanos = 0)
    {
        lock (gate)
        {
            status = endStatus;
            error = endError;
            durationNanos = elapsedNanos;
            updatedAt = now;
            for (var i = 0; i < parts.Length; i++)
            {
                if (i == failedPart)
                {
                    parts[i].End(StatementStatus.Failed, now, failedPartNanos, endError);
                }
                else if (StatementStatus.IsActive(parts[i].Status))
                {
                    parts[i].End(endStatus == StatementStatus.Failed ? StatementStatus.Aborted : endStatus, now, 0, null);
                }
            }
        }
    }

    public void Dispose() => cancellation.Dispose();

    /// <summary>Mutable state of one sub-statement, guarded by the statement's lock.</summary>
    private sealed class Part(string id, string sql, DateTimeOffset createdAt)
    {
        private readonly DateTimeOffset createdAt = createdAt;
        private DateTimeOffset updatedAt = createdAt;
        private string? error;
        private long durationNanos;
        private long resultRows;
        private long? queryId;
        private StatementResult? result;

        public string Status { get; private set; } = StatementStatus.Submitted;

        public void Start(DateTimeOffset now, long redshiftQueryId)
        {
            Status = StatementStatus.Started;
            queryId = redshiftQueryId;
            updatedAt = now;
        }

        public void Finish(DateTimeOffset now, long nanos, long rows, StatementResult? rowsReturned)
        {
            Status = StatementStatus.Finished;
            durationNanos = nanos;
            resultRows = rows;
            result = rowsReturned;
            updatedAt = now;
        }

        public void End(string endStatus, DateTimeOffset now, long nanos, string? endError)
        {
            Status = endStatus;
            error = endError;
            durationNanos = nanos;
            updatedAt = now;
        }

        public StatementPartView View() => new(
            id, sql, Status, error, createdAt, updatedAt, durationNanos,
            HasResultSet: result is not null,
            ResultRows: Status == StatementStatus.Finished ? resultRows : -1,
            ResultSize: result?.Size ?? (Status == StatementStatus.Finished ? 0 : -1),
            queryId,
            result);
    }
}
