using Microsoft.Extensions.Options;

namespace Plankton.Core.Options;

/// <summary>Checks the DataAnnotations of <see cref="PlanktonStorageOptions"/>; the code is made by the options source generator.</summary>
[OptionsValidator]
internal sealed partial class PlanktonStorageOptionsValidator : IValidateOptions<PlanktonStorageOptions>
{
}
