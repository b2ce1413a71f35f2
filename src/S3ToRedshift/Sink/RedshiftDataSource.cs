using GapTools.S3ToRedshift.Configuration;
using Npgsql;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>Builds the pooled <see cref="NpgsqlDataSource"/> for the wire transport.</summary>
internal static class RedshiftDataSource
{
    /// <summary>
    /// A data source for <paramref name="options"/>. With <paramref name="passwordProvider"/> (IAM), Npgsql asks
    /// it for a password periodically (<paramref name="refreshInterval"/>) so new connections never use an expired one.
    /// </summary>
    public static NpgsqlDataSource Create(
        RedshiftOptions options,
        Func<CancellationToken, ValueTask<string>>? passwordProvider = null,
        TimeSpan? refreshInterval = null,
        string? userOverride = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connection = new NpgsqlConnectionStringBuilder
        {
            Host = options.Host,
            Port = options.Port,
            Database = options.Database,
            Username = userOverride ?? options.User,
            Password = passwordProvider is null ? options.Password : null,

            ApplicationName = "gaptools-s3-to-redshift",
            CommandTimeout = (int)Math.Clamp(options.CommandTimeout.TotalSeconds, 1, int.MaxValue),
            Timeout = 30,

            // Redshift ends idle sessions eventually; drop pooled ones well before that.
            ConnectionIdleLifetime = 60,
        };
        var builder = new NpgsqlSlimDataSourceBuilder(connection.ConnectionString);

        // Server Compatibility Mode=NoTypeLoading: Redshift lacks the pg_type details Npgsql would load.
        builder.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
        if (passwordProvider is not null)
        {
            var interval = refreshInterval ?? TimeSpan.FromMinutes(10);
            builder.UsePeriodicPasswordProvider((_, token) => passwordProvider(token), interval, TimeSpan.FromSeconds(5));
        }

        return builder.Build();
    }
}
