using GapTools.SsmWrap.Tests.Support;

namespace GapTools.SsmWrap.Tests.Cli;

/// <summary>50 real ssmwrap processes at once: alone, so that their start-up does not starve other process tests.</summary>
[CollectionDefinition(nameof(FleetStartTests), DisableParallelization = true)]
public sealed class FleetStartCollection;

/// <summary>
/// A fleet of 50 starting at once, every start seeing half its SSM requests throttled: the first six in a row (as a
/// burst of starts drains the account's 40 TPS), then its six pages served. One LocalAws per start, so what each one
/// sees does not depend on how the 50 processes are scheduled on this machine.
/// </summary>
[Collection(nameof(FleetStartTests))]
public sealed class FleetStartTests
{
    private const int Fleet = 50;
    private const int ThrottledInARow = 6;
    private const int FleetParameters = 55; // six pages of GetParametersByPath (10 a page)

    [Fact]
    public async Task Fifty_starts_with_half_their_requests_throttled_all_succeed_with_the_default_settings()
    {
        await RunFleet(Fleet, [], start =>
        {
            Assert.Equal(0, start.Result.ExitCode);
            Assert.Equal($"{FleetParameters}", start.Result.Stdout.Trim());
            Assert.Equal(ThrottledInARow, start.Ssm.Throttled);
            Assert.Equal(ThrottledInARow, start.Ssm.Answered("GetParametersByPath")); // exactly half of each start's requests
        });
    }

    // What each start sees is its own, so one start shows what the old defaults (5 retries: 6 attempts) and ssmwrap
    // v2's (3 attempts) do with it: fail. The test above would catch the defaults going back to a small count.
    [Theory]
    [InlineData(6)]
    [InlineData(3)]
    public async Task The_same_throttling_fails_a_start_with_a_small_attempt_count(int attempts)
    {
        await RunFleet(1, ["-retries", $"{attempts}"], start =>
        {
            Assert.Equal(1, start.Result.ExitCode);
            Assert.Contains("ThrottlingException", start.Result.Stderr, StringComparison.Ordinal);
            Assert.Equal(attempts, start.Ssm.Requests.Count);
            Assert.Equal(attempts, start.Ssm.Throttled);
        });
    }

    private sealed record FleetStart(LocalSsm Ssm, CliResult Result);

    // Runs the fleet with the given flags, checks every start, and stops the 50 endpoints whatever happened.
    private static async Task RunFleet(int size, string[] flags, Action<FleetStart> check)
    {
        var servers = new List<LocalSsm>();
        try
        {
            for (var i = 0; i < size; i++)
            {
                var ssm = await LocalSsm.StartAsync();
                servers.Add(ssm);
                for (var p = 0; p < FleetParameters; p++)
                {
                    ssm.Put($"/fleet/p{p:00}", $"fleet-secret-{p:00}");
                }

                ssm.Server.Faults.Add(GapTools.LocalAws.Faults.FaultRule.Throttling("ssm", count: ThrottledInARow));
            }

            var processes = servers.Select(ssm => CliProcess.Start(
                [.. flags, "-env", "path=/fleet/*", "--", "sh", "-c", "env | grep -c fleet-secret-"],
                CliProcess.Environment(ssm.ClientEnvironment()))).ToList();
            try
            {
                // Generous: 50 runtimes start on a shared machine, and each start may wait out its backoff.
                var results = await Task.WhenAll(processes.Select(p => p.WaitAsync(TimeSpan.FromMinutes(3))));
                Assert.All(servers.Zip(results, (ssm, result) => new FleetStart(ssm, result)), start =>
                {
                    Assert.DoesNotContain("fleet-secret-", start.Result.Stderr, StringComparison.Ordinal);
                    check(start);
                });
            }
            finally
            {
                processes.ForEach(p => p.Dispose());
            }
        }
        finally
        {
            foreach (var ssm in servers)
            {
                await ssm.DisposeAsync();
            }
        }
    }
}
