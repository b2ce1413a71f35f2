using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace GapTools.SsmWrap.Fetching;

/// <summary>
/// An SSM error answer as the SDK client throws it: the modelled exception of the three reads for its code, otherwise
/// <see cref="AmazonSimpleSystemsManagementException"/>, with ErrorType, ErrorCode, RequestId and StatusCode kept, so
/// retry classification (<c>TransientErrors</c>) and error lines (<see cref="FailureText"/>) do not change.
/// </summary>
internal static class SsmErrors
{
    public static AmazonSimpleSystemsManagementException AsSdkWould(AmazonServiceException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var (message, inner, type, code, id, status) = (e.Message, e.InnerException, e.ErrorType, e.ErrorCode, e.RequestId, e.StatusCode);
        return code switch
        {
            "ParameterNotFound" => new ParameterNotFoundException(message, inner, type, code, id, status),
            "ParameterVersionNotFound" => new ParameterVersionNotFoundException(message, inner, type, code, id, status),
            "InvalidKeyId" => new InvalidKeyIdException(message, inner, type, code, id, status),
            "InternalServerError" => new InternalServerErrorException(message, inner, type, code, id, status),
            "InvalidNextToken" => new InvalidNextTokenException(message, inner, type, code, id, status),
            "InvalidFilterKey" => new InvalidFilterKeyException(message, inner, type, code, id, status),
            "InvalidFilterOption" => new InvalidFilterOptionException(message, inner, type, code, id, status),
            "InvalidFilterValue" => new InvalidFilterValueException(message, inner, type, code, id, status),
            _ => new AmazonSimpleSystemsManagementException(message, inner, type, code, id, status),
        };
    }
}
