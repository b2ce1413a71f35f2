using GapTools.S3ToRedshift.Batching;
using GapTools.S3ToRedshift.Hosting;
using GapTools.S3ToRedshift.Routing;
using GapTools.S3ToRedshift.Sink;
using GapTools.S3ToRedshift.Tests.Fakes;
using Polly;
using Polly.Retry;

namespace GapTools.S3ToRedshift.Tests.Sink;

public sealed class BatchLoaderTests : IDisposable
{
    private static readonly BatchKey Key = new(new QualifiedTableName("raw", "events"), "JSON 'auto'", null);
    private readonly FakeManifestStore _manifests = new();
    private readonly FakeCopier _copier;
    private readonly FakeCluster _cluster = new();
    private readonly ListLoggerProvider _logs = new();
    private int _retries;

    public BatchLoaderTests() => _copier = new FakeCopier(_manifests);

    public void Dispose() => _logs.Dispose();

    private BatchLoader Loader(string? manifestBucket = "m")
    {
        var retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            Delay = TimeSpan.Zero,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is RedshiftLoadException { Kind: LoadFailureKind.Transient }),
            OnRetry = _ =>
            {
                _retries++;
                return default;
            },
        }).Build();
        var settings = new LoadSettings(new QualifiedTableName(null, "gaptools_load_log"), true, manifestBucket, "manifests/", true, 1_000_000);
        var ids = 0;
        return new BatchLoader(_copier, _manifests, new FixedCredentials(), _cluster, retry, settings, new ManualTimeProvider(),
            () => $"batch-{++ids}", new S3ToRedshiftMetrics(), _logs.For<BatchLoader>());
    }

    private static PendingBatch Batch(params string[] keys) =>
        new(Key, [.. keys.Select(k => new BatchItem(Key, new LoadLogEntry("src", k, "", "e", Key.Table), 10, null))], 10 * keys.Length, DateTimeOffset.UnixEpoch, BatchFlushReason.Count);

    [Fact]
    public async Task A_batch_is_one_manifest_copy_and_the_log_skips_it_on_redelivery()
    {
        var loader = Loader();
        var first = await loader.LoadAsync(Batch("a.json", "b.json", "c.json"), TestContext.Current.CancellationToken);
        Assert.All(first.Values, r => Assert.Equal(ObjectLoadStatus.Loaded, r.Status));
        var copy = Assert.Single(_copier.Transactions);
        Assert.True(copy.Copy.IsManifest);
        Assert.Equal("s3://m/manifests/2024/01/01/batch-1.manifest", copy.Copy.SourceUrl);
        Assert.Equal(3, _copier.ObjectsOf(copy).Count);
        Assert.Equal((1, 1, 1), (_copier.Creates, _manifests.Puts, _manifests.Deletes));

        var again = await loader.LoadAsync(Batch("a.json", "b.json", "d.json"), TestContext.Current.CancellationToken);
        Assert.Equal(ObjectLoadStatus.AlreadyLoaded, again[Batch("a.json").Items[0].Entry].Status);
        Assert.Equal(ObjectLoadStatus.Loaded, again[Batch("d.json").Items[0].Entry].Status);
        Assert.Equal([("src", "d.json")], _copier.ObjectsOf(_copier.Transactions[1]));
        Assert.Equal(1, _copier.Creates);
    }

    [Fact]
    public async Task Without_a_manifest_each_object_gets_its_own_direct_copy()
    {
        var results = await Loader(manifestBucket: null).LoadAsync(Batch("a.json", "b.json"), TestContext.Current.CancellationToken);
        Assert.All(results.Values, r => Assert.True(r.IsDone));
        Assert.Equal(["s3://src/a.json", "s3://src/b.json"], _copier.Transactions.Select(t => t.Copy.SourceUrl));
        Assert.All(_copier.Transactions, t => Assert.False(t.Copy.IsManifest));
        Assert.Equal(0, _manifests.Puts);
    }

    [Fact]
    public async Task Another_worker_committing_first_is_a_conflict_that_is_re_planned_not_a_duplicate()
    {
        _copier.BeforeGuard = () => _copier.Log.Add(("src", "b.json", "", "e", Key.Table.ToSql()));
        var results = await Loader().LoadAsync(Batch("a.json", "b.json"), TestContext.Current.CancellationToken);
        Assert.Equal(ObjectLoadStatus.Loaded, results.Single(r => r.Key.Key == "a.json").Value.Status);
        Assert.Equal(ObjectLoadStatus.AlreadyLoaded, results.Single(r => r.Key.Key == "b.json").Value.Status);
        Assert.Equal(2, _copier.Transactions.Count);
        Assert.Equal([("src", "a.json")], _copier.ObjectsOf(_copier.Transactions[1]));
        Assert.Equal(0, _retries);
    }

    [Fact]
    public async Task Transient_errors_retry_only_the_transaction_and_tell_the_cluster_check()
    {
        _copier.Script.Enqueue(_ => new RedshiftLoadException(LoadFailureKind.Transient, "connection reset"));
        _copier.Script.Enqueue(_ => new RedshiftLoadException(LoadFailureKind.Transient, "connection reset"));
        var results = await Loader().LoadAsync(Batch("a.json"), TestContext.Current.CancellationToken);
        Assert.Equal(ObjectLoadStatus.Loaded, Assert.Single(results.Values).Status);
        Assert.Equal((2, 2, 4), (_retries, _cluster.Failures, _cluster.Waits)); // create, three transaction attempts (one object: its guard is the check)
        Assert.Equal(1, _manifests.Puts);
    }

    [Fact]
    public async Task Transient_errors_beyond_the_retries_leave_the_objects_for_redelivery()
    {
        for (var i = 0; i < 4; i++)
        {
            _copier.Script.Enqueue(_ => new RedshiftLoadException(LoadFailureKind.Transient, "connection refused"));
        }

        var results = await Loader().LoadAsync(Batch("a.json", "b.json"), TestContext.Current.CancellationToken);
        Assert.All(results.Values, r => Assert.Equal(ObjectLoadStatus.Retry, r.Status));
        Assert.Empty(_copier.Log);
    }

    [Fact]
    public async Task Permanent_errors_are_not_retried_and_fail_the_whole_part()
    {
        _copier.Script.Enqueue(_ => new RedshiftLoadException(LoadFailureKind.Permanent, "42P01: relation \"raw.events\" does not exist"));
        var results = await Loader().LoadAsync(Batch("a.json", "b.json", "c.json"), TestContext.Current.CancellationToken);
        Assert.All(results.Values, r => Assert.Equal(ObjectLoadStatus.Failed, r.Status));
        Assert.Single(_copier.Transactions);
        Assert.Equal(0, _retries);
    }

    [Fact]
    public async Task Bad_data_fails_the_named_file_and_loads_the_rest_with_the_detail_logged()
    {
        _copier.Script.Enqueue(_ => new RedshiftLoadException(LoadFailureKind.BadData, "XX000: Load into table 'events' failed. Check 'sys_load_error_detail' system table for details.")
        {
            Details = [new LoadErrorDetail("s3://src/b.json   ", 3, "amount", "1207", "Invalid digit, Value 'x', Pos 0, Type: Integer")],
        });
        var results = await Loader().LoadAsync(Batch("a.json", "b.json", "c.json"), TestContext.Current.CancellationToken);
        var bad = results.Single(r => r.Key.Key == "b.json").Value;
        Assert.Equal(ObjectLoadStatus.Failed, bad.Status);
        Assert.Contains("s3://src/b.json line 3", bad.Reason, StringComparison.Ordinal);
        Assert.All(results.Where(r => r.Key.Key != "b.json"), r => Assert.Equal(ObjectLoadStatus.Loaded, r.Value.Status));
        Assert.Equal([("src", "a.json"), ("src", "c.json")], _copier.ObjectsOf(_copier.Transactions[1]));
        Assert.Contains(_logs.Lines, l => l.Contains("rejected s3://src/b.json line 3 column amount (1207): Invalid digit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_data_without_detail_is_found_by_halving()
    {
        for (var i = 0; i < 10; i++)
        {
            _copier.Script.Enqueue(t => _copier.ObjectsOf(t).Contains(("src", "c.json"))
                ? new RedshiftLoadException(LoadFailureKind.BadData, "Load into table 'events' failed. Check 'sys_load_error_detail' system table for details.")
                : null);
        }

        var results = await Loader().LoadAsync(Batch("a.json", "b.json", "c.json", "d.json"), TestContext.Current.CancellationToken);
        Assert.Equal(ObjectLoadStatus.Failed, results.Single(r => r.Key.Key == "c.json").Value.Status);
        Assert.Equal(3, results.Count(r => r.Value.Status == ObjectLoadStatus.Loaded));
        Assert.Equal(5, _copier.Transactions.Count); // {a,b,c,d} bad, {a,b} ok, {c,d} bad, {c} bad, {d} ok
    }

    [Fact]
    public async Task Stopping_mid_batch_releases_everything()
    {
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        var results = await Loader().LoadAsync(Batch("a.json", "b.json"), stop.Token);
        Assert.All(results.Values, r => Assert.Equal(ObjectLoadStatus.Retry, r.Status));
        Assert.Empty(_copier.Log);
    }
}

public sealed class NamedInTests
{
    private static readonly QualifiedTableName Table = new(null, "t");

    [Fact]
    public void Only_whole_urls_count_not_prefixes_of_longer_keys()
    {
        LoadLogEntry[] entries = [new("b", "a.json", "", "", Table), new("b", "a.json.bak", "", "", Table), new("b", "c.json", "", "", Table)];
        var named = BatchLoader.NamedIn("Manifest file s3://m/x lists mandatory file 's3://b/a.json.bak' which does not exist", entries);
        Assert.Equal(["a.json.bak"], named.Select(e => e.Key));
        Assert.Equal(["a.json", "c.json"], BatchLoader.NamedIn("files s3://b/a.json, s3://b/c.json", entries).Select(e => e.Key));
        Assert.Empty(BatchLoader.NamedIn("permission denied for relation t", entries));
    }
}

public sealed class OptionsRulesTests
{
    [Fact]
    public void Every_problem_is_reported_with_its_key_and_never_a_secret()
    {
        var options = new S3ToRedshift.Configuration.S3ToRedshiftOptions
        {
            Redshift = new() { Transport = S3ToRedshift.Configuration.RedshiftTransport.Wire, Password = "hunter2", IamAuthentication = true, CredentialsDuration = TimeSpan.FromMinutes(5) },
            Batch = new() { MaxObjects = 10, MaxWait = TimeSpan.FromHours(2) },
            LoadLog = new() { Table = "a.b.c" },
            Targets = [new() { Bucket = "b", Table = "$1" }],
        };
        var errors = S3ToRedshift.Configuration.S3ToRedshiftOptionsRules.Validate(options);
        string[] expected =
        [
            "S3ToRedshift:Redshift:Database is required",
            "S3ToRedshift:Redshift:Host is required",
            "S3ToRedshift:Redshift:ClusterIdentifier is required with Redshift:IamAuthentication",
            "S3ToRedshift:Redshift:Password must not be set with Redshift:IamAuthentication",
            "S3ToRedshift:Redshift:CredentialsDuration must be between",
            "S3ToRedshift:Copy:IamRole is required",
            "S3ToRedshift:Batch:MaxWait must be between",
            "S3ToRedshift:Manifest:Prefix is required to load batches",
            "S3ToRedshift:Targets:0:Table '$1' refers to capture groups",
            "S3ToRedshift:LoadLog:Table must be",
        ];
        foreach (var message in expected)
        {
            Assert.Contains(errors, e => e.StartsWith(message, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(errors, e => e.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void Data_api_needs_exactly_one_target_and_a_user_or_secret()
    {
        var options = new S3ToRedshift.Configuration.S3ToRedshiftOptions
        {
            Redshift = new() { Transport = S3ToRedshift.Configuration.RedshiftTransport.DataApi, Database = "dev", ClusterIdentifier = "c" },
            Copy = new() { IamRole = "arn:r" },
            Targets = [new() { Bucket = "b", Table = "t" }],
        };
        Assert.Contains(S3ToRedshift.Configuration.S3ToRedshiftOptionsRules.Validate(options), e => e.Contains("Redshift:User (DbUser) or Redshift:SecretArn", StringComparison.Ordinal));
        options.Redshift.WorkgroupName = "wg";
        Assert.Contains(S3ToRedshift.Configuration.S3ToRedshiftOptionsRules.Validate(options), e => e.Contains("(exactly one)", StringComparison.Ordinal));
        options.Redshift.ClusterIdentifier = null;
        Assert.Empty(S3ToRedshift.Configuration.S3ToRedshiftOptionsRules.Validate(options));
    }
}

public sealed class MetricsTests : IDisposable
{
    private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
    private readonly List<(string Name, double Value, string Tags)> _measurements = [];
    private readonly S3ToRedshiftMetrics _metrics = new();

    public MetricsTests()
    {
        // Only this test's meter instance: other tests create meters with the same name in parallel.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i.Name, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i.Name, v, tags));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task Objects_batches_copies_retries_failures_and_lag_are_measured()
    {
        var manifests = new FakeManifestStore();
        var copier = new FakeCopier(manifests);
        copier.Script.Enqueue(_ => new RedshiftLoadException(LoadFailureKind.Transient, "reset"));
        var metrics = _metrics;
        var time = new ManualTimeProvider();
        var retry = LoadRetry.Create(new GapTools.Core.Resilience.RetryOptions { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.FromMilliseconds(1) }, TimeProvider.System, () => 0, null, () => metrics.Retries.Add(1));
        using var logs = new ListLoggerProvider();
        var loader = new BatchLoader(copier, manifests, new FixedCredentials(), new FakeCluster(), retry,
            new LoadSettings(new QualifiedTableName(null, "log"), true, "m", "p/", true, 1_000_000), time, () => "b1", metrics, logs.For<BatchLoader>());
        var key = new BatchKey(new QualifiedTableName(null, "t"), null, null);
        var items = new[] { "a", "b" }.Select(k => new BatchItem(key, new LoadLogEntry("s", k, "", "e", key.Table), 1, time.GetUtcNow().AddSeconds(-30))).ToList();

        await loader.LoadAsync(new PendingBatch(key, items, 2, time.GetUtcNow(), BatchFlushReason.Count), TestContext.Current.CancellationToken);

        _listener.RecordObservableInstruments();
        lock (_measurements)
        {
            Assert.Contains(_measurements, m => m.Name == "gaptools.s3toredshift.batches" && m.Tags.Contains("reason=count", StringComparison.Ordinal));
            Assert.Equal(2, _measurements.Count(m => m.Name == "gaptools.s3toredshift.copy_statements"));
            Assert.Equal(1, _measurements.Count(m => m.Name == "gaptools.s3toredshift.retries"));
            Assert.Equal(2, _measurements.Count(m => m.Name == "gaptools.s3toredshift.objects" && m.Tags.Contains("outcome=loaded", StringComparison.Ordinal)));
            Assert.All(_measurements.Where(m => m.Name == "gaptools.s3toredshift.lag"), m => Assert.Equal(30, m.Value));
            Assert.Equal(2, _measurements.Count(m => m.Name == "gaptools.s3toredshift.lag"));
        }
    }

    private void Record(string name, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var text = string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
        lock (_measurements)
        {
            _measurements.Add((name, value, text));
        }
    }
}
