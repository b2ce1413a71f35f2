namespace GapTools.Core.Signing;

/// <summary>Version of the AWS JSON protocol, which sets the request content type.</summary>
public enum AwsJsonVersion
{
    /// <summary><c>application/x-amz-json-1.0</c>.</summary>
    Json10,

    /// <summary><c>application/x-amz-json-1.1</c> (Redshift Data API, SSM, ...).</summary>
    Json11,
}
