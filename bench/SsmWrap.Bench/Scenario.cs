using System.Globalization;
using GapTools.LocalAws.Ssm;

namespace GapTools.SsmWrap.Bench;

/// <summary>
/// One way of starting ssmwrap: its flags (the command is always <c>/bin/true</c>), the SSM calls it should take, and
/// the goal of issue 14 for its time against the Go peer (<see cref="TimeGoal"/> × the peer's median).
/// </summary>
internal sealed record Scenario(string Name, IReadOnlyList<string> Flags, int ExpectedCalls, double TimeGoal)
{
    public const string PathPrefix = "/bench/app";
    public const string NamePrefix = "/bench/names";
    public const int PathParameters = 100;
    public const int NamedParameters = 25;

    /// <summary>1 name, 10 names (one call each), 100 parameters by path (10 calls), and no rules (start and exec only).</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("1 name", Names(1), 1, 1.0),
        new("10 names", Names(10), 1, 1.0),
        new($"{PathParameters} by path", ["-env", $"path={PathPrefix}/*"], PathParameters / 10, 1.0),
        new("no rules", [], 0, 1.2),
    ];

    /// <summary>The scenario whose peak RSS has a goal.</summary>
    public static Scenario ByPath => All[2];

    /// <summary>The goal for peak RSS against the peer (100 by path).</summary>
    public const double RssGoal = 1.2;

    /// <summary>ssmwrap v2 refuses to start without a rule ("At least one rule required", exit 1): its "no rules" run is start and exit.</summary>
    public int ExpectedExit(Build build) => build.Peer && Flags.Count == 0 ? 1 : 0;

    public IReadOnlyList<string> Command(string binary) => [binary, .. Flags, "--", "/bin/true"];

    /// <summary>The parameters every scenario reads; a third are SecureString, values 64 characters.</summary>
    public static void Seed(SsmStore store)
    {
        for (var i = 0; i < PathParameters; i++)
        {
            store.Put($"{PathPrefix}/p{i:000}", Value(i), i % 3 == 0 ? "SecureString" : "String");
        }

        for (var i = 0; i < NamedParameters; i++)
        {
            store.Put(ParameterName(i), Value(1000 + i), "SecureString");
        }
    }

    private static string[] Names(int count) => [.. Enumerable.Range(0, count).SelectMany(i => new[] { "-env", $"path={ParameterName(i)}" })];

    private static string ParameterName(int i) => $"{NamePrefix}/n{i:00}";

    private static string Value(int seed) => string.Concat(Enumerable.Repeat(seed.ToString("x4", CultureInfo.InvariantCulture), 16));
}
