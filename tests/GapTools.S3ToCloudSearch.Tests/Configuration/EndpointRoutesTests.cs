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
}
