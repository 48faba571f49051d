using Microsoft.Extensions.Options;
using Plankton.Core.Options;

namespace Plankton.Core.S3;

/// <summary>
/// Checks, when both the embedded stack (<c>AddPlanktonCore</c>) and the S3 block store are registered, that
/// <see cref="PlanktonStorageOptions.BlockSize"/> equals <see cref="S3BlockStoreOptions.BlockSize"/>: the catalogue
/// cuts objects into blocks of the block store's size, so two different settings are a configuration mistake.
/// </summary>
internal sealed class S3BlockSizeAgreementValidator(IOptionsMonitor<S3BlockStoreOptions> s3Options) : IValidateOptions<PlanktonStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PlanktonStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        S3BlockStoreOptions s3;
        try
        {
            s3 = s3Options.CurrentValue;
        }
        catch (OptionsValidationException)
        {
            // The S3 options' own validation reports their problems.
            return ValidateOptionsResult.Skip;
        }

        return s3.BlockSize == options.BlockSize
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"PlanktonStorageOptions.BlockSize ({options.BlockSize}) must equal S3BlockStoreOptions.BlockSize ({s3.BlockSize}): the catalogue cuts objects into blocks of the block store's size");
    }
}
