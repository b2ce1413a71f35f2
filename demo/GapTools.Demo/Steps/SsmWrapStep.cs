using System.Security.Cryptography;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using GapTools.Demo.Narration;
using GapTools.Demo.Processes;
using GapTools.Demo.World;
using GapTools.LocalAws.Ssm;

namespace GapTools.Demo.Steps;

/// <summary>
/// ssmwrap: seeds Parameter Store (String, StringList, SecureString, a JSON value and a Secrets Manager secret), runs
/// the real binary with <c>-dry-run</c> (values masked), then for real: it loads the values and execve()s
/// <c>sh -c</c>, which prints the non-secret variables and only the length of the secret ones.
/// </summary>
internal sealed class SsmWrapStep(DemoWorld world, Narrator say)
{
    private const string SecretId = "demo/db";

    // The exec'd shell proves the variables arrived; secrets are shown by length only, never by value.
    private const string Script =
        "echo \"DB_HOST=$DB_HOST\"; echo \"DB_PORT=$DB_PORT\"; " +
        "echo \"ALLOWED_ORIGINS=$ALLOWED_ORIGINS\"; echo \"ALLOWED_ORIGINS_1=$ALLOWED_ORIGINS_1\"; " +
        "echo \"FEATURES_SEARCH=$FEATURES_SEARCH\"; echo \"FEATURES_BETA_RATIO=$FEATURES_BETA_RATIO\"; " +
        "echo \"DB_USERNAME=$DB_USERNAME\"; " +
        "echo \"API_KEY: ${#API_KEY} characters (value not printed)\"; echo \"DB_PASSWORD: ${#DB_PASSWORD} characters (value not printed)\"; " +
        "echo \"pid=$$\"";

    private static readonly string[] Rules =
    [
        "-env", "path=/demo/app/*,stringlist=index",
        "-env", "path=/demo/features,json=true",
        "-env", $"path=/aws/reference/secretsmanager/{SecretId},json=true",
    ];

    public async Task RunAsync(ToolBinary ssmwrap, CancellationToken cancellationToken)
    {
        // Fresh per run, so "the value never appears in the output" is a real check.
        var apiKey = "sk_demo_" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        var dbPassword = RandomNumberGenerator.GetHexString(24, lowercase: true);
        string[] secrets = [apiKey, dbPassword];

        say.Action("Seed Parameter Store through the SSM API (PutParameter), and one Secrets Manager secret");
        await SeedAsync(apiKey, dbPassword, cancellationToken);

        var environment = ChildEnvironment.Create(new Dictionary<string, string> { ["AWS_ENDPOINT_URL_SSM"] = world.Aws.ServiceUrl.ToString() });
        say.Action($"Dry run with {ssmwrap}: what it would export, values masked; the command does not run");
        say.Detail("the command, run below as sh -c \"$SCRIPT\":");
        var scriptLines = Script.Split("; ");
        for (var i = 0; i < scriptLines.Length; i++)
        {
            say.Detail((i == 0 ? "SCRIPT='" : "        ") + scriptLines[i] + (i < scriptLines.Length - 1 ? ";" : "'"));
        }

        string[] dryArgs = [.. Rules, "-dry-run", "--", "sh", "-c"];
        say.Detail($"$ AWS_ENDPOINT_URL_SSM={world.Aws.ServiceUrl} {ChildProcess.Display(ssmwrap.Path, dryArgs)} \"$SCRIPT\"");
        dryArgs = [.. dryArgs, Script];
        var dry = await ChildProcess.RunAsync(ssmwrap.Path, dryArgs, environment, world.WorkDirectory, cancellationToken);
        // Abbreviated as above: ssmwrap prints the command it would run, script and all.
        say.Quote(dry.Stdout.Replace("'" + Script + "'", "\"$SCRIPT\"", StringComparison.Ordinal));
        say.Quote(dry.Stderr);
        DemoFailure.Unless(dry.ExitCode == 0, $"ssmwrap -dry-run exited with {dry.ExitCode}");
        DemoFailure.Unless(dry.StdoutLines.Any(l => l.Contains("API_KEY=****", StringComparison.Ordinal)), "the dry run does not list API_KEY=****");
        DemoFailure.Unless(dry.StdoutLines.Any(l => l.Contains("DB_PASSWORD=****", StringComparison.Ordinal)), "the dry run does not list DB_PASSWORD=****");
        CheckNoSecret("ssmwrap -dry-run", dry, secrets);
        say.Ok("exit 0, every value masked (API_KEY=****, DB_PASSWORD=****)");

        say.Action("Real run: ssmwrap loads the values, then execve()s `sh -c '…'` in its own place (same PID)");
        string[] runArgs = [.. Rules, "--", "sh", "-c"];
        say.Detail($"$ AWS_ENDPOINT_URL_SSM={world.Aws.ServiceUrl} {ChildProcess.Display(ssmwrap.Path, runArgs)} \"$SCRIPT\"");
        runArgs = [.. runArgs, Script];
        var run = await ChildProcess.RunAsync(ssmwrap.Path, runArgs, environment, world.WorkDirectory, cancellationToken);
        say.Detail("the shell printed (stdout):");
        say.Quote(run.Stdout);
        say.Detail("ssmwrap logged (stderr):");
        say.Quote(run.Stderr);
        DemoFailure.Unless(run.ExitCode == 0, $"ssmwrap exited with {run.ExitCode}");
        CheckNoSecret("ssmwrap's stderr", run with { Stdout = "" }, secrets);
        Expect(run, "DB_HOST=db.internal", "DB_PORT=5432", "ALLOWED_ORIGINS=https://app.example.com,https://admin.example.com",
            "ALLOWED_ORIGINS_1=https://admin.example.com", "FEATURES_SEARCH=true", "FEATURES_BETA_RATIO=0.25", "DB_USERNAME=app",
            $"API_KEY: {apiKey.Length} characters (value not printed)", $"DB_PASSWORD: {dbPassword.Length} characters (value not printed)");
        DemoFailure.Unless(run.StdoutLines.Contains($"pid={run.Pid}"), $"the shell's PID is not ssmwrap's ({run.Pid}): it was not exec'd in place");
        say.Ok($"the values arrived in the command's environment; sh ran as PID {run.Pid}, the process started as ssmwrap (exec, not a child); " +
            "no secret value appeared in ssmwrap's output");
    }

