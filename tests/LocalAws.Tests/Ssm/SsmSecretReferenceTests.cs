using System.Text.Json;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace GapTools.LocalAws.Tests.Ssm;

public sealed class SsmSecretReferenceTests(SsmServerFixture fixture) : IClassFixture<SsmServerFixture>
{
    private const string Prefix = "/aws/reference/secretsmanager/";
    private const string SecretValue = "{\"username\":\"app\",\"password\":\"pa55\"}";
    private readonly string secretId = $"prod/db-{Guid.NewGuid():N}";
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private AmazonSimpleSystemsManagementClient Ssm => fixture.Client;

    [Fact]
    public async Task Reference_with_decryption_returns_the_secret_as_a_SecureString()
    {
        fixture.Server.State.Ssm.PutSecret(secretId, SecretValue);

        var got = await Ssm.GetParameterAsync(new GetParameterRequest { Name = Prefix + secretId, WithDecryption = true }, ct);

        var p = got.Parameter;
        Assert.Equal((Prefix + secretId, ParameterType.SecureString.Value, SecretValue), (p.Name, p.Type.Value, p.Value));
        Assert.Equal(0, p.Version);
        Assert.StartsWith($"arn:aws:secretsmanager:us-east-1:000000000000:secret:{secretId}-", p.ARN, StringComparison.Ordinal);
        using var source = JsonDocument.Parse(p.SourceResult);
        Assert.Equal(p.ARN, source.RootElement.GetProperty("ARN").GetString());
        Assert.Equal(secretId, source.RootElement.GetProperty("Name").GetString());
        Assert.DoesNotContain("pa55", p.SourceResult, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reference_by_secret_ARN_resolves_too()
    {
        fixture.Server.State.Ssm.PutSecret(secretId, SecretValue);
        var arn = (await Ssm.GetParameterAsync(new GetParameterRequest { Name = Prefix + secretId, WithDecryption = true }, ct)).Parameter.ARN;

        var byArn = await Ssm.GetParameterAsync(new GetParameterRequest { Name = Prefix + arn, WithDecryption = true }, ct);

        Assert.Equal(SecretValue, byArn.Parameter.Value);
    }

    [Fact]
    public async Task Reference_without_decryption_is_ValidationException()
    {
        fixture.Server.State.Ssm.PutSecret(secretId, SecretValue);

        var single = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(() =>
            Ssm.GetParameterAsync(new GetParameterRequest { Name = Prefix + secretId }, ct));
        var batch = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(() =>
            Ssm.GetParametersAsync(new GetParametersRequest { Names = [Prefix + secretId] }, ct));

        Assert.All(new[] { single, batch }, e =>
        {
            Assert.Equal("ValidationException", e.ErrorCode);
            Assert.Equal("WithDecryption flag must be True for retrieving a Secret Value from Secret Manager", e.Message);
        });
    }

    [Fact]
    public async Task Unknown_secret_is_ParameterNotFound_or_an_InvalidParameter()
    {
        fixture.Server.State.Ssm.PutSecret(secretId, SecretValue);
        var unknown = Prefix + "no-such-secret";

        await Assert.ThrowsAsync<ParameterNotFoundException>(() =>
            Ssm.GetParameterAsync(new GetParameterRequest { Name = unknown, WithDecryption = true }, ct));
        var batch = await Ssm.GetParametersAsync(new GetParametersRequest { Names = [Prefix + secretId, unknown], WithDecryption = true }, ct);

        Assert.Equal(SecretValue, Assert.Single(batch.Parameters).Value);
        Assert.Equal([unknown], batch.InvalidParameters);
    }

    [Fact]
    public async Task Replacing_a_secret_serves_the_new_value()
    {
        fixture.Server.State.Ssm.PutSecret(secretId, "old");
        fixture.Server.State.Ssm.PutSecret(secretId, "new");

        var got = await Ssm.GetParameterAsync(new GetParameterRequest { Name = Prefix + secretId, WithDecryption = true }, ct);

        Assert.Equal("new", got.Parameter.Value);
    }

    [Theory]
    [InlineData("/aws/reference/secretsmanager")]
    [InlineData("/aws/reference/secretsmanager/prod")]
    public async Task GetParametersByPath_under_the_reference_tree_is_ValidationException(string path)
    {
        var error = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(() =>
            Ssm.GetParametersByPathAsync(new GetParametersByPathRequest { Path = path, Recursive = true, WithDecryption = true }, ct));

        Assert.Equal("ValidationException", error.ErrorCode);
    }

    [Fact]
    public async Task Secrets_are_not_parameters()
    {
        var before = fixture.Server.State.Ssm.Count;

        fixture.Server.State.Ssm.PutSecret(secretId, SecretValue);

        Assert.Equal(before, fixture.Server.State.Ssm.Count);
    }
}
