using GapTools.SsmWrap.Tests.Support;
using GapTools.Testing.Iam;

namespace GapTools.SsmWrap.Tests.Cli;

/// <summary>
/// deploy/ssmwrap/iam-policy.json against what the real ssmwrap process asks SSM for (LocalAws's request journal):
/// an exact name, a path, a SecureString and a Secrets Manager reference. Every action performed is allowed; the
/// only actions allowed beyond them are the two AWS evaluates on ssmwrap's behalf.
/// </summary>
public sealed class IamPolicyTests : CliTest
{
    private static readonly Dictionary<string, string> Extras = new()
    {
        // A GetParameter of /aws/reference/secretsmanager/<id> is served by SSM reading the secret as the caller.
        ["secretsmanager:GetSecretValue"] = "evaluated by SSM on the caller's behalf for /aws/reference/secretsmanager/ paths",
        // WithDecryption: SSM decrypts SecureStrings with the caller's permission on a customer managed key.
        ["kms:Decrypt"] = "evaluated by KMS through SSM (kms:ViaService) for SecureStrings under a customer managed key",
    };

    [Fact]
    public async Task The_policy_allows_exactly_what_a_run_does()
    {
        Put("/myapp/prod/db_host", "db.internal-value");
        Put("/myapp/prod/api/key", "api-secret-value", "SecureString");
        Put("/myapp/prod/tls/key", "tls-secret-value", "SecureString");
        Ssm.PutSecret("prod/db", """{"username":"svc","password":"pw-secret-value"}""");
        Ssm.Server.Requests.Clear();

        var result = await Run(
            [
                "-env", "path=/myapp/prod/api/*", "-env", "path=/myapp/prod/db_host",
                "-env", "path=/aws/reference/secretsmanager/prod/db,json=true,prefix=DB_",
                "-file", $"path=/myapp/prod/tls/key,to={Path.Combine(TempDirectory, "tls.key")}",
                "--", "true",
            ],
            null);

        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] performed = [.. Ssm.Server.Requests.Entries.SelectMany(e => IamActions.For(e.Service, e.Operation)).Distinct().Order(StringComparer.Ordinal)];
        var policy = IamPolicy.Load(Path.Combine(ToolProcess.RepositoryRoot, "deploy", "ssmwrap", "iam-policy.json"));
        var problems = PolicyCoverage.Problems(policy, performed, Extras);
        Assert.True(problems.Count == 0, $"{string.Join("\n", problems)}\nperformed: {string.Join(", ", performed)}");

        // The check can fail: a performed action taken out, an unused one added, an extra left undocumented.
        foreach (var action in performed)
        {
            Assert.Contains(PolicyCoverage.Problems(policy.Without(action), performed, Extras), p => p.StartsWith(action + " was performed", StringComparison.Ordinal));
        }

        Assert.Contains(PolicyCoverage.Problems(policy.With("ssm:PutParameter"), performed, Extras), p => p.StartsWith("ssm:PutParameter is allowed", StringComparison.Ordinal));
        foreach (var extra in Extras.Keys)
        {
            Assert.Contains(PolicyCoverage.Problems(policy, performed, Extras.Where(e => e.Key != extra).ToDictionary()), p => p.StartsWith(extra + " is allowed", StringComparison.Ordinal));
        }
    }
}
