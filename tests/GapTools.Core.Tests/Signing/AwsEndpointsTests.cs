using GapTools.Core.Signing;

namespace GapTools.Core.Tests.Signing;

public class AwsEndpointsTests
{
    private const string Default = "https://redshift-data.us-east-1.amazonaws.com";

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Default_is_used_when_nothing_is_configured() =>
        Assert.Equal(new Uri(Default), AwsEndpoints.Resolve("REDSHIFT_DATA", Default, null, Env()));

    [Fact]
    public void Service_specific_variable_wins_over_the_global_one()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), ("AWS_ENDPOINT_URL_REDSHIFT_DATA", "http://127.0.0.1:5000"));

        Assert.Equal(new Uri("http://127.0.0.1:5000"), AwsEndpoints.Resolve("REDSHIFT_DATA", Default, null, env));
        Assert.Equal(new Uri("http://127.0.0.1:4566"), AwsEndpoints.Resolve("CLOUDSEARCH_DOMAIN", Default, null, env));
    }

    [Fact]
    public void Explicit_url_wins_over_the_environment()
    {
        var env = Env(("AWS_ENDPOINT_URL_REDSHIFT_DATA", "http://127.0.0.1:5000"));

        Assert.Equal(new Uri("http://localhost:9/"), AwsEndpoints.Resolve("REDSHIFT_DATA", Default, "http://localhost:9/", env));
    }

    [Fact]
    public void Ignore_flag_skips_the_environment_like_the_sdk()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));

        Assert.Equal(new Uri(Default), AwsEndpoints.Resolve("REDSHIFT_DATA", Default, null, env));
    }

    [Fact]
    public void Invalid_url_names_the_variable()
    {
        var env = Env(("AWS_ENDPOINT_URL_REDSHIFT_DATA", "not a url"));

        var error = Assert.Throws<InvalidOperationException>(() => AwsEndpoints.Resolve("REDSHIFT_DATA", Default, null, env));

        Assert.Contains("AWS_ENDPOINT_URL_REDSHIFT_DATA", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redshift-data", "us-east-1", "https://redshift-data.us-east-1.amazonaws.com")]
    [InlineData("redshift", "cn-north-1", "https://redshift.cn-north-1.amazonaws.com.cn")]
    public void Regional_endpoints(string prefix, string region, string expected) =>
        Assert.Equal(expected, AwsEndpoints.Regional(prefix, region));
}
