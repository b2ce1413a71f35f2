namespace GapTools.Workers.Sqs;

/// <summary>Told when a receive returns no messages, so batchers can flush early instead of waiting for their timer.</summary>
public interface IQueueIdleObserver
{
    /// <summary>Called after an empty receive; exceptions are logged and ignored.</summary>
    ValueTask OnQueueIdleAsync(CancellationToken cancellationToken);
}
