using System.Data.Common;
using System.Net.Sockets;
using Npgsql;
using Plankton.Core.Exceptions;

namespace Plankton.Core.PostgreSql;

/// <summary>Maps PostgreSQL and Npgsql errors to Plankton exceptions at the store boundary (the provider error stays as the inner exception).</summary>
internal static class PostgreSqlErrorTranslator
{
    /// <summary>Translates a provider error, or returns <see langword="null"/> to let it through.</summary>
    /// <param name="exception">The provider error.</param>
    /// <param name="path">What the operation was on, for the message.</param>
    /// <param name="catalogue">The database and schema, for the message.</param>
    /// <returns>The exception to throw instead, or <see langword="null"/>.</returns>
    public static PlanktonException? Translate(DbException exception, string path, string catalogue)
    {
        if (exception is PostgresException server)
        {
            string state = server.SqlState;
            return state switch
            {
                "55P03" or "57014" => new ObjectConflictException(path, "the catalogue stayed busy past its lock timeout", exception),
                "40001" or "40P01" => new ObjectConflictException(path, "a concurrent catalogue transaction conflicted", exception),
                _ when state.StartsWith("23", StringComparison.Ordinal) =>
                    new ObjectConflictException(path, "a catalogue constraint was violated (a concurrent change?)", exception),
                _ when state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03" or "53300" =>
                    Unavailable(catalogue, exception),
                "3D000" or "3F000" or "28000" or "28P01" or "42501" or "XX001" or "XX002" => new StoreConfigurationException(
                    $"The object catalogue {catalogue} cannot be used: {server.MessageText}", exception),
                _ => null,
            };
        }

        return exception is NpgsqlException client
            && (client.IsTransient || client.InnerException is IOException or SocketException or TimeoutException)
            ? Unavailable(catalogue, exception)
            : null;
    }

    private static CatalogueUnavailableException Unavailable(string catalogue, DbException exception) =>
        new($"The object catalogue {catalogue} cannot be reached: {exception.Message}", exception);
}
