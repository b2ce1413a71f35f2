using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace GapTools.LocalAws.Tests.Ssm;

public sealed class SsmParameterTests(SsmServerFixture fixture) : IClassFixture<SsmServerFixture>
{
    private readonly string root = $"/t{Guid.NewGuid():N}";
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private AmazonSimpleSystemsManagementClient Ssm => fixture.Client;

    [Theory]
    [InlineData("String", "plain value")]
    [InlineData("StringList", "a,b,c")]
    [InlineData("SecureString", "s3cr3t")]
    public async Task Put_then_get_round_trips_each_type(string type, string value)
    {
        var name = $"{root}/{type}";
        var put = await Ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = value, Type = type }, ct);
        var got = await Ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, ct);

        Assert.Equal(1, put.Version);
        Assert.Equal(ParameterTier.Standard, put.Tier);
        Assert.Equal(name, got.Parameter.Name);
        Assert.Equal(type, got.Parameter.Type.Value);
        Assert.Equal(value, got.Parameter.Value);
        Assert.Equal(1, got.Parameter.Version);
        Assert.Equal("text", got.Parameter.DataType);
        Assert.Equal($"arn:aws:ssm:us-east-1:000000000000:parameter{name}", got.Parameter.ARN);
        Assert.InRange(got.Parameter.LastModifiedDate!.Value, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Overwrite_increments_the_version_and_is_required_for_an_existing_name()
    {
        var name = $"{root}/versioned";
        await Ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "v1", Type = ParameterType.String }, ct);

        var refused = await Assert.ThrowsAsync<ParameterAlreadyExistsException>(() =>
            Ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "v2", Type = ParameterType.String }, ct));
        var second = await Ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "v2", Overwrite = true }, ct);
        var third = await Ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "v3", Overwrite = true }, ct);
        var current = await Ssm.GetParameterAsync(new GetParameterRequest { Name = name }, ct);
        var first = await Ssm.GetParameterAsync(new GetParameterRequest { Name = $"{name}:1" }, ct);

        Assert.Equal("ParameterAlreadyExists", refused.ErrorCode);
        Assert.Equal(2, second.Version);
        Assert.Equal(3, third.Version);
        Assert.Equal(("v3", 3L, ParameterType.String.Value), (current.Parameter.Value, current.Parameter.Version!.Value, current.Parameter.Type.Value));
        Assert.Equal(("v1", 1L, ":1"), (first.Parameter.Value, first.Parameter.Version!.Value, first.Parameter.Selector));
    }

    [Fact]
    public async Task Unknown_name_is_ParameterNotFound_naming_it()
    {
        var error = await Assert.ThrowsAsync<ParameterNotFoundException>(() =>
            Ssm.GetParameterAsync(new GetParameterRequest { Name = $"{root}/missing" }, ct));

        Assert.Equal("ParameterNotFound", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains($"{root}/missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_version_is_ParameterVersionNotFound()
    {
        var name = $"{root}/one-version";
        await Ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "v", Type = ParameterType.String }, ct);

        await Assert.ThrowsAsync<ParameterVersionNotFoundException>(() => Ssm.GetParameterAsync(new GetParameterRequest { Name = $"{name}:7" }, ct));
    }

    [Fact]
    public async Task SecureString_without_decryption_returns_an_opaque_ciphertext()
    {
        var name = $"{root}/secure";
        await Ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "hunter2", Type = ParameterType.SecureString }, ct);

        var encrypted = await Ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = false }, ct);
        var decrypted = await Ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, ct);

        Assert.Equal("hunter2", decrypted.Parameter.Value);
        Assert.NotEqual("hunter2", encrypted.Parameter.Value);
        Assert.DoesNotContain("hunter2", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encrypted.Parameter.Value)), StringComparison.Ordinal);
        Assert.Equal(ParameterType.SecureString, encrypted.Parameter.Type);
    }

    [Fact]
    public async Task Plain_types_ignore_the_decryption_flag()
    {
        var name = $"{root}/plain";
        await Ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "visible", Type = ParameterType.String }, ct);

        var got = await Ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = false }, ct);

        Assert.Equal("visible", got.Parameter.Value);
    }

    [Theory]
    [InlineData("/aws/mine")]
    [InlineData("ssm-thing")]
    [InlineData("/SSM/x")]
    [InlineData("relative/path")]
    [InlineData("/a//b")]
    [InlineData("/a/b c")]
    public async Task Invalid_or_reserved_names_are_ValidationException(string name)
    {
        var error = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(() =>
            Ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "v", Type = ParameterType.String }, ct));

        Assert.Equal("ValidationException", error.ErrorCode);
    }

    [Fact]
    public async Task More_than_fifteen_levels_is_HierarchyLevelLimitExceeded()
    {
        var name = root + string.Concat(Enumerable.Range(1, 15).Select(i => $"/l{i}"));

        var error = await Assert.ThrowsAsync<HierarchyLevelLimitExceededException>(() =>
            Ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "v", Type = ParameterType.String }, ct));

        Assert.Equal("HierarchyLevelLimitExceededException", error.ErrorCode);
    }

    [Fact]
    public async Task Standard_tier_refuses_values_over_4_KB_and_advanced_takes_them()
    {
        var big = new string('x', 4097);

        var error = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(() =>
            Ssm.PutParameterAsync(new PutParameterRequest { Name = $"{root}/big", Value = big, Type = ParameterType.String }, ct));
        var advanced = await Ssm.PutParameterAsync(
            new PutParameterRequest { Name = $"{root}/big", Value = big, Type = ParameterType.String, Tier = ParameterTier.Advanced }, ct);

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal(ParameterTier.Advanced, advanced.Tier);
    }

    [Fact]
    public async Task New_parameter_needs_a_type()
    {
        var error = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(() =>
            Ssm.PutParameterAsync(new PutParameterRequest { Name = $"{root}/untyped", Value = "v" }, ct));

        Assert.Equal("ValidationException", error.ErrorCode);
    }

    [Fact]
    public async Task AllowedPattern_rejects_a_value_that_does_not_match()
    {
        var error = await Assert.ThrowsAsync<ParameterPatternMismatchException>(() => Ssm.PutParameterAsync(
            new PutParameterRequest { Name = $"{root}/port", Value = "eighty", Type = ParameterType.String, AllowedPattern = "^\\d+$" }, ct));

        Assert.DoesNotContain("eighty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_removes_and_a_second_delete_is_ParameterNotFound()
    {
        var name = $"{root}/doomed";
        await Ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "v", Type = ParameterType.String }, ct);

        await Ssm.DeleteParameterAsync(new DeleteParameterRequest { Name = name }, ct);

        await Assert.ThrowsAsync<ParameterNotFoundException>(() => Ssm.GetParameterAsync(new GetParameterRequest { Name = name }, ct));
        await Assert.ThrowsAsync<ParameterNotFoundException>(() => Ssm.DeleteParameterAsync(new DeleteParameterRequest { Name = name }, ct));
    }

    [Fact]
    public async Task DeleteParameters_splits_deleted_and_invalid_names()
    {
        await Ssm.PutParameterAsync(new PutParameterRequest { Name = $"{root}/d1", Value = "v", Type = ParameterType.String }, ct);

        var result = await Ssm.DeleteParametersAsync(new DeleteParametersRequest { Names = [$"{root}/d1", $"{root}/d2"] }, ct);

        Assert.Equal([$"{root}/d1"], result.DeletedParameters);
        Assert.Equal([$"{root}/d2"], result.InvalidParameters);
    }

    [Fact]
    public async Task In_process_Put_is_visible_over_the_wire()
    {
        var store = fixture.Server.State.Ssm;
        var before = store.Count;

        var version = store.Put($"{root}/seeded", "from-test", ParameterType.SecureString);
        var got = await Ssm.GetParameterAsync(new GetParameterRequest { Name = $"{root}/seeded", WithDecryption = true }, ct);

        Assert.Equal(1, version);
        Assert.Equal(before + 1, store.Count);
        Assert.Equal(("from-test", ParameterType.SecureString.Value), (got.Parameter.Value, got.Parameter.Type.Value));
    }

    [Fact]
    public async Task Parameter_ARN_is_accepted_as_a_name_and_a_label_selector_matches_nothing()
    {
        var name = $"{root}/by-arn";
        await Ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "v", Type = ParameterType.String }, ct);
        var arn = (await Ssm.GetParameterAsync(new GetParameterRequest { Name = name }, ct)).Parameter.ARN;

        var byArn = await Ssm.GetParameterAsync(new GetParameterRequest { Name = arn }, ct);

        Assert.Equal((name, "v"), (byArn.Parameter.Name, byArn.Parameter.Value));
        await Assert.ThrowsAsync<ParameterNotFoundException>(() => Ssm.GetParameterAsync(new GetParameterRequest { Name = $"{name}:prod" }, ct));
    }

    [Fact]
    public async Task Root_path_lists_names_without_hierarchy_one_level_only()
    {
        var flat = $"flat{Guid.NewGuid():N}";
        fixture.Server.State.Ssm.Put(flat, "v");
        fixture.Server.State.Ssm.Put($"{root}/deep/er", "v");

        var names = new List<string>();
        var request = new GetParametersByPathRequest { Path = "/" };
        do
        {
            var page = await Ssm.GetParametersByPathAsync(request, ct);
            names.AddRange(page.Parameters.Select(p => p.Name));
            request.NextToken = page.NextToken;
        }
        while (request.NextToken is not null);

        Assert.Contains(flat, names);
        Assert.DoesNotContain($"{root}/deep/er", names);
    }
}
