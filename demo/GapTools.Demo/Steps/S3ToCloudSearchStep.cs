using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using GapTools.Demo.Narration;
using GapTools.Demo.Processes;
using GapTools.Demo.World;
using GapTools.LocalAws.CloudSearch;

namespace GapTools.Demo.Steps;

/// <summary>
/// s3-to-cloudsearch: a search domain, a bucket whose notifications go to a queue, three JSON-lines objects (one
/// gzipped without a .gz suffix, one with a broken line), one <c>--batch</c> run; then the documents the domain
/// stored and the broken line the worker reported, by object key and line number.
/// </summary>
internal sealed class S3ToCloudSearchStep(DemoWorld world, Narrator say)
{
    private const string Bucket = "demo-documents";
    private const string Prefix = "movies/";
    private const string Domain = "movies";
    private const string ErrorsPrefix = "errors/";
    private const string BrokenKey = "movies/2026-11-23/batch-0003.jsonl";
    private const int BrokenLine = 2;
    private const string DrainPoll = "00:00:02";

    private static readonly (string Key, byte[] Body, string About)[] Objects =
    [
        ("movies/2026-11-23/batch-0001.jsonl", Lines(Movie("tt0133093", "The Matrix", 1999, "Action", "Sci-Fi"), Movie("tt0062622", "2001: A Space Odyssey", 1968, "Sci-Fi"), Movie("tt0088763", "Back to the Future", 1985, "Adventure", "Comedy")), "3 documents"),
        ("movies/2026-11-23/batch-0002.jsonl", Gzip(Lines(Movie("tt0110912", "Pulp Fiction", 1994, "Crime"), Movie("tt0245429", "Spirited Away", 2001, "Animation"), Movie("tt0068646", "The Godfather", 1972, "Crime", "Drama"))), "3 documents, gzipped, no .gz suffix"),
        (BrokenKey, Lines(Movie("tt0047478", "Seven Samurai", 1954, "Drama"), """{"type":"add","id":"tt0111161","fields":{"title":"The Shawshank Redemption""", Movie("tt0080684", "The Empire Strikes Back", 1980, "Sci-Fi")), $"line {BrokenLine} is cut off (not valid JSON)"),
    ];

    // Every good line of the three objects, in id order.
    private static readonly string[] ExpectedIds = ["tt0047478", "tt0062622", "tt0068646", "tt0080684", "tt0088763", "tt0110912", "tt0133093", "tt0245429"];

