using GapTools.Core;
using GapTools.Core.Resilience;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.S3ToCloudSearch.Conversion;
using GapTools.S3ToCloudSearch.Sink;
using GapTools.S3ToCloudSearch.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace GapTools.S3ToCloudSearch.Tests.Sink;

public sealed class BatchUploaderTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static (BatchUploader Uploader, FakeS3ObjectStore Errors) Create(FakeCloudSearchDocuments client, ResiliencePipeline? retry = null)
    {
        var store = new FakeS3ObjectStore();
        var sink = new ErrorSink(store, new S3Uri("errors-bucket", "errors/"), new S3ToCloudSearchMetrics(), NullLogger.Instance);
        return (new BatchUploader(client, retry ?? ResiliencePipeline.Empty, sink, new S3ToCloudSearchMetrics(), NullLogger.Instance), store);
    }

    [Fact]
    public async Task An_accepted_batch_resolves_every_document()
    {
        var client = new FakeCloudSearchDocuments(_ => null);
        var (uploader, _) = Create(client);
        var progress = TestObjects.Progress();
        var batch = TestObjects.Batch(progress, TestObjects.Delete("a"), TestObjects.Delete("b"));
        progress.Unit.Seal();

        await uploader.UploadAsync(batch, Ct);

        Assert.True(progress.Unit.Completion.IsCompletedSuccessfully);
        Assert.Equal(2, progress.Uploaded);
    }

    [Fact]
    public async Task A_413_splits_the_batch_in_halves_until_it_fits()
    {
        var client = new FakeCloudSearchDocuments(ids => ids.Length > 2 ? FakeCloudSearchDocuments.TooLarge() : null);
        var (uploader, _) = Create(client);
        var progress = TestObjects.Progress();
        var batch = TestObjects.Batch(progress, [.. "abcde".Select(c => TestObjects.Delete(c.ToString()))]);

        await uploader.UploadAsync(batch, Ct);

        Assert.Equal(["abcde", "ab", "cde", "c", "de"], client.Uploads.Select(u => string.Concat(u)));
        Assert.Equal(5, progress.Uploaded);
    }

    [Fact]
    public async Task A_single_document_measured_over_the_limit_that_gets_413_is_reported_as_an_error_line()
    {
        var client = new FakeCloudSearchDocuments(_ => FakeCloudSearchDocuments.TooLarge());
        var (uploader, errors) = Create(client);
        var progress = TestObjects.Progress();

        // Bypasses the converter, which refuses such a document before it reaches a batch.
        await uploader.UploadAsync(TestObjects.Batch(progress, TestObjects.Add("big", SdfLimits.MaxDocumentBytes + 1)), Ct);
        await new ErrorSink(errors, new S3Uri("errors-bucket", "errors/"), new S3ToCloudSearchMetrics(), NullLogger.Instance)
            .FlushAsync(progress, Ct);

        Assert.Equal(1, progress.Invalid);
        var line = System.Text.Encoding.UTF8.GetString(errors.Objects.Values.Single());
        Assert.Contains("HTTP 413", line, StringComparison.Ordinal);
        Assert.Contains("1,048,577 bytes, over the 1,048,576-byte document limit", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_413_for_one_document_within_the_limit_is_transient_and_retried_not_reported()
    {
        var refusals = 3;
        var client = new FakeCloudSearchDocuments(_ => refusals-- > 0 ? FakeCloudSearchDocuments.TooLarge() : null);
        var retry = ResiliencePipelines.Create(
            new RetryOptions { MaxRetryAttempts = 5, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) },
            "test.upload",
            new ResilienceInputs { ExtraClassifier = DocumentServiceException.Classify });
        var (uploader, errors) = Create(client, retry);
        var progress = TestObjects.Progress();
        progress.Unit.Seal();

        await uploader.UploadAsync(TestObjects.Batch(progress, TestObjects.Add("small", SdfLimits.MaxDocumentBytes)), Ct);

        Assert.Equal(4, client.Uploads.Count);
        Assert.Equal((1L, 0L), (progress.Uploaded, progress.Invalid));
        Assert.True(progress.Unit.Completion.IsCompletedSuccessfully);
        Assert.Empty(errors.Objects);
    }

    [Fact]
    public async Task A_413_for_one_document_within_the_limit_that_persists_fails_the_upload_as_transient()
    {
        var client = new FakeCloudSearchDocuments(_ => FakeCloudSearchDocuments.TooLarge());
        var (uploader, errors) = Create(client);
        var progress = TestObjects.Progress();

        var failure = await Assert.ThrowsAsync<DocumentServiceException>(() => uploader.UploadAsync(TestObjects.Batch(progress, TestObjects.Delete("a")), Ct));

        Assert.True(failure.IsTransient);
        Assert.True(TransientErrors.IsTransient(failure, DocumentServiceException.Classify, Ct));
        Assert.False(TransientErrors.IsTransient(FakeCloudSearchDocuments.TooLarge(), DocumentServiceException.Classify, Ct));
        Assert.Equal((0L, 0L), (progress.Uploaded, progress.Invalid));
        Assert.Empty(errors.Objects);
    }

    [Fact]
    public async Task Named_refused_documents_are_reported_and_the_rest_uploaded_again()
    {
        var client = new FakeCloudSearchDocuments(ids => ids.Contains("b") ? FakeCloudSearchDocuments.Refusal("Document 'b' (#1): field 'x' is not valid") : null);
        var (uploader, _) = Create(client);
        var progress = TestObjects.Progress();
        progress.Unit.Seal();

        await uploader.UploadAsync(TestObjects.Batch(progress, TestObjects.Delete("a"), TestObjects.Delete("b"), TestObjects.Delete("c")), Ct);

        Assert.Equal(["abc", "ac"], client.Uploads.Select(u => string.Concat(u)));
        Assert.Equal((2L, 1L), (progress.Uploaded, progress.Invalid));
        Assert.True(progress.Unit.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Refusals_that_name_no_document_are_found_by_halving()
    {
        var client = new FakeCloudSearchDocuments(ids => ids.Contains("c") || ids.Contains("f") ? FakeCloudSearchDocuments.Refusal("something is wrong") : null);
        var (uploader, _) = Create(client);
        var progress = TestObjects.Progress();

        await uploader.UploadAsync(TestObjects.Batch(progress, [.. "abcdefgh".Select(c => TestObjects.Delete(c.ToString()))]), Ct);

        Assert.Equal(6, progress.Uploaded);
        Assert.Equal(2, progress.Invalid);
        Assert.True(client.Uploads.Count <= 1 + 2 * 2 * 3, $"{client.Uploads.Count} uploads");
    }

    [Fact]
    public async Task A_permanent_failure_propagates_and_resolves_nothing()
    {
        var client = new FakeCloudSearchDocuments(_ => new Amazon.Runtime.AmazonServiceException("denied", Amazon.Runtime.ErrorType.Sender, "AccessDenied", null, System.Net.HttpStatusCode.Forbidden));
        var (uploader, _) = Create(client);
        var progress = TestObjects.Progress();

        await Assert.ThrowsAsync<Amazon.Runtime.AmazonServiceException>(() => uploader.UploadAsync(TestObjects.Batch(progress, TestObjects.Delete("a")), Ct));
        Assert.Equal((0L, 0L), (progress.Uploaded, progress.Invalid));
    }
}
