using GapTools.S3ToCloudSearch.Configuration;

namespace GapTools.S3ToCloudSearch.Tests.Configuration;

public sealed class EndpointRoutesTests
{
    private static readonly S3ToCloudSearchOptions Options = new()
    {
        DocumentEndpoint = "https://doc-main-abc123.us-east-1.cloudsearch.amazonaws.com",
        KeyRegexp = "^docs/([a-z]+)/",
        Endpoints = new() { ["movies"] = "http://127.0.0.1:4566/movies", ["books"] = "https://user:pw@doc-books-x.eu-west-1.cloudsearch.amazonaws.com" },
    };

    [Theory]
    [InlineData("docs/movies/2024/a.json", "movies")]
    [InlineData("docs/books/b.json.gz", "books")]
    [InlineData("other/x.json", "default")]
    [InlineData("docs/Movies/x.json", "default")]
    public void The_first_capture_group_selects_the_endpoint_and_other_keys_go_to_the_default(string key, string expected)
    {
        Assert.Equal(expected, new EndpointRoutes(Options).Route(key, out var error)!.Name);
        Assert.Null(error);
    }

    [Fact]
    public void A_captured_name_without_an_endpoint_is_an_error_naming_it()
    {
        Assert.Null(new EndpointRoutes(Options).Route("docs/music/x.json", out var error));
        Assert.Contains("'music'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_default_unmatched_keys_are_errors()
    {
        var routes = new EndpointRoutes(Options with { DocumentEndpoint = null });

        Assert.Null(routes.Route("other/x.json", out var error));
        Assert.Contains("no DocumentEndpoint", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Printing_routes_masks_user_information()
    {
        var text = new EndpointRoutes(Options).ToString();

        Assert.Contains("$1 = 'movies' => movies: http://127.0.0.1:4566/movies", text, StringComparison.Ordinal);
        Assert.Contains("other keys => default: https://doc-main-abc123", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://doc-movies-abc123.us-west-2.cloudsearch.amazonaws.com", "us-west-2")]
    [InlineData("https://doc-movies-abc123.cn-north-1.cloudsearch.amazonaws.com.cn", "cn-north-1")]
    [InlineData("http://127.0.0.1:4566/movies", null)]
    public void The_region_is_read_from_public_endpoint_hosts(string url, string? region)
    {
        Assert.Equal(region, new DocumentEndpoint("x", new Uri(url)).HostRegion);
    }

    private static EndpointRoutes S32cs(string keyRegexp, string? documentEndpoint = "https://doc-main-abc123.us-east-1.cloudsearch.amazonaws.com") =>
        new(new S3ToCloudSearchOptions { DocumentEndpoint = documentEndpoint, KeyRegexp = keyRegexp, KeyRegexpCapture = KeyRegexpCapture.Endpoint });

    [Theory]
    [InlineData("example/doc-movies-x1.ap-northeast-1.cloudsearch.amazonaws.com/a.json", "https://doc-movies-x1.ap-northeast-1.cloudsearch.amazonaws.com/")]
    [InlineData("example/bad host/a.json", null)]
    [InlineData("example/doc-main-abc123.us-east-1.cloudsearch.amazonaws.com/a.json", "default")]
    [InlineData("other/a.json", "default")]
    public void With_the_s32cs_meaning_the_capture_is_the_endpoint(string key, string? expected)
    {
        var endpoint = S32cs("example/(.+?)/").Route(key, out var error);

        if (expected is null)
        {
            Assert.Null(endpoint);
            Assert.Contains("neither a host name nor an http(s) URL", error, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(error);
            Assert.Equal(expected, expected == "default" ? endpoint!.Name : endpoint!.Url.ToString());
        }
    }

    [Fact]
    public void With_the_s32cs_meaning_a_pattern_without_group_captures_the_whole_match_and_an_empty_capture_is_the_default()
    {
        Assert.Equal("doc-a-1.us-west-2.cloudsearch.amazonaws.com", S32cs("^[^/]+").Route("doc-a-1.us-west-2.cloudsearch.amazonaws.com/x.json", out _)!.Name);
        Assert.Equal("us-west-2", S32cs("^[^/]+").Route("doc-a-1.us-west-2.cloudsearch.amazonaws.com/x.json", out _)!.HostRegion);
        Assert.Equal("default", S32cs("^in/(x)?").Route("in/a.json", out _)!.Name);
    }

    [Theory]
    [InlineData("feeds/169.254.169.254/a.json")]
    [InlineData("feeds/internal.example.com/a.json")]
    [InlineData("feeds/cloudsearch.amazonaws.com.evil.example/a.json")]
    public void A_key_cannot_send_documents_to_a_host_that_is_neither_cloudsearch_nor_the_default(string key)
    {
        Assert.Null(S32cs("^feeds/([^/]+)/").Route(key, out var error));
        Assert.Contains("neither a CloudSearch document endpoint", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_may_name_another_domain_on_the_default_endpoints_host()
    {
        var routes = S32cs("^feeds/(.+)/[^/]+$", documentEndpoint: "http://127.0.0.1:4566/default");

        var endpoint = routes.Route("feeds/http://127.0.0.1:4566/movies/a.json", out var error);

        Assert.Null(error);
        Assert.Equal(("127.0.0.1:4566/movies", "http://127.0.0.1:4566/movies"), (endpoint!.Name, endpoint.Url.ToString()));
        Assert.Null(routes.Route("feeds/https://127.0.0.1:4566/movies/a.json", out _)); // another scheme is another host
        Assert.Contains("the endpoint it captures (as s32cs", routes.ToString(), StringComparison.Ordinal);
    }
}
