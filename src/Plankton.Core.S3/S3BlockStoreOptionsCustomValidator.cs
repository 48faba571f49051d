using Microsoft.Extensions.Options;

namespace Plankton.Core.S3;

/// <summary>
/// Checks every rule of <see cref="S3BlockStoreOptions.Validate"/> (endpoint, region, bucket name, key prefix,
/// credentials in pairs, power-of-two block size, retry timings) and reports all the problems at once.
/// </summary>
internal sealed class S3BlockStoreOptionsCustomValidator : IValidateOptions<S3BlockStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, S3BlockStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        foreach ((string property, string problem) in options.FindProblems())
        {
            builder.AddError($"S3BlockStoreOptions.{property} {problem}", property);
        }

        return builder.Build();
    }
}
