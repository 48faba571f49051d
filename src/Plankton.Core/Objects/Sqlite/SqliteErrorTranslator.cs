using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using Plankton.Core.Exceptions;

namespace Plankton.Core.Objects.Sqlite;

/// <summary>Maps provider errors to Plankton exceptions at the store boundary (the provider error stays as the inner exception).</summary>
internal static class SqliteErrorTranslator
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteCorrupt = 11;
    private const int SqliteConstraint = 19;
    private const int SqliteNotADatabase = 26;

    /// <summary>Translates a provider error, when it is one the library gives meaning to.</summary>
    /// <param name="exception">The provider error.</param>
    /// <param name="path">The path the operation was on, for the message.</param>
    /// <param name="translated">The Plankton exception to throw instead.</param>
    /// <returns><see langword="true"/> when translated; <see langword="false"/> to let the provider error through.</returns>
    public static bool TryTranslate(SqliteException exception, string path, [NotNullWhen(true)] out PlanktonException? translated)
    {
        translated = exception.SqliteErrorCode switch
        {
            SqliteBusy or SqliteLocked => new ObjectConflictException(path, "the catalogue stayed busy past its timeout", exception),
            SqliteConstraint => new ObjectConflictException(path, "a catalogue constraint was violated (a concurrent change?)", exception),
            SqliteCorrupt or SqliteNotADatabase => new StoreConfigurationException(
                $"The object catalogue is damaged or not a Plankton catalogue: {exception.Message}", exception),
            _ => null,
        };
        return translated is not null;
    }
}
