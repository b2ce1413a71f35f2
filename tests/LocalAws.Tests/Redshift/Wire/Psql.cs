using System.Diagnostics;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.Wire;

/// <summary>
/// Runs the real psql client (simple Query protocol, libpq's SSL negotiation) against a connection string; the
/// password travels in the environment, never in argv.
/// </summary>
internal static class Psql
{
    public sealed record Result(int ExitCode, string Output, string Errors);

    /// <summary><c>psql -c</c>: the whole text goes to the server as one simple Query message.</summary>
    public static async Task<string> RunAsync(string connectionString, string sql)
    {
        var result = await RunProcessAsync(connectionString, ["-v", "ON_ERROR_STOP=1", "-c", sql], stdin: null);
        return result.ExitCode == 0 ? result.Output : throw new InvalidOperationException($"psql exited {result.ExitCode}: {result.Errors}");
    }

    /// <summary>A script on stdin: psql sends statement by statement and carries on after errors.</summary>
    public static Task<Result> RunScriptAsync(string connectionString, string script) =>
        RunProcessAsync(connectionString, ["-f", "-"], script);

    private static async Task<Result> RunProcessAsync(string connectionString, string[] arguments, string? stdin)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var psql = Directory.EnumerateDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin", "psql"))
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("psql not found under /usr/lib/postgresql/*/bin.");
        var start = new ProcessStartInfo(psql)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in (string[])["-X", "-h", builder.Host!, "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database!, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = builder.Password;
        start.Environment["PGCONNECT_TIMEOUT"] = "10";
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), timeout.Token);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await errors);
    }
}
