namespace GapTools.Workers.Sqs;

/// <summary>Awaited before every receive; lets a tool pause receiving (for example during database maintenance).</summary>
public interface IReceiveGate
{
    /// <summary>Completes when receiving may continue.</summary>
    ValueTask WaitUntilOpenAsync(CancellationToken cancellationToken);
}
