using GapTools.S3ToRedshift.Configuration;
using Npgsql;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>Builds the pooled <see cref="NpgsqlDataSource"/> for the wire transport.</summary>
internal static class RedshiftDataSource
{
    /// <summary>
    /// A data source for <paramref name="options"/>. With <paramref name="passwordProvider"/> (IAM), Npgsql asks it
    /// for the password of every new physical connection (the provider caches; see <see cref="IamPasswordCache"/>).
    /// </summary>
    public static NpgsqlDataSource Create(
        RedshiftOptions options,
        Func<CancellationToken, ValueTask<string>>? passwordProvider = null,
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
            // The worker opens connections asynchronously only; a synchronous open would have to block on HTTP.
            builder.UsePasswordProvider(
                _ => throw new NotSupportedException("Open Redshift connections asynchronously (IAM passwords come from an HTTP call)."),
                (_, token) => passwordProvider(token));
        }

        return builder.Build();
    }
}
