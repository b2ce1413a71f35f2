namespace GapTools.Workers.Sqs;

/// <summary>Receiving failed with an error retrying cannot fix (access denied, queue missing, bad credentials) or
/// kept failing after every retry. The consumer has stopped; the host should stop too.</summary>
public sealed class SqsReceiveException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SqsReceiveException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public SqsReceiveException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SqsReceiveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="queueUrl"/>.</summary>
    public SqsReceiveException(string queueUrl, string message, Exception innerException)
        : base(message, innerException) => QueueUrl = queueUrl;

    /// <summary>The queue that could not be read.</summary>
    public string? QueueUrl { get; }
}
