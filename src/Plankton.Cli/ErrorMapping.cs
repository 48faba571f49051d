using Plankton.Core.Exceptions;
using Plankton.Core.S3;

namespace Plankton.Cli;

/// <summary>Turns an exception into the one-line message and the exit code the tool reports.</summary>
internal static class ErrorMapping
{
    public static int ExitCodeFor(Exception error) => error switch
    {
        OperationCanceledException => ExitCodes.Cancelled,
        ImageNotFoundException or ObjectNotFoundException or BlockNotFoundException
            or FileNotFoundException or DirectoryNotFoundException => ExitCodes.NotFound,
        NotAllowedException or QuotaExceededException or UnauthorizedAccessException => ExitCodes.NotAllowed,
        BlockIntegrityException or MissingBlocksException => ExitCodes.Integrity,
        ImageConflictException or ObjectConflictException => ExitCodes.Conflict,
        ImageValidationException or InvalidObjectNameException or StoreConfigurationException
            or ArgumentException or FormatException => ExitCodes.InvalidInput,
        IOException or S3BlockStoreException or CatalogueUnavailableException => ExitCodes.Io,
        _ => ExitCodes.Internal,
    };

    public static string MessageFor(Exception error) => error switch
    {
        OperationCanceledException => "cancelled",
        _ => error.Message,
    };
}
