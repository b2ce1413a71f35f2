using Amazon.Runtime;

namespace GapTools.S3ToRedshift.Sink;

/// <summary><c>IAM_ROLE 'arn'</c> for every batch.</summary>
internal sealed class IamRoleCopyCredentials(string roleArn) : ICopyCredentialsSource
{
    private readonly CopyCredentials _credentials = CopyCredentials.IamRole(roleArn);

    public ValueTask<CopyCredentials> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_credentials);
}

/// <summary>The worker's own credentials, read per batch so rotating temporary credentials stay fresh.</summary>
internal sealed class WorkerCopyCredentials(AWSCredentials credentials) : ICopyCredentialsSource
{
    public async ValueTask<CopyCredentials> GetAsync(CancellationToken cancellationToken)
    {
        var current = await credentials.GetCredentialsAsync().ConfigureAwait(false);
        return CopyCredentials.AccessKey(current.AccessKey, current.SecretKey, current.UseToken ? current.Token : null);
    }
}

/// <summary>No cluster to watch (serverless, or maintenance checks off).</summary>
internal sealed class AlwaysAvailable : IClusterAvailability
{
    public static readonly AlwaysAvailable Instance = new();

    public ValueTask WaitUntilAvailableAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void ConnectionFailed()
    {
    }
}
