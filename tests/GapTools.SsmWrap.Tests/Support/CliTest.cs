using GapTools.SsmWrap.Tests.Fakes;

namespace GapTools.SsmWrap.Tests.Support;

/// <summary>Runs the real ssmwrap against a fresh fake SSM endpoint; remembers every value put, to prove none reaches stderr.</summary>
public abstract class CliTest : IAsyncLifetime
{
    private readonly List<string> _values = [];
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ssmwrap-cli-");

    internal FakeSsmServer Server { get; private set; } = null!;

    internal string TempDirectory => _directory.FullName;

    public async ValueTask InitializeAsync() => Server = await FakeSsmServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Puts a parameter whose value must never appear on stderr.</summary>
    internal void Put(string name, string value, string type = "String")
    {
        _values.Add(value);
        Server.Put(name, value, type);
    }

    internal Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? extra = null, string accessKey = FakeSsmServer.AccessKey)
    {
        var environment = CliProcess.Environment(Server.ClientEnvironment(accessKey));
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return environment;
    }

    internal async Task<CliResult> Run(params string[] args) => await Run(args, null);

    internal async Task<CliResult> Run(IEnumerable<string> args, IReadOnlyDictionary<string, string>? extra, string? stdin = null)
    {
        var result = await CliProcess.RunAsync(args, Environment(extra), stdin);
        AssertNoValueIn(result.Stderr);
        return result;
    }

    internal void AssertNoValueIn(string text)
    {
        foreach (var value in _values.Where(v => v.Length >= 4))
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        }
    }
}