    private async Task SeedAsync(string apiKey, string dbPassword, CancellationToken cancellationToken)
    {
        using var ssm = world.Aws.CreateSsmClient();
        (string Name, ParameterType Type, string Value, string Shown)[] parameters =
        [
            ("/demo/app/db_host", ParameterType.String, "db.internal", "db.internal"),
            ("/demo/app/db_port", ParameterType.String, "5432", "5432"),
            ("/demo/app/allowed_origins", ParameterType.StringList, "https://app.example.com,https://admin.example.com", "https://app.example.com,https://admin.example.com"),
            ("/demo/app/api_key", ParameterType.SecureString, apiKey, $"**** ({apiKey.Length} random characters)"),
            ("/demo/features", ParameterType.String, """{"search":true,"beta":{"ratio":0.25}}""", """{"search":true,"beta":{"ratio":0.25}}"""),
        ];
        foreach (var (name, type, value, _) in parameters)
        {
            await ssm.PutParameterAsync(new PutParameterRequest { Name = name, Type = type, Value = value, Overwrite = true }, cancellationToken);
        }

        // No Secrets Manager SDK here: the secret goes into LocalAws' store, readable through SSM's reference path.
        world.Aws.State.Ssm.PutSecret(SecretId, $$"""{"username":"app","password":"{{dbPassword}}"}""");
        say.Table(parameters.Select(p => (p.Name, $"{p.Type.Value,-12}  {p.Shown}"))
            .Append(($"/aws/reference/secretsmanager/{SecretId}", $"{"secret",-12}  {{\"username\":\"app\",\"password\":\"****\"}} (Secrets Manager)")));
    }

    private static void CheckNoSecret(string what, ChildResult result, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            DemoFailure.Unless(
                !result.Stdout.Contains(secret, StringComparison.Ordinal) && !result.Stderr.Contains(secret, StringComparison.Ordinal),
                $"{what} printed a secret value");
        }
    }

    private static void Expect(ChildResult result, params string[] lines)
    {
        foreach (var line in lines)
        {
            DemoFailure.Unless(result.StdoutLines.Contains(line), $"expected the command to print '{line}'");
        }
    }
}
