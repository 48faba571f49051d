using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Plankton.Core.Blocks;
using Plankton.Core.Options;
using Plankton.Core.S3;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the S3 block store of Plankton.Core.S3 in an <see cref="IServiceCollection"/>.</summary>
public static class PlanktonS3ServiceCollectionExtensions
{
    /// <summary>
    /// Makes <see cref="IBlockStore"/> an <see cref="S3BlockStore"/> configured by <paramref name="configure"/>,
    /// replacing any block store registered before (such as the file-system store of <c>AddPlanktonCore</c>); the rest
    /// of the stack (catalogue, image backend) uses it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options: at least the bucket, and the endpoint of an S3-compatible server or the AWS region.</param>
    /// <returns>The same service collection, for chaining.</returns>
    /// <remarks>
    /// <para>Call it before or after <c>AddPlanktonCore</c>: either way the S3 store is the one resolved. The store is
    /// a singleton owned (and disposed) by the container; it sends no request until it is used.</para>
    /// <para>Credentials come from <see cref="S3BlockStoreOptions.AccessKey"/> and
    /// <see cref="S3BlockStoreOptions.SecretKey"/>, or, when both are unset, from the AWS SDK's usual chain
    /// (environment variables, shared profile, instance or container role).</para>
    /// <para>The options are checked when the host starts, through <c>IStartupValidator</c>: their DataAnnotations
    /// and every rule of <see cref="S3BlockStoreOptions.Validate"/>, each problem reported. With <c>AddPlanktonCore</c>,
    /// <see cref="PlanktonStorageOptions.BlockSize"/> must also equal <see cref="S3BlockStoreOptions.BlockSize"/>.
    /// Invalid options fail with <see cref="OptionsValidationException"/>.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddPlanktonS3BlockStore(this IServiceCollection services, Action<S3BlockStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services
            .AddOptionsWithValidateOnStart<S3BlockStoreOptions, S3BlockStoreOptionsValidator>()
            .Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3BlockStoreOptions>, S3BlockStoreOptionsCustomValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlanktonStorageOptions>, S3BlockSizeAgreementValidator>());

        services.RemoveAll<IBlockStore>();
        services.AddSingleton<IBlockStore>(static provider => new S3BlockStore(provider.GetRequiredService<IOptions<S3BlockStoreOptions>>().Value));
        return services;
    }
}
