using GapTools.Core;
using GapTools.S3ToRedshift.Sink;

namespace GapTools.S3ToRedshift.Tests.Fakes;

/// <summary>An in-memory load log behind <see cref="IRedshiftCopier"/>; COPYs "load" the objects their manifest names.</summary>
internal sealed class FakeCopier(FakeManifestStore manifests) : IRedshiftCopier
{
    private readonly Lock _gate = new();

    public HashSet<(string Bucket, string Key, string VersionId, string ETag, string Table)> Log { get; } = [];

    public List<LoadTransaction> Transactions { get; } = [];

    /// <summary>Scripted failures for the next LoadAsync calls (null = succeed).</summary>
    public Queue<Func<LoadTransaction, Exception?>> Script { get; } = new();

    /// <summary>Runs after the guard, before the COPY (to simulate another worker committing meanwhile).</summary>
    public Action? BeforeGuard { get; set; }

    public int Creates { get; private set; }

    public Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        Creates++;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LoggedObject>> SelectLoggedAsync(IReadOnlyList<string> queries, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // The fake answers for every logged row named in the queries' text.
            var rows = Log.Where(l => queries.Any(q => q.Contains($"object_key = '{l.Key.Replace("'", "''", StringComparison.Ordinal)}'", StringComparison.Ordinal)))
                .Select(l => new LoggedObject(l.Bucket, l.Key, l.VersionId, l.ETag, l.Table)).ToList();
            return Task.FromResult<IReadOnlyList<LoggedObject>>(rows);
        }
    }

    public Task<long> LoadAsync(LoadTransaction transaction, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            Transactions.Add(transaction);
            BeforeGuard?.Invoke();
            BeforeGuard = null;
            var keys = ObjectsOf(transaction);
            if (Log.Any(l => keys.Contains((l.Bucket, l.Key))))
            {
                throw new LoadConflictException();
            }

            if (Script.TryDequeue(out var step) && step(transaction) is { } failure)
            {
                throw failure;
            }

            foreach (var (bucket, key) in keys)
            {
                Log.Add((bucket, key, "", "e", transaction.Copy.Table.ToSql()));
            }

            return Task.FromResult((long)keys.Count);
        }
    }

    public Task<IReadOnlyList<LoadErrorDetail>> ReadLoadErrorsAsync(RedshiftLoadException failure, CancellationToken cancellationToken) =>
        Task.FromResult(failure.Details ?? []);

    public List<(string Bucket, string Key)> ObjectsOf(LoadTransaction transaction)
    {
        Assert.True(S3Uri.TryParse(transaction.Copy.SourceUrl, out var source, out _));
        var (bucket, key) = (source.Bucket, source.Key);
        if (!transaction.Copy.IsManifest)
        {
            return [(bucket, key)];
        }

        using var json = System.Text.Json.JsonDocument.Parse(manifests.Objects[(bucket, key)]);
        return [.. json.RootElement.GetProperty("entries").EnumerateArray().Select(e =>
        {
            Assert.True(S3Uri.TryParse(e.GetProperty("url").GetString(), out var entry, out _));
            var (b, k) = (entry.Bucket, entry.Key);
            return (b, k);
        })];
    }
}

internal sealed class FakeManifestStore : IManifestStore
{
    public Dictionary<(string Bucket, string Key), byte[]> Objects { get; } = [];

    public int Puts { get; private set; }

    public int Deletes { get; private set; }

    public Task PutAsync(string bucket, string key, byte[] content, CancellationToken cancellationToken)
    {
        Puts++;
        Objects[(bucket, key)] = content;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        Deletes++;
        return Task.CompletedTask;
    }

    /// <summary>What HeadObject answers per key; a key not listed is taken as current whatever its event said.</summary>
    public Dictionary<(string Bucket, string Key), (string ETag, string VersionId)?> Current { get; } = [];

    public Task<(string ETag, string VersionId)?> HeadAsync(string bucket, string key, CancellationToken cancellationToken) =>
        Task.FromResult(Current.TryGetValue((bucket, key), out var current) ? current : ((string, string)?)(("*", "*")));
}

internal sealed class FakeCluster : IClusterAvailability
{
    public int Waits { get; private set; }

    public int Failures { get; private set; }

    public ValueTask WaitUntilAvailableAsync(CancellationToken cancellationToken)
    {
        Waits++;
        return ValueTask.CompletedTask;
    }

    public void ConnectionFailed() => Failures++;
}

internal sealed class FixedCredentials : ICopyCredentialsSource
{
    public ValueTask<CopyCredentials> GetAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(CopyCredentials.IamRole("arn:aws:iam::123456789012:role/load"));
}
