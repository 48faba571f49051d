using Microsoft.Extensions.Options;

namespace Plankton.Core.S3;

/// <summary>Checks the DataAnnotations of <see cref="S3BlockStoreOptions"/>; the code is made by the options source generator.</summary>
[OptionsValidator]
internal sealed partial class S3BlockStoreOptionsValidator : IValidateOptions<S3BlockStoreOptions>
{
}
