using System.Globalization;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.Standalone;

/// <summary>The throwaway PostgreSQL behind a cluster, as its superuser sees it.</summary>
internal sealed record ClusterPostgres(string Root, string DataDirectory, int Postmaster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The postmaster still runs on this data directory (a recycled pid or a zombie does not count).</summary>
    public bool IsRunning
    {
        get
        {
            try
            {
                return File.ReadAllText($"/proc/{Postmaster.ToString(CultureInfo.InvariantCulture)}/cmdline").Contains(DataDirectory, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    public static async Task<ClusterPostgres> BehindAsync(NpgsqlConnection connection)
    {
        var dataDirectory = (string)(await new NpgsqlCommand("SHOW data_directory", connection).ExecuteScalarAsync(Ct))!;
        var pidFile = await File.ReadAllLinesAsync(Path.Combine(dataDirectory, "postmaster.pid"), Ct);
        return new ClusterPostgres(Path.GetDirectoryName(dataDirectory)!, dataDirectory, int.Parse(pidFile[0], CultureInfo.InvariantCulture));
    }
}
