using System.Globalization;
using GapTools.LocalAws.Ssm;

namespace GapTools.SsmWrap.Bench;

/// <summary>One way of starting ssmwrap: its flags (the command is always <c>/bin/true</c>) and the SSM calls it should take.</summary>
internal sealed record Scenario(string Name, IReadOnlyList<string> Flags, int ExpectedCalls)
{
    public const string PathPrefix = "/bench/app";
    public const string NamePrefix = "/bench/names";
    public const int PathParameters = 100;
    public const int NamedParameters = 25;

    /// <summary>100 parameters by path (goal: 10 calls), 25 names (goal: 3), and no rules (start and exec only).</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new($"{PathParameters} by path", ["-env", $"path={PathPrefix}/*"], PathParameters / 10),
        new($"{NamedParameters} names", [.. Enumerable.Range(0, NamedParameters).SelectMany(i => new[] { "-env", $"path={ParameterName(i)}" })], (NamedParameters + 9) / 10),
        new("no rules", [], 0),
    ];

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

    private static string ParameterName(int i) => $"{NamePrefix}/n{i:00}";

    private static string Value(int seed) => string.Concat(Enumerable.Repeat(seed.ToString("x4", CultureInfo.InvariantCulture), 16));
}
