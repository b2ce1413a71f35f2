using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GapTools.LocalAws.CloudSearch;
using GapTools.LocalAws.Faults;
using GapTools.LocalAws.Tests.Support;

namespace GapTools.LocalAws.Tests.CloudSearch;

public sealed class CloudSearchDocumentServiceTests : IAsyncLifetime
{
    private LocalAwsServer server = null!;
    private readonly HttpClient http = new();

    public async ValueTask InitializeAsync() => server = await LocalAwsServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> UploadAsync(string json, string domainPath = "", string contentType = "application/json")
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(server.ServiceUrl, domainPath + "/2013-01-01/documents/batch?format=sdk"))
        {
            Content = new StringContent(json, Encoding.UTF8, contentType),
        };
        await TestRequestSigner.SignAsync(message, "cloudsearch");
        using var response = await http.SendAsync(message, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    [Fact]
    public async Task Adds_and_deletes_are_applied_and_counted()
    {
        var (status, body) = await UploadAsync("""
            [{"type":"add","id":"tt1","fields":{"title":"Seeker","genres":["Drama","Fantasy"],"year":2007}},
             {"type":"add","id":"tt2","fields":{"title":"Other"}}]
            """);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("success", (string?)body["status"]);
        Assert.Equal(2, (int?)body["adds"]);

        (status, body) = await UploadAsync("""[{"type":"delete","id":"tt2"}]""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, (int?)body["deletes"]);

        var domain = server.State.CloudSearch.Domain(CloudSearchStore.DefaultDomain);
        Assert.Equal(["tt1"], domain.Documents.Keys);
        Assert.Equal("Seeker", (string?)domain.Documents["tt1"]["title"]);
        Assert.Equal(2, domain.AcceptedBatches);
    }

    [Fact]
    public async Task Fields_are_kept_as_sent_up_to_the_cap_and_as_digests_beyond_it()
    {
        var domain = server.State.CloudSearch.Domain(CloudSearchStore.DefaultDomain);
        const string first = """{"title":"caf\u00e9","n":12345678901234567890}""";
        domain.Documents.MaxStoredFieldBytes = first.Length + 10;

        var (status, _) = await UploadAsync($$"""[{"type":"add","id":"a","fields":{{first}}},{"id":"b","fields":{"title":"second"},"type":"add"}]""");
        Assert.Equal(HttpStatusCode.OK, status);

        Assert.Equal(["a", "b"], domain.Documents.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(first, domain.Documents.FieldsJson("a"));
        Assert.Equal("café", (string?)domain.Documents["a"]["title"]);
        Assert.Equal("12345678901234567890", domain.Documents["a"]["n"]!.ToJsonString());
        Assert.Equal(first.Length, domain.Documents.StoredFieldBytes);
        // Over the cap: the id and a digest of the fields bytes, not the fields.
        Assert.Null(domain.Documents.FieldsJson("b"));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("""{"title":"second"}"""u8)), domain.Documents.FieldsDigest("b"));
        Assert.Contains("MaxStoredFieldBytes", Assert.Throws<InvalidOperationException>(() => domain.Documents["b"]).Message, StringComparison.Ordinal);

        // Deleting a kept document frees its share of the cap; the next add is kept again.
        (status, _) = await UploadAsync("""[{"type":"delete","id":"a"},{"type":"add","id":"c","fields":{"t":"x"}}]""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["b", "c"], domain.Documents.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("""{"t":"x"}""", domain.Documents.FieldsJson("c"));
        Assert.Equal(9, domain.Documents.StoredFieldBytes);
    }

    [Theory]
    [InlineData("""[{"type":"add","id":"bad id","fields":{"title":"x"}}]""", "id must be")]
    [InlineData("""[{"type":"add","id":"a","fields":{}}]""", "at least one field")]
    [InlineData("""[{"type":"delete","id":"a","fields":{"title":"x"}}]""", "must not have fields")]
    [InlineData("""[{"type":"upsert","id":"a"}]""", "type must be")]
    [InlineData("""[{"type":"add","id":"a","fields":{"Title":"x"}}]""", "invalid field name 'Title'")]
    [InlineData("""[{"type":"add","id":"a","fields":{"score":"x"}}]""", "invalid field name 'score'")]
    [InlineData("""[{"type":"add","id":"a","fields":{"title":"bell\u0007"}}]""", "invalid codepoint U+0007")]
    [InlineData("""[{"type":"add","id":"a","fields":{"title":{"nested":1}}}]""", "must be a string")]
    [InlineData("""[{"type":"add","id":"a","fields":{"t":"x","t":"y"}}]""", "Duplicate")]
    [InlineData("""{"type":"add"}""", "JSON array")]
    [InlineData("""[]""", "at least one")]
    public async Task An_invalid_document_rejects_the_whole_batch_with_a_precise_message(string json, string expected)
    {
        var (status, body) = await UploadAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("error", (string?)body["status"]);
        Assert.Equal(0, (int?)body["adds"]);
        Assert.Contains(expected, body["errors"]!.AsArray().Select(e => (string?)e!["message"]).Single(), StringComparison.Ordinal);
        Assert.Empty(server.State.CloudSearch.Domain(CloudSearchStore.DefaultDomain).Documents);
    }

    [Fact]
    public async Task A_document_over_1_MB_is_rejected_and_names_its_id()
    {
        var big = new string('x', SdfBatchValidator.MaxDocumentBytes);
        var (status, body) = await UploadAsync($$$"""[{"type":"add","id":"ok","fields":{"t":"small"}},{"type":"add","id":"huge","fields":{"t":"{{{big}}}"}}]""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("#1", (string?)body["message"], StringComparison.Ordinal);
        Assert.Contains("1 MB", (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_over_5_MB_gets_413()
    {
        var docs = Enumerable.Range(0, 6).Select(i => $$$"""{"type":"add","id":"d{{{i}}}","fields":{"t":"{{{new string('y', 1_000_000)}}}"}}""");
        var (status, body) = await UploadAsync("[" + string.Join(',', docs) + "]");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("RequestTooLarge", (string?)body["__type"]);
    }

    [Fact]
    public async Task Content_type_must_be_json()
    {
        var (status, _) = await UploadAsync("<batch/>", contentType: "application/xml");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
    }

    [Fact]
    public async Task Domains_are_chosen_by_path_prefix_and_unknown_ones_are_404()
    {
        server.State.CloudSearch.CreateDomain("movies");
        var (status, _) = await UploadAsync("""[{"type":"add","id":"m1","fields":{"title":"x"}}]""", "/movies");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(server.State.CloudSearch.Domain("movies").Documents.ContainsKey("m1"));
        Assert.Empty(server.State.CloudSearch.Domain(CloudSearchStore.DefaultDomain).Documents);

        (status, _) = await UploadAsync("""[{"type":"add","id":"m1","fields":{"title":"x"}}]""", "/nosuch");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Theory]
    [InlineData(HttpStatusCode.GatewayTimeout, "GatewayTimeout")]
    [InlineData(HttpStatusCode.InsufficientStorage, "InsufficientStorage")]
    [InlineData((HttpStatusCode)509, "BandwidthLimitExceeded")]
    public async Task Injected_server_errors_reach_the_client_then_stop(HttpStatusCode code, string name)
    {
        server.Faults.Add(FaultRule.HttpError("cloudsearch", CloudSearchDocumentService.UploadDocuments, code, name, count: 1));
        var (status, _) = await UploadAsync("""[{"type":"add","id":"a","fields":{"title":"x"}}]""");
        Assert.Equal(code, status);

        (status, _) = await UploadAsync("""[{"type":"add","id":"a","fields":{"title":"x"}}]""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, server.Requests.Count("cloudsearch", CloudSearchDocumentService.UploadDocuments));
    }
}
