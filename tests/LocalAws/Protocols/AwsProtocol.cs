namespace GapTools.LocalAws.Protocols;

/// <summary>The wire protocols the emulated services speak; each has its own error shape.</summary>
public enum AwsProtocol
{
    /// <summary>POST with <c>X-Amz-Target</c> and a JSON body (SSM, SQS JSON, Redshift Data API).</summary>
    Json,

    /// <summary>Form-encoded <c>Action=…&amp;Version=…</c> with XML responses (SQS query, Redshift control plane).</summary>
    Query,

    /// <summary>REST with XML bodies (S3).</summary>
    RestXml,

    /// <summary>REST with JSON bodies (CloudSearch document service).</summary>
    RestJson,
}
