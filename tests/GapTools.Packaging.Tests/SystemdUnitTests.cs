using System.Globalization;
using GapTools.Packaging.Tests.Support;
using GapTools.Testing;

namespace GapTools.Packaging.Tests;

/// <summary>
/// The systemd units under deploy/: Type=notify only because the worker host reports to systemd
/// (Microsoft.Extensions.Hosting.Systemd, AddSystemd), a stop timeout longer than the worker's own, restarts with
/// a limit, the hardening every unit keeps, an EnvironmentFile whose sample sits beside the unit, and only flags the
/// CLIs list in their help on ExecStart. Read as text: systemd-analyze verify (systemd 252 here) was run on them by
/// hand, and this does not prove the service starts.
/// </summary>
public sealed class SystemdUnitTests
{
    public static TheoryData<string, string> Workers => new()
    {
        { "s3-to-redshift", "S3ToRedshift" },
        { "s3-to-cloudsearch", "S3ToCloudSearch" },
    };

    public static TheoryData<string> Units => new("s3-to-redshift/s3-to-redshift.service", "s3-to-cloudsearch/s3-to-cloudsearch.service", "ssmwrap/myapp.service");

    private static readonly TimeSpan ReleaseAllowance = TimeSpan.FromSeconds(2);

    [Theory]
    [MemberData(nameof(Workers))]
    public void A_worker_unit_is_type_notify_because_the_host_reports_to_systemd(string tool, string section)
    {
        _ = section;
        var unit = Unit($"{tool}/{tool}.service");
        var cli = Path.Combine(ToolProcess.RepositoryRoot, "src", "Cli");
        Assert.Contains("<PackageReference Include=\"Microsoft.Extensions.Hosting.Systemd\" />", File.ReadAllText(Path.Combine(cli, "GapTools.Cli.csproj")), StringComparison.Ordinal);
        Assert.Contains("builder.Services.AddSystemd();", File.ReadAllText(Path.Combine(cli, "WorkerHost.cs")), StringComparison.Ordinal);
        Assert.Equal("notify", unit["Service", "Type"]);
        Assert.Null(unit["Service", "NotifyAccess"]); // main: the worker (ssmwrap execve()s it) is the main process
    }

