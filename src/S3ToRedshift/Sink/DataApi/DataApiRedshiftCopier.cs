using Amazon.Runtime;
using GapTools.Core.Resilience;
using GapTools.Core.Signing;

namespace GapTools.S3ToRedshift.Sink.DataApi;

/// <summary>
/// The Data API transport (tested end to end against LocalAws's redshift-data emulator). The load transaction is one
/// BatchExecuteStatement (run by AWS as one transaction): LOCK; guard statements that fail when an object is
/// already logged; COPY; log inserts. DescribeStatement is polled on the injected clock until the statement ends.
/// A failed guard sub-statement is a <see cref="LoadConflictException"/>; others become <see cref="RedshiftLoadException"/>.
/// </summary>
internal sealed class DataApiRedshiftCopier(
    AwsJsonProtocolClient client,
    StatementTarget target,
    TimeProvider time,
    TimeSpan pollInterval) : IRedshiftCopier
{
    /// <summary>The Data API's limit per SQL statement (100 KB).</summary>
    public const int MaxStatementLength = 100_000;

    /// <summary>BatchExecuteStatement takes at most 40 statements.</summary>
    public const int MaxStatements = 40;

    private static readonly RedshiftDataJsonContext Json = RedshiftDataJsonContext.Default;

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        var id = await StartAsync(sql, cancellationToken).ConfigureAwait(false);
        var done = await WaitAsync(id, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(done, guardRange: default);
    }

    public async Task<IReadOnlyList<LoggedObject>> SelectLoggedAsync(IReadOnlyList<string> queries, CancellationToken cancellationToken)
    {
        var rows = new List<LoggedObject>();
        foreach (var query in queries)
        {
            foreach (var record in await QueryAsync(query, cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new LoggedObject(record[0].Text(), record[1].Text(), record[2].Text(), record[3].Text(), record[4].Text()));
            }
        }

        return rows;
    }

    public async Task<long> LoadAsync(LoadTransaction transaction, CancellationToken cancellationToken)
    {
        var sqls = new List<string> { transaction.Lock };
        sqls.AddRange(transaction.FailIfLogged);
        var copyIndex = sqls.Count;
        sqls.Add(transaction.Copy.ToSql());
        sqls.AddRange(transaction.InsertLog);
        if (sqls.Count > MaxStatements)
        {
            throw new RedshiftLoadException(LoadFailureKind.Permanent, $"The batch needs {sqls.Count} statements; the Data API allows {MaxStatements}: lower Batch:MaxObjects.");
        }

        var request = new BatchExecuteStatementRequest
        {
            Sqls = sqls,
            ClusterIdentifier = target.ClusterIdentifier,
            WorkgroupName = target.WorkgroupName,
            SecretArn = target.SecretArn,
            DbUser = target.DbUser,
            Database = target.Database,
            StatementName = "gaptools-s3-to-redshift",
        };
        var started = await CallAsync(() => client.SendAsync("BatchExecuteStatement", request, Json.BatchExecuteStatementRequest, Json.StatementIdResponse, cancellationToken)).ConfigureAwait(false);
        var done = await WaitAsync(started.Id!, cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfFailed(done, (1, copyIndex));
        }
        catch (RedshiftLoadException e) when (e.Kind == LoadFailureKind.BadData)
        {
            var details = await TryReadDetailsAsync(transaction.SourceFiles, cancellationToken).ConfigureAwait(false);
            if (details is null)
            {
                throw;
            }

            throw new RedshiftLoadException(e.Kind, e.Message, e.SqlState, e.QueryId) { Details = details };
        }

        return done.SubStatements is { } subs && subs.Count > copyIndex ? subs[copyIndex].ResultRows ?? 0 : 0;
    }

    public async Task<IReadOnlyList<LoadErrorDetail>> ReadLoadErrorsAsync(RedshiftLoadException failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure.Details is { } details)
        {
            return details;
        }

        if (failure.QueryId is not { } queryId)
        {
            return [];
        }

        var records = await QueryAsync(
            "SELECT TRIM(file_name), line_number, TRIM(column_name), error_code, TRIM(error_message) FROM sys_load_error_detail " +
            $"WHERE query_id = {queryId} ORDER BY line_number LIMIT 100", cancellationToken).ConfigureAwait(false);
        return [.. records.Select(r => new LoadErrorDetail(r[0].Text(), r[1].LongValue ?? 0, r[2].Text(), r[3].Text(), r[4].Text()))];
    }

    // By file name, as the wire transport does: DescribeStatement's RedshiftQueryId is STL_QUERY's id, which is
    // not sys_load_error_detail's query_id (SYS views number queries differently). Null when the read fails, so
    // the caller falls back to the query id and reports that read's error.
    private async Task<IReadOnlyList<LoadErrorDetail>?> TryReadDetailsAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        try
        {
            var records = await QueryAsync(NpgsqlRedshiftCopier.LoadErrorsSql(files), cancellationToken).ConfigureAwait(false);
            return [.. records.Select(r => new LoadErrorDetail(r[0].Text(), r[1].LongValue ?? 0, r[2].Text(), r[3].Text(), r[4].Text()))];
        }
        catch (RedshiftLoadException)
        {
            return null;
        }
    }

    private async Task<List<List<Field>>> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        var id = await StartAsync(sql, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(await WaitAsync(id, cancellationToken).ConfigureAwait(false), default);
        var records = new List<List<Field>>();
        string? token = null;
        do
        {
            var page = await CallAsync(() => client.SendAsync(
                "GetStatementResult", new GetStatementResultRequest { Id = id, NextToken = token }, Json.GetStatementResultRequest, Json.GetStatementResultResponse, cancellationToken)).ConfigureAwait(false);
            records.AddRange(page.Records ?? []);
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
        return records;
    }

    private async Task<string> StartAsync(string sql, CancellationToken cancellationToken)
    {
        var request = new ExecuteStatementRequest
        {
            Sql = sql,
            ClusterIdentifier = target.ClusterIdentifier,
            WorkgroupName = target.WorkgroupName,
            SecretArn = target.SecretArn,
            DbUser = target.DbUser,
            Database = target.Database,
        };
        var response = await CallAsync(() => client.SendAsync("ExecuteStatement", request, Json.ExecuteStatementRequest, Json.StatementIdResponse, cancellationToken)).ConfigureAwait(false);
        return response.Id ?? throw new RedshiftLoadException(LoadFailureKind.Transient, "ExecuteStatement returned no Id.");
    }

    private async Task<DescribeStatementResponse> WaitAsync(string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = await CallAsync(() => client.SendAsync("DescribeStatement", new DescribeStatementRequest { Id = id }, Json.DescribeStatementRequest, Json.DescribeStatementResponse, cancellationToken)).ConfigureAwait(false);
            if (status.Status is "FINISHED" or "FAILED" or "ABORTED")
            {
                return status;
            }

            await Task.Delay(pollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void ThrowIfFailed(DescribeStatementResponse status, (int Start, int End) guardRange)
    {
        if (status.Status == "FINISHED")
        {
            return;
        }

        if (status.Status == "ABORTED")
        {
            throw new RedshiftLoadException(LoadFailureKind.Transient, "The statement was aborted.");
        }

        var subs = status.SubStatements ?? [];
        var failedIndex = subs.FindIndex(s => s.Status == "FAILED");
        if (failedIndex >= guardRange.Start && failedIndex < guardRange.End && guardRange.End > 0)
        {
            throw new LoadConflictException();
        }

        var failed = failedIndex >= 0 ? subs[failedIndex] : null;
        var message = failed?.Error ?? status.Error ?? "The statement failed.";
        throw new RedshiftLoadException(RedshiftLoadException.Classify(null, message, driverSaysTransient: false), message, null, failed?.RedshiftQueryId ?? status.RedshiftQueryId);
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonServiceException e)
        {
            var transient = e.ErrorCode is "ActiveStatementsExceededException" or "ActiveSessionsExceededException" or "InternalServerException"
                || TransientErrors.IsTransient(e);
            throw new RedshiftLoadException(transient ? LoadFailureKind.Transient : LoadFailureKind.Permanent, $"{e.ErrorCode}: {e.Message}", null, null, e);
        }
        catch (HttpRequestException e)
        {
            throw new RedshiftLoadException(LoadFailureKind.Transient, e.Message, null, null, e);
        }
    }
}
