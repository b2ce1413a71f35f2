namespace GapTools.LocalAws.Sqs;

/// <summary>What an operation needs to know about the request besides its parameters.</summary>
/// <param name="BaseUrl">Scheme, host and port the client used, for the queue URLs we hand back.</param>
/// <param name="SenderId">Reported as the SenderId message attribute.</param>
/// <param name="PathQueueName">Older query clients post to the queue URL instead of sending QueueUrl.</param>
/// <param name="Aborted">Cancelled when the client goes away; ends a long poll.</param>
internal sealed record SqsCall(string BaseUrl, string SenderId, string? PathQueueName, CancellationToken Aborted);