    [Theory]
    [MemberData(nameof(Workers))]
    public void The_stop_timeout_outlasts_the_workers_shutdown_timeout_set_in_the_environment_file(string tool, string section)
    {
        var unit = Unit($"{tool}/{tool}.service");
        var environment = EnvironmentFile(tool);
        var shutdown = TimeSpan.Parse(environment["GAPTOOLS_Worker__ShutdownTimeout"], CultureInfo.InvariantCulture);
        var grace = TimeSpan.Parse(environment[$"GAPTOOLS_{section}__Sqs__Consumer__ShutdownGrace"], CultureInfo.InvariantCulture);
        var stop = Seconds(unit["Service", "TimeoutStopSec"]!);

        Assert.True(shutdown >= grace + ReleaseAllowance, $"{tool}: Worker:ShutdownTimeout {shutdown} < grace {grace} + {ReleaseAllowance}");
        Assert.True(stop > shutdown, $"{tool}: TimeoutStopSec {stop} does not outlast Worker:ShutdownTimeout {shutdown}");
        Assert.Equal($"/etc/gaptools/{tool}.env", unit["Service", "EnvironmentFile"]);
        Assert.Contains($"/etc/gaptools/{tool}.env (mode 0600", File.ReadLines(EnvironmentPath(tool)).First(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void Every_unit_restarts_on_failure_with_a_limit_and_keeps_the_hardening(string file)
    {
        var unit = Unit(file);
        Assert.Equal("on-failure", unit["Service", "Restart"]);
        Assert.True(Seconds(unit["Service", "RestartSec"]!) >= TimeSpan.FromSeconds(1), $"{file}: RestartSec");
        Assert.NotNull(unit["Unit", "StartLimitBurst"]);
        foreach (var (key, value) in new[]
        {
            ("DynamicUser", "yes"), ("ProtectSystem", "strict"), ("ProtectHome", "yes"), ("PrivateTmp", "yes"), ("PrivateDevices", "yes"),
            ("NoNewPrivileges", "yes"), ("CapabilityBoundingSet", ""), ("RestrictSUIDSGID", "yes"), ("UMask", "0077"),
            ("SystemCallArchitectures", "native"), ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
        })
        {
            Assert.True(unit["Service", key] == value, $"{file}: {key}={unit["Service", key]}, expected {value}");
        }
    }

    [Theory]
    [MemberData(nameof(Units))]
    public async Task ExecStart_names_only_flags_the_clis_list_in_their_help(string file)
    {
        var words = Unit(file)["Service", "ExecStart"]!.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var end = words.IndexOf("--");
        var unknown = new List<string>();
        if (words[0] == "/usr/local/bin/ssmwrap")
        {
            var ssmwrap = await CliFlags.OfAsync("ssmwrap");
            unknown.AddRange(words[1..end].Where(w => w.StartsWith('-') && !ssmwrap.Contains(w)).Select(w => "ssmwrap " + w));
        }

        var command = end < 0 ? words : words[(end + 1)..];
        var tool = Path.GetFileName(command[0]);
        if (CliFlags.Projects.ContainsKey(tool))
        {
            var flags = await CliFlags.OfAsync(tool);
            unknown.AddRange(command[1..].Where(w => w.StartsWith('-') && !flags.Contains(w)).Select(w => $"{tool} {w}"));
        }

        Assert.True(unknown.Count == 0, $"{file}: ExecStart names flags the CLI does not have: {string.Join(", ", unknown)}");
    }

    [Theory]
    [MemberData(nameof(Workers))]
    public async Task The_environment_file_with_what_the_ssmwrap_rule_adds_is_a_configuration_the_worker_accepts(string tool, string section)
    {
        _ = section;
        var environment = EnvironmentFile(tool);
        // The variables ExecStart's ssmwrap rules name (to=VARIABLE) hold a secret from SSM: any value here.
        foreach (var rule in Unit($"{tool}/{tool}.service")["Service", "ExecStart"]!.Split(' ').Where(w => w.Contains("to=", StringComparison.Ordinal)))
        {
            environment[rule.Split("to=")[1].Split(',')[0]] = "from-ssm";
        }

        using var process = ToolProcess.Start(CliFlags.Projects[tool], tool, environment, "--dry-run");
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"{tool} --dry-run with deploy/{tool}/{tool}.env exited {exit}:\n{process.Output}");
        Assert.DoesNotContain("from-ssm", process.Output, StringComparison.Ordinal);
    }

    private static SystemdUnit Unit(string file) => SystemdUnit.Load(Path.Combine(ToolProcess.RepositoryRoot, "deploy", file));

    private static string EnvironmentPath(string tool) => Path.Combine(ToolProcess.RepositoryRoot, "deploy", tool, $"{tool}.env");

    // KEY=VALUE lines of the sample (systemd's EnvironmentFile: a double-quoted value loses its quotes).
    private static Dictionary<string, string> EnvironmentFile(string tool) => File.ReadAllLines(EnvironmentPath(tool))
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.Split('=', 2))
        .ToDictionary(p => p[0], p => p[1].Trim('"'));

    // systemd time spans as the samples write them: 40s, 2min, 5s.
    private static TimeSpan Seconds(string value) =>
        value.EndsWith("min", StringComparison.Ordinal) ? TimeSpan.FromMinutes(int.Parse(value[..^3], CultureInfo.InvariantCulture))
        : value.EndsWith('s') ? TimeSpan.FromSeconds(int.Parse(value[..^1], CultureInfo.InvariantCulture))
        : throw new FormatException($"not a time span the samples use: {value}");
}
