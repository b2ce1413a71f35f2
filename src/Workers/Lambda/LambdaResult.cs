namespace GapTools.Workers.Lambda;

/// <summary>What one invocation answers: a response document, or an error that fails the invocation.</summary>
public sealed record LambdaResult
{
    private LambdaResult(byte[]? response, LambdaError? error)
    {
        Response = response;
        Error = error;
    }

    /// <summary>The JSON response (for SQS: <c>{"batchItemFailures":[…]}</c>); null when <see cref="Error"/> is set.</summary>
    public byte[]? Response { get; }

    /// <summary>The invocation failed as a whole; null when it answered <see cref="Response"/>.</summary>
    public LambdaError? Error { get; }

    /// <summary>An answer.</summary>
    public static LambdaResult Succeeded(byte[] response) => new(response ?? throw new ArgumentNullException(nameof(response)), null);

    /// <summary>A failed invocation.</summary>
    public static LambdaResult Failed(LambdaError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));
}
