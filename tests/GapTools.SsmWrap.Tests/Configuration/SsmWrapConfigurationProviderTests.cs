using GapTools.SsmWrap.Tests.Fakes;
using GapTools.SsmWrap.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace GapTools.SsmWrap.Tests.Configuration;

public class SsmWrapConfigurationProviderTests
{
    private readonly MapParameterReader _reader = new();
    private readonly ManualTimeProvider _time = new();

    private SsmWrapConfigurationProvider Provider(Action<SsmWrapConfigurationSource>? configure = null)
    {
        var source = new SsmWrapConfigurationSource { Path = "/myapp", LoaderOptions = new SsmParameterLoaderOptions { TimeProvider = _time } };
        configure?.Invoke(source);
        return source.CreateProvider(new SsmParameterLoader(_reader, source.LoaderOptions));
    }

    private static Dictionary<string, string?> All(IConfigurationProvider provider) =>
        new ConfigurationRoot([provider]).AsEnumerable().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Parameters_below_the_path_become_colon_keys()
    {
        _reader.Put("/myapp/Logging/LogLevel/Default", "Warning")
            .Put("/myapp/ConnectionStrings/Main", "Host=db")
            .Put("/myapp/Hosts", "a,b", "StringList")
            .Put("/other/x", "no");
        using var provider = Provider();

        provider.Load();

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning", ["ConnectionStrings:Main"] = "Host=db",
                ["Hosts"] = "a,b", ["Hosts:0"] = "a", ["Hosts:1"] = "b",
            },
            All(provider));
    }

    [Fact]
    public void Json_values_expand_to_child_keys()
    {
        _reader.Put("/myapp/Db", """{"User":"u","Pool":{"Max":10}}""");
        using var provider = Provider(s => s.Json = true);

        provider.Load();

        Assert.True(provider.TryGet("Db:Pool:Max", out var max));
        Assert.Equal("10", max);
    }

    [Fact]
    public void A_failed_load_throws_unless_optional_or_ignored()
    {
        _reader.Fault = _ => new InvalidOperationException("SSM down");
        SsmWrapLoadExceptionContext? seen = null;

        using var strict = Provider();
        using var optional = Provider(s => s.Optional = true);
        using var ignored = Provider(s => s.OnLoadException = c =>
        {
            seen = c;
            c.Ignore = true;
        });

        Assert.Throws<SsmWrapException>(strict.Load);
        optional.Load();
        ignored.Load();
        Assert.Empty(All(optional));
        Assert.NotNull(seen);
        Assert.False(seen.Reload);
        Assert.Same(ignored, seen.Provider);
    }

    [Fact]
    public void Duplicate_keys_throw_even_when_optional()
    {
        _reader.Put("/myapp/a", "1").Put("/myapp/A", "2");
        using var provider = Provider(s => s.Optional = true);

        var error = Assert.Throws<SsmWrapException>(provider.Load);

        Assert.Contains("/myapp/A and /myapp/a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_raises_the_change_token_only_when_a_value_changed()
    {
        _reader.Put("/myapp/Feature", "off");
        using var provider = Provider(s => s.ReloadAfter = TimeSpan.FromMinutes(5));
        provider.Load();
        var changes = 0;
        using var subscription = Microsoft.Extensions.Primitives.ChangeToken.OnChange(provider.GetReloadToken, () => changes++);
        var calls = _reader.Calls.Count;

        _time.Advance(TimeSpan.FromMinutes(5));
        await WaitUntil(() => _reader.Calls.Count > calls);
        Assert.Equal(0, changes);

        _reader.Put("/myapp/Feature", "on");
        _time.Advance(TimeSpan.FromMinutes(5));
        await WaitUntil(() => changes == 1);
        Assert.True(provider.TryGet("Feature", out var feature));
        Assert.Equal("on", feature);
    }

    [Fact]
    public async Task A_failed_reload_keeps_the_last_values_and_reports_it()
    {
        _reader.Put("/myapp/Feature", "off");
        var contexts = new List<SsmWrapLoadExceptionContext>();
        using var provider = Provider(s => s.OnLoadException = contexts.Add);
        provider.Load();
        _reader.Fault = _ => new InvalidOperationException("SSM down");

        await provider.ReloadAsync();

        Assert.True(provider.TryGet("Feature", out var feature));
        Assert.Equal("off", feature);
        var context = Assert.Single(contexts);
        Assert.True(context.Reload);
        Assert.True(context.Ignore);
    }

    [Fact]
    public async Task AddSsmWrap_reads_through_a_real_client_against_LocalAws()
    {
        await using var ssm = await LocalSsm.StartAsync();
        ssm.Put("/svc/Api/Key", "k").Put("/svc/Api/Url", "http://x").Put("/svc/Hosts", "a,b", "StringList").Put("/svc/Db/Password", "pw", "SecureString");
        using var client = ssm.CreateClient();

        var configuration = new ConfigurationBuilder().AddSsmWrap("/svc/", s => s.Client = client).Build();

        Assert.Equal("k", configuration["Api:Key"]);
        Assert.Equal("http://x", configuration.GetSection("Api")["Url"]);
        Assert.Equal("b", configuration["Hosts:1"]);
        Assert.Equal("pw", configuration["Db:Password"]);
        Assert.Equal(1, ssm.Count("GetParametersByPath"));
    }

    [Fact]
    public void AddSsmWrap_rejects_a_bad_path_at_once() =>
        Assert.Throws<FormatException>(() => new ConfigurationBuilder().AddSsmWrap("/bad path"));

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(5);
        }
    }
}
