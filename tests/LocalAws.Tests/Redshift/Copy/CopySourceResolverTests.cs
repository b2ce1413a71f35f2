using System.Text;
using GapTools.LocalAws.Redshift.Copy;

namespace GapTools.LocalAws.Tests.Redshift.Copy;

public sealed class CopySourceResolverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prefix_loads_every_key_starting_with_it_in_key_order_without_folder_markers()
    {
        var objects = new InMemoryS3ObjectSource()
            .Put("b", "load/2024/02.csv", "x").Put("b", "load/2024-01.csv", "x").Put("b", "load/2023.csv", "x")
            .Put("b", "load/2024/", Array.Empty<byte>()).Put("other", "load/2024.csv", "x");

        var files = await new CopySourceResolver(objects).ResolveAsync(Statement("s3://b/load/2024"), Ct);

        Assert.Equal(["s3://b/load/2024-01.csv", "s3://b/load/2024/02.csv"], files.Select(f => f.ToString()));
    }

    [Fact]
    public async Task Empty_prefix_fails_like_redshift()
    {
        var error = await Assert.ThrowsAsync<RedshiftCopyException>(() => new CopySourceResolver(new InMemoryS3ObjectSource()).ResolveAsync(Statement("s3://b/none/"), Ct));
        Assert.Equal("The specified S3 prefix 'none/' does not exist", error.Message);
    }

    [Fact]
    public async Task Manifest_lists_exact_keys_across_buckets_and_skips_missing_optional_entries()
    {
        var objects = new InMemoryS3ObjectSource()
            .Put("b", "m.manifest", """{"entries": [{"url": "s3://b/a.csv", "mandatory": true}, {"url": "s3://c/b.csv"}, {"url": "s3://b/gone.csv", "mandatory": false}]}""")
            .Put("b", "a.csv", "x").Put("b", "a.csv.bak", "x").Put("c", "b.csv", "x");

        var files = await new CopySourceResolver(objects).ResolveAsync(Statement("s3://b/m.manifest") with { Manifest = true }, Ct);

        Assert.Equal(["s3://b/a.csv", "s3://c/b.csv"], files.Select(f => f.ToString()));
    }

    [Theory]
    [InlineData("""{"entries": [{"url": "s3://b/gone.csv", "mandatory": true}]}""", "lists mandatory file 's3://b/gone.csv' which does not exist")]
    [InlineData("""{"files": []}""", "is not in correct json format: it has no \"entries\" array")]
    [InlineData("""{"entries": [{"url": "http://x/y"}]}""", "every entry needs a \"url\"")]
    [InlineData("""{"entries": [{"url": "s3://b/a", "mandatory": "yes"}]}""", "\"mandatory\" must be true or false")]
    [InlineData("""{"entries": [""", "is not in correct json format")]
    public async Task Bad_manifests_fail(string manifest, string message)
    {
        var objects = new InMemoryS3ObjectSource().Put("b", "m", manifest).Put("b", "a", "x");
        var error = await Assert.ThrowsAsync<RedshiftCopyException>(() => new CopySourceResolver(objects).ResolveAsync(Statement("s3://b/m") with { Manifest = true }, Ct));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_manifest_object_fails()
    {
        var error = await Assert.ThrowsAsync<RedshiftCopyException>(() => new CopySourceResolver(new InMemoryS3ObjectSource()).ResolveAsync(Statement("s3://b/m") with { Manifest = true }, Ct));
        Assert.Equal("Problem reading manifest file - The specified key does not exist (s3://b/m)", error.Message);
    }

    [Fact]
    public async Task In_memory_source_returns_null_for_missing_objects() =>
        Assert.Null(await new InMemoryS3ObjectSource().Put("b", "k", Encoding.UTF8.GetBytes("x")).OpenReadAsync("b", "other", Ct));

    private static CopyStatement Statement(string source)
    {
        Assert.True(S3Url.TryParse(source, out var url));
        return new CopyStatement { Table = new CopyTableName(null, "t"), Source = url!, Credentials = new CopyCredentials(CopyCredentialsKind.IamRole, "arn") };
    }
}
