using System.Text.Json.Nodes;
using GapTools.Testing;

namespace GapTools.LocalAws.Tests.Redshift.DataApi;

/// <summary>ClusterIdentifier + DbUser, SecretArn, IAM identity and WorkgroupName pick the database and user.</summary>
public sealed class TargetTests(PostgresFixture postgres)
{
    private static async Task<string> CurrentUserAsync(DataApiHarness harness, Action<JsonObject> target)
    {
        var request = new JsonObject { ["Database"] = harness.Database, ["Sql"] = "SELECT current_user" };
        target(request);
        var id = (string)(await harness.Client.CallAsync("ExecuteStatement", request))["Id"]!;
        var described = await harness.WaitAsync(id);
        Assert.True((string)described["Status"]! == "FINISHED", (string?)described["Error"]);
        return (string)(await harness.ResultAsync(id))["Records"]![0]![0]!["stringValue"]!;
    }

    private static Task<RedshiftDataException> RefusedAsync(DataApiHarness harness, JsonObject request) =>
        Assert.ThrowsAsync<RedshiftDataException>(() => harness.Client.CallAsync("ExecuteStatement", request));

    [Fact]
    public async Task DbUser_runs_as_that_user_with_its_privileges()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        var loader = DataApiHarness.UniqueUser("loader");
        await harness.AdminExecuteAsync($"CREATE USER {loader}; CREATE TABLE t (id int)");

        Assert.Equal(loader, await CurrentUserAsync(harness, r => (r["ClusterIdentifier"], r["DbUser"]) = (DataApiHarness.ClusterId, loader)));

