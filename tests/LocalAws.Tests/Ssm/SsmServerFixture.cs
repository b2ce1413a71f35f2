using Amazon.SimpleSystemsManagement;
using GapTools.LocalAws.Ssm;

namespace GapTools.LocalAws.Tests.Ssm;

/// <summary>One LocalAws server per test class, with an SSM client that does not retry.</summary>
public sealed class SsmServerFixture : IAsyncLifetime
{
    private LocalAwsServer? server;
    private AmazonSimpleSystemsManagementClient? client;

    public LocalAwsServer Server => server ?? throw new InvalidOperationException("Fixture not started.");

    public AmazonSimpleSystemsManagementClient Client => client ?? throw new InvalidOperationException("Fixture not started.");

    public async ValueTask InitializeAsync()
    {
        server = await LocalAwsServer.StartAsync();
        client = server.CreateSsmClient();
    }

    public async ValueTask DisposeAsync()
    {
        client?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
