using System.Globalization;
using System.Net;
using GapTools.Testing;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.ControlPlane;

/// <summary>Temporary credentials are real PostgreSQL logins through the proxy, and PostgreSQL enforces their expiry.</summary>
public sealed class ClusterCredentialsTests(PostgresFixture postgres)
{
    private static readonly System.Xml.Linq.XNamespace Ns = RedshiftQueryClient.Ns;

    private static (string DbUser, string Password, DateTimeOffset Expiration) Read(System.Xml.Linq.XElement result) =>
        (result.Element(Ns + "DbUser")!.Value,
         result.Element(Ns + "DbPassword")!.Value,
         DateTimeOffset.Parse(result.Element(Ns + "Expiration")!.Value, CultureInfo.InvariantCulture));

    [Fact]
    public async Task GetClusterCredentials_creates_a_login_that_works_through_the_proxy()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        var user = RedshiftHarness.UniqueUser("alice");
        var before = DateTimeOffset.UtcNow;

        var (dbUser, password, expiration) = Read(await harness.Client.CallAsync("GetClusterCredentials",
            ("ClusterIdentifier", "test-cluster"), ("DbUser", user), ("AutoCreate", "true")));

        Assert.Equal("IAM:" + user, dbUser);
        Assert.InRange(expiration, before.AddSeconds(899), DateTimeOffset.UtcNow.AddSeconds(901));
        Assert.Equal(dbUser, await harness.LoginAsync(dbUser, password));
    }

    [Fact]
    public async Task Credentials_asked_again_keep_earlier_ones_working()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        var user = RedshiftHarness.UniqueUser("worker");
        (string, string)[] request = [("ClusterIdentifier", "test-cluster"), ("DbUser", user), ("AutoCreate", "true"), ("DurationSeconds", "3600")];

        var first = Read(await harness.Client.CallAsync("GetClusterCredentials", request));
        var second = Read(await harness.Client.CallAsync("GetClusterCredentials", request));

        // Two workers sharing a DbUser must not lock each other out, as on Redshift.
        Assert.Equal(first.DbUser, await harness.LoginAsync(first.DbUser, first.Password));
        Assert.Equal(second.DbUser, await harness.LoginAsync(second.DbUser, second.Password));
        Assert.InRange(first.Expiration, DateTimeOffset.UtcNow.AddSeconds(3500), DateTimeOffset.UtcNow.AddSeconds(3601));
    }

    [Fact]
    public async Task Expired_credentials_are_refused_by_postgresql()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        var (dbUser, password, _) = Read(await harness.Client.CallAsync("GetClusterCredentials",
            ("ClusterIdentifier", "test-cluster"), ("DbUser", RedshiftHarness.UniqueUser("bob")), ("AutoCreate", "true")));
        Assert.Equal(dbUser, await harness.LoginAsync(dbUser, password));

        await harness.Cluster.ExpireCredentialsAsync(dbUser, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<PostgresException>(() => harness.LoginAsync(dbUser, password));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task A_shortened_lifetime_expires_on_its_own()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        harness.Server.State.Redshift.CredentialLifetimeOverride = TimeSpan.FromSeconds(2);

        var (dbUser, password, expiration) = Read(await harness.Client.CallAsync("GetClusterCredentials",
            ("ClusterIdentifier", "test-cluster"), ("DbUser", RedshiftHarness.UniqueUser("carol")), ("AutoCreate", "true")));
        Assert.InRange(expiration, DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(3));
        Assert.Equal(dbUser, await harness.LoginAsync(dbUser, password));

        PostgresException? refused = null;
        await Eventually.WaitForAsync(async () =>
        {
            try
            {
                await harness.LoginAsync(dbUser, password);
                return 0;
            }
            catch (PostgresException e)
            {
                refused = e;
                return 1;
            }
        });
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused!.SqlState);
    }

    [Fact]
    public async Task Without_AutoCreate_an_unknown_user_gets_credentials_that_cannot_log_in()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        var (dbUser, password, _) = Read(await harness.Client.CallAsync("GetClusterCredentials",
            ("ClusterIdentifier", "test-cluster"), ("DbUser", RedshiftHarness.UniqueUser("nobody"))));

        var error = await Assert.ThrowsAsync<PostgresException>(() => harness.LoginAsync(dbUser, password));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    [Fact]
    public async Task Without_AutoCreate_an_existing_user_gets_a_new_password()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        var user = RedshiftHarness.UniqueUser("existing");
        await harness.AdminExecuteAsync($"CREATE ROLE \"IAM:{user}\" LOGIN");

        var (dbUser, password, _) = Read(await harness.Client.CallAsync("GetClusterCredentials",
            ("ClusterIdentifier", "test-cluster"), ("DbUser", user), ("AutoCreate", "false")));

        Assert.Equal(dbUser, await harness.LoginAsync(dbUser, password));
    }

    [Fact]
    public async Task DbGroups_are_joined_and_must_exist()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        var group = RedshiftHarness.UniqueUser("loaders");
        await harness.AdminExecuteAsync($"CREATE ROLE \"{group}\" NOLOGIN");
        var user = RedshiftHarness.UniqueUser("dave");

        var (dbUser, password, _) = Read(await harness.Client.CallAsync("GetClusterCredentials",
            ("ClusterIdentifier", "test-cluster"), ("DbUser", user), ("AutoCreate", "true"), ("DbGroups.DbGroup.1", group)));

        var connectionString = new NpgsqlConnectionStringBuilder(harness.Cluster.ConnectionString(dbUser, password)) { Pooling = false }.ConnectionString;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand($"SELECT pg_has_role('{group}', 'MEMBER')", connection);
            Assert.Equal(true, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        var error = await Assert.ThrowsAsync<RedshiftQueryException>(() => harness.Client.CallAsync("GetClusterCredentials",
            ("ClusterIdentifier", "test-cluster"), ("DbUser", user), ("DbGroups.DbGroup.1", "no_such_group")));
        Assert.Equal("InvalidParameterValue", error.Code);
    }

    [Theory]
    [InlineData("899")]
    [InlineData("3601")]
    public async Task DurationSeconds_outside_900_to_3600_is_rejected(string seconds)
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);

        var error = await Assert.ThrowsAsync<RedshiftQueryException>(() => harness.Client.CallAsync("GetClusterCredentials",
            ("ClusterIdentifier", "test-cluster"), ("DbUser", "someone"), ("DurationSeconds", seconds)));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("InvalidParameterValue", error.Code);
    }

    [Theory]
    [InlineData("DbUser", "MissingParameter")]
    [InlineData("ClusterIdentifier", "MissingParameter")]
    public async Task Required_parameters(string omitted, string code)
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        var parameters = new[] { ("ClusterIdentifier", "test-cluster"), ("DbUser", "someone") }.Where(p => p.Item1 != omitted).ToArray();

        var error = await Assert.ThrowsAsync<RedshiftQueryException>(() => harness.Client.CallAsync("GetClusterCredentials", parameters));

        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("a:b")]
    [InlineData("a/b")]
    [InlineData("PUBLIC")]
    public async Task Invalid_DbUser_is_rejected(string dbUser)
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);

        var error = await Assert.ThrowsAsync<RedshiftQueryException>(() => harness.Client.CallAsync("GetClusterCredentials",
            ("ClusterIdentifier", "test-cluster"), ("DbUser", dbUser)));

        Assert.Equal("InvalidParameterValue", error.Code);
    }

    [Fact]
    public async Task Unknown_cluster_is_ClusterNotFound()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);

        var error = await Assert.ThrowsAsync<RedshiftQueryException>(() => harness.Client.CallAsync("GetClusterCredentials",
            ("ClusterIdentifier", "other"), ("DbUser", "someone")));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Equal("ClusterNotFound", error.Code);
    }

    [Fact]
    public async Task GetClusterCredentialsWithIAM_maps_the_caller_to_an_IAMR_user()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);
        var role = "IAMR:" + RedshiftHarness.UniqueUser("loader");
        harness.Server.State.Redshift.MapIamIdentity("test", role);

        var result = await harness.Client.CallAsync("GetClusterCredentialsWithIAM", ("ClusterIdentifier", "test-cluster"), ("DurationSeconds", "1800"));
        var (dbUser, password, expiration) = Read(result);

        Assert.Equal(role, dbUser);
        Assert.InRange(expiration, DateTimeOffset.UtcNow.AddSeconds(1700), DateTimeOffset.UtcNow.AddSeconds(1801));
        Assert.NotNull(result.Element(Ns + "NextRefreshTime"));
        Assert.Equal(role, await harness.LoginAsync(dbUser, password));
    }

    [Fact]
    public async Task GetClusterCredentialsWithIAM_defaults_to_the_access_key()
    {
        await using var harness = await RedshiftHarness.StartAsync(postgres);

        var (dbUser, password, _) = Read(await harness.Client.CallAsync("GetClusterCredentialsWithIAM", ("ClusterIdentifier", "test-cluster")));

        Assert.Equal("IAMR:test", dbUser);
        Assert.Equal(dbUser, await harness.LoginAsync(dbUser, password));
    }
}