        var denied = await harness.WaitAsync(await harness.ExecuteAsync("INSERT INTO t VALUES (1)", r => r["DbUser"] = loader));
        Assert.Equal("FAILED", (string)denied["Status"]!);
        Assert.Equal("ERROR: permission denied for table t", (string)denied["Error"]!);
        Assert.Equal(loader, (string)denied["DbUser"]!);
    }

    [Fact]
    public async Task DbUser_falls_back_to_the_IAM_prefixed_role_GetClusterCredentials_creates()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        var user = DataApiHarness.UniqueUser("temp");
        await harness.AdminExecuteAsync($"CREATE USER \"IAM:{user}\"");

        Assert.Equal("IAM:" + user, await CurrentUserAsync(harness, r => (r["ClusterIdentifier"], r["DbUser"]) = (DataApiHarness.ClusterId, user)));
    }

    [Fact]
    public async Task An_unknown_DbUser_fails_the_submit()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        var ghost = DataApiHarness.UniqueUser("ghost");

        var error = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.ExecuteAsync("SELECT 1", r => r["DbUser"] = ghost));

        Assert.Equal("ExecuteStatementException", error.Code);
        Assert.Equal($"FATAL: user \"{ghost}\" does not exist", error.ErrorMessage);
    }

    [Fact]
    public async Task SecretArn_logs_in_with_the_secrets_username_and_password()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        var user = DataApiHarness.UniqueUser("svc");
        await harness.AdminExecuteAsync($"CREATE USER {user} PASSWORD 'right-password'");
        var ssm = harness.Server.State.Ssm;
        ssm.PutSecret("redshift/svc", $$"""{"username":"{{user}}","password":"right-password","dbClusterIdentifier":"{{DataApiHarness.ClusterId}}"}""");
        ssm.PutSecret("redshift/wrong", $$"""{"username":"{{user}}","password":"wrong-password"}""");
        var arn = ssm.FindSecret("redshift/svc")!.Arn("us-east-1");

        Assert.Equal(user, await CurrentUserAsync(harness, r => (r["ClusterIdentifier"], r["SecretArn"]) = (DataApiHarness.ClusterId, arn)));
        Assert.Equal(user, await CurrentUserAsync(harness, r => (r["ClusterIdentifier"], r["SecretArn"]) = (DataApiHarness.ClusterId, "redshift/svc")));

        var wrong = await RefusedAsync(harness, new JsonObject
        {
            ["ClusterIdentifier"] = DataApiHarness.ClusterId, ["Database"] = harness.Database, ["SecretArn"] = "redshift/wrong", ["Sql"] = "SELECT 1",
        });
        Assert.Equal("ExecuteStatementException", wrong.Code);
        Assert.Equal($"FATAL: password authentication failed for user \"{user}\"", wrong.ErrorMessage);
        Assert.DoesNotContain("wrong-password", wrong.Body.ToJsonString(), StringComparison.Ordinal);

        var missing = await RefusedAsync(harness, new JsonObject
        {
            ["ClusterIdentifier"] = DataApiHarness.ClusterId, ["Database"] = harness.Database, ["SecretArn"] = "redshift/none", ["Sql"] = "SELECT 1",
        });
        Assert.Equal("ResourceNotFoundException", missing.Code);
    }

    [Fact]
    public async Task Without_DbUser_or_secret_the_callers_IAM_identity_is_the_user()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        harness.Server.State.Redshift.MapIamIdentity("test", "IAMR:dataapi-role");

        Assert.Equal("IAMR:dataapi-role", await CurrentUserAsync(harness, r => r["ClusterIdentifier"] = DataApiHarness.ClusterId));
    }

    [Fact]
    public async Task A_mapped_workgroup_runs_on_its_cluster()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        harness.Server.State.RedshiftData.MapWorkgroup("analytics-wg", DataApiHarness.ClusterId);
        harness.Server.State.Redshift.MapIamIdentity("test", "IAMR:serverless-role");

        Assert.Equal("IAMR:serverless-role", await CurrentUserAsync(harness, r => r["WorkgroupName"] = "analytics-wg"));

        var unmapped = await RefusedAsync(harness, new JsonObject { ["WorkgroupName"] = "other-wg", ["Database"] = harness.Database, ["Sql"] = "SELECT 1" });
        Assert.Equal("ValidationException", unmapped.Code);
        var withDbUser = await RefusedAsync(harness, new JsonObject
        {
            ["WorkgroupName"] = "analytics-wg", ["Database"] = harness.Database, ["DbUser"] = "x", ["Sql"] = "SELECT 1",
        });
        Assert.Equal("ValidationException", withDbUser.Code);
    }

    [Fact]
    public async Task Requests_without_a_usable_target_are_validation_errors()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        JsonObject Request(Action<JsonObject> change)
        {
            var request = new JsonObject { ["ClusterIdentifier"] = DataApiHarness.ClusterId, ["Database"] = harness.Database, ["DbUser"] = harness.MasterUser, ["Sql"] = "SELECT 1" };
            change(request);
            return request;
        }

        var unknownCluster = await RefusedAsync(harness, Request(r => r["ClusterIdentifier"] = "no-such-cluster"));
        var noTarget = await RefusedAsync(harness, Request(r => r.Remove("ClusterIdentifier")));
        var both = await RefusedAsync(harness, Request(r => r["WorkgroupName"] = "analytics-wg"));
        var noSql = await RefusedAsync(harness, Request(r => r.Remove("Sql")));
        var badCluster = await RefusedAsync(harness, Request(r => r["ClusterIdentifier"] = "Bad_Name"));
        var noDatabase = await RefusedAsync(harness, Request(r => r.Remove("Database")));
        var csv = await RefusedAsync(harness, Request(r => r["ResultFormat"] = "CSV"));
        var duplicate = await RefusedAsync(harness, Request(r => r["Parameters"] = new JsonArray(
            new JsonObject { ["name"] = "a", ["value"] = "1" }, new JsonObject { ["name"] = "a", ["value"] = "2" })));

        Assert.All([unknownCluster, noTarget, both, noSql, badCluster, noDatabase, csv, duplicate], e => Assert.Equal("ValidationException", e.Code));
        Assert.Equal("Redshift endpoint doesn't exist in this region.", unknownCluster.ErrorMessage);
        Assert.Equal("1 validation error detected: Value null at 'sql' failed to satisfy constraint: Member must not be null", noSql.ErrorMessage);
        Assert.Empty(harness.Server.State.RedshiftData.Statements);
    }
}
