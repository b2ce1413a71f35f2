namespace GapTools.SsmWrap.Tests.Support;

/// <summary>Runs the real ssmwrap process against a fresh LocalAws endpoint; proves no seeded value reaches stderr.</summary>
public abstract class CliTest : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ssmwrap-cli-");

    internal LocalSsm Ssm { get; private set; } = null!;

    internal string TempDirectory => _directory.FullName;

    public async ValueTask InitializeAsync() => Ssm = await LocalSsm.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await Ssm.DisposeAsync();
        _directory.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Puts a parameter whose value must never appear on stderr.</summary>
    internal void Put(string name, string value, string type = "String") => Ssm.Put(name, value, type);

    internal Dictionary<string, string> Environment(
        IReadOnlyDictionary<string, string>? extra = null, string accessKey = LocalSsm.AccessKey, string secretKey = LocalSsm.SecretKey)
    {
        var environment = CliProcess.Environment(Ssm.ClientEnvironment(accessKey, secretKey));
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return environment;
    }

    internal async Task<CliResult> Run(params string[] args) => await Run(args, null);

    internal async Task<CliResult> Run(IEnumerable<string> args, IReadOnlyDictionary<string, string>? extra, string? stdin = null) =>
        Checked(await CliProcess.RunAsync(args, Environment(extra), stdin));

    /// <summary>Runs with other credentials (the values seeded must still never reach stderr).</summary>
    internal async Task<CliResult> RunAs(string accessKey, string secretKey, params string[] args) =>
        Checked(await CliProcess.RunAsync(args, Environment(accessKey: accessKey, secretKey: secretKey)));

    internal void AssertNoValueIn(string text)
    {
        foreach (var value in Ssm.Values.Where(v => v.Length >= 4))
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        }
    }

    private CliResult Checked(CliResult result)
    {
        AssertNoValueIn(result.Stderr);
        return result;
    }
}
