using Microsoft.Extensions.Options;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;

namespace Plankton.Core.Options;

/// <summary>
/// Checks the rules of <see cref="PlanktonStorageOptions"/> that attributes cannot express: a root path that is not
/// only white space, a power-of-two block size, a defined write mode, a non-negative busy timeout and the image
/// settings' own rules (<see cref="Images.PlanktonImageOptions.Validate"/>).
/// </summary>
internal sealed class PlanktonStorageOptionsCustomValidator : IValidateOptions<PlanktonStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PlanktonStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();

        if (options.RootPath is not null && options.RootPath.Length > 0 && string.IsNullOrWhiteSpace(options.RootPath))
        {
            builder.AddError("the root path must not be only white space", nameof(PlanktonStorageOptions.RootPath));
        }

        if (!HashingConstants.IsValidBlockSize(options.BlockSize))
        {
            builder.AddError(
                $"the block size must be a power of two from {HashingConstants.MinBlockSize} to {HashingConstants.MaxBlockSize} bytes (was {options.BlockSize})",
                nameof(PlanktonStorageOptions.BlockSize));
        }

        if (!Enum.IsDefined(options.WriteMode))
        {
            builder.AddError($"'{options.WriteMode}' is not a defined {nameof(BlockWriteMode)}", nameof(PlanktonStorageOptions.WriteMode));
        }

        if (options.BusyTimeout < TimeSpan.Zero)
        {
            builder.AddError($"the busy timeout must not be negative (was {options.BusyTimeout})", nameof(PlanktonStorageOptions.BusyTimeout));
        }

        if (options.Images is not null)
        {
            try
            {
                options.Images.Validate();
            }
            catch (StoreConfigurationException ex)
            {
                builder.AddError(ex.Message, nameof(PlanktonStorageOptions.Images));
            }
        }

        return builder.Build();
    }
}