    public async Task RunAsync(ToolBinary worker, CancellationToken cancellationToken)
    {
        say.Action($"Create the search domain '{Domain}' and find its document endpoint");
        var domain = world.Aws.State.CloudSearch.CreateDomain(Domain);
        var endpoint = CloudSearchStore.DocumentEndpoint(world.Aws.ServiceUrl, Domain);
        say.Detail($"document endpoint: {endpoint}  (on AWS: https://doc-{Domain}-….us-east-1.cloudsearch.amazonaws.com)");

        say.Action("Create the bucket, the queue and its dead-letter queue, and the bucket notification");
        var source = await NotifiedBucket.CreateAsync(world.S3, world.Sqs, Bucket, Prefix, "demo-documents", cancellationToken);
        say.Detail(source.ToString());
        say.Detail($"error lines go to s3://{Bucket}/{ErrorsPrefix} (outside the notified prefix)");

        say.Action($"Upload {Objects.Length} JSON-lines objects");
        foreach (var (key, body, about) in Objects)
        {
            await world.S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(body) }, cancellationToken);
            say.Detail($"s3://{Bucket}/{key}  ({body.Length} bytes: {about})");
        }

        say.Action("Run the worker once: read each object, convert lines to Search Data Format batches, upload, delete the messages");
        var config = await WriteConfigAsync(source, endpoint, cancellationToken);
        var run = await WorkerRun.BatchAsync(say, worker, config, ChildEnvironment.Create(), world.WorkDirectory, cancellationToken);

        say.Action($"What the domain '{Domain}' stored");
        var stored = domain.Documents.OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
        say.Quote(string.Join('\n', stored.Select(d => $"{d.Key}  {d.Value["title"]?.ToJsonString()}  year={d.Value["year"]?.ToJsonString()}")));
        say.Detail($"{domain.AcceptedBatches} document batch(es) accepted, {domain.RejectedBatches} rejected");
        DemoFailure.Unless(
            stored.Select(d => d.Key).SequenceEqual(ExpectedIds, StringComparer.Ordinal),
            $"expected documents {string.Join(", ", ExpectedIds)}; the domain has {string.Join(", ", stored.Select(d => d.Key))}");

        say.Action("The broken line, as the worker reported it (log line above, and an error object next to the data)");
        var reported = await ErrorRecordsAsync(cancellationToken);
        DemoFailure.Unless(
            reported.Any(r => r["key"]?.GetValue<string>() == BrokenKey && r["line"]?.GetValue<long>() == BrokenLine),
            $"no error record for {BrokenKey} line {BrokenLine} under s3://{Bucket}/{ErrorsPrefix}");
        DemoFailure.Unless(
            run.Stderr.Split('\n').Any(l => l.Contains(BrokenKey, StringComparison.Ordinal) && l.Contains($"line {BrokenLine}", StringComparison.Ordinal)),
            $"the worker's log does not name {BrokenKey} line {BrokenLine}");
        var queue = world.Aws.State.Sqs.Snapshot(source.Queue);
        var deadLetters = world.Aws.State.Sqs.Snapshot(source.DeadLetterQueue);
        DemoFailure.Unless(queue.Total == 0, $"{source.Queue} still holds {queue.Total} messages");
        DemoFailure.Unless(deadLetters.Total == 0, $"{source.DeadLetterQueue} holds {deadLetters.Total} messages");
        say.Ok($"{stored.Count} documents stored (the gzipped object was recognised by its bytes); the broken line was reported " +
            "by key and line without holding back the rest of its object; the queue and the dead-letter queue are empty");
    }

    private async Task<string> WriteConfigAsync(NotifiedBucket source, Uri endpoint, CancellationToken cancellationToken)
    {
        var config = new JsonObject
        {
            // The standard section of the AWS SDK for .NET (AWSSDK.Extensions.NETCore.Setup), shared by every tool.
            ["AWS"] = new JsonObject { ["Region"] = "us-east-1", ["ServiceURL"] = world.Aws.ServiceUrl.ToString() },
            ["S3ToCloudSearch"] = new JsonObject
            {
                ["Sqs"] = new JsonObject
                {
                    ["Queue"] = source.Queue,
                    ["DeadLetterQueue"] = source.DeadLetterQueue,
                    ["Consumer"] = new JsonObject { ["WaitTime"] = DrainPoll },
                },
                ["DocumentEndpoint"] = endpoint.ToString(),
                ["ErrorsLocation"] = $"s3://{Bucket}/{ErrorsPrefix}",
            },
        };
        var path = Path.Combine(world.WorkDirectory, "s3-to-cloudsearch.json");
        var text = config.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await File.WriteAllTextAsync(path, text, cancellationToken);
        say.Detail($"{path} (S3ToCloudSearch:Sqs:Consumer:WaitTime {DrainPoll}: --batch ends after one empty receive; the default long poll is 20 s):");
        say.Quote(text);
        return path;
    }

    /// <summary>Prints and parses the JSON-lines error objects under the errors prefix.</summary>
    private async Task<List<JsonNode>> ErrorRecordsAsync(CancellationToken cancellationToken)
    {
        var listing = await world.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = ErrorsPrefix }, cancellationToken);
        var records = new List<JsonNode>();
        foreach (var item in listing.S3Objects ?? [])
        {
            using var response = await world.S3.GetObjectAsync(Bucket, item.Key, cancellationToken);
            using var reader = new StreamReader(response.ResponseStream);
            var text = await reader.ReadToEndAsync(cancellationToken);
            say.Detail($"s3://{Bucket}/{item.Key}:");
            say.Quote(text);
            records.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!));
        }

        return records;
    }

    private static string Movie(string id, string title, int year, params string[] genres) =>
        new JsonObject
        {
            ["type"] = "add",
            ["id"] = id,
            ["fields"] = new JsonObject { ["title"] = title, ["year"] = year, ["genres"] = new JsonArray([.. genres.Select(g => JsonValue.Create(g))]) },
        }.ToJsonString();

    private static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
