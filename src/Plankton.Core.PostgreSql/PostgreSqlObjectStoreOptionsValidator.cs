using Microsoft.Extensions.Options;

namespace Plankton.Core.PostgreSql;

/// <summary>Checks every rule of <see cref="PostgreSqlObjectStoreOptions.FindProblems"/> and reports all the problems at once.</summary>
internal sealed class PostgreSqlObjectStoreOptionsValidator : IValidateOptions<PostgreSqlObjectStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgreSqlObjectStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        foreach ((string property, string problem) in options.FindProblems())
        {
            builder.AddError($"PostgreSqlObjectStoreOptions.{property} {problem}", property);
        }

        return builder.Build();
    }
}
