using GapTools.SsmWrap.Tests.Fakes;

namespace GapTools.SsmWrap.Tests.Loading;

public sealed class SsmParameterLoaderTests : IDisposable
{
    private readonly MapParameterReader _reader = new();
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ssmwrap-loader-");

    public void Dispose() => _directory.Delete(recursive: true);

    private SsmParameterLoader Loader() => new(_reader, new SsmParameterLoaderOptions());

    [Fact]
    public async Task Loads_variables_and_files_with_one_deduplicated_fetch()
    {
        for (var i = 0; i < 12; i++)
        {
            _reader.Put($"/app/p{i:00}", $"v{i}");
        }

        _reader.Put("/app/tls/key", "KEY").Put("/shared/token", "T");
        var key = Path.Combine(_directory.FullName, "key.pem");
        SsmRule[] rules =
        [
            SsmRule.ParseEnv("path=/app/**/*"), SsmRule.ParseEnv("path=/app/p01,prefix=ALSO_"),
            SsmRule.ParseFile($"path=/app/tls/key,to={key}"), SsmRule.ParseEnv("path=/shared/token"),
        ];

        var result = await Loader().LoadAsync(rules, TestContext.Current.CancellationToken);

        Assert.Equal("v1", result.Variables["P01"]);
        Assert.Equal("v1", result.Variables["ALSO_P01"]);
        Assert.Equal("T", result.Variables["TOKEN"]);
        Assert.Equal("KEY", result.Variables["KEY"]);
        Assert.Equal([key], result.Files);
        Assert.False(File.Exists(key));
        Assert.Equal(2, _reader.CallsTo("GetParametersByPath"));
        Assert.Equal(1, _reader.CallsTo("GetParameters"));
        Assert.Equal(3, result.ApiCalls);
        Assert.Equal(14, result.ParameterCount);
        Assert.Equal("15 variables and 1 file from 14 parameters (3 SSM calls)", result.ToString());

        result.WriteFiles();
        Assert.Equal("KEY", await File.ReadAllTextAsync(key, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task LoadIntoEnvironment_sets_this_process_environment()
    {
        var name = "SSMWRAP_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        _reader.Put("/t/" + name, "from-ssm");

        await Loader().LoadIntoEnvironmentAsync([SsmRule.ParseEnv("path=/t/*")], TestContext.Current.CancellationToken);

        Assert.Equal("from-ssm", Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, null);
    }

    [Fact]
    public async Task Masked_description_never_shows_a_value()
    {
        _reader.Put("/app/password", "hunter2");

        var result = await Loader().LoadAsync([SsmRule.ParseEnv("path=/app/*")], TestContext.Current.CancellationToken);

        Assert.Equal(["PASSWORD=**** <- /app/password"], result.DescribeMasked());
    }

    [Fact]
    public async Task Cancellation_stops_the_load()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Loader().LoadAsync([SsmRule.ParseEnv("path=/app/*")], cancelled.Token));
    }
}
