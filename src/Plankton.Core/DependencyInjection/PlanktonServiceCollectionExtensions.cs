using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Images;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Plankton's embedded default stack in an <see cref="IServiceCollection"/>.</summary>
public static class PlanktonServiceCollectionExtensions
{
    /// <summary>
    /// Adds the embedded default stack: <see cref="PlanktonStorageOptions"/> (validated on start), a
    /// <see cref="TimeProvider"/>, an <see cref="IBlockStore"/> (<see cref="FileSystemBlockStore"/> in
    /// <c>&lt;RootPath&gt;/blocks</c>), an <see cref="IObjectStore"/> (<see cref="SqliteObjectStore"/> on
    /// <c>&lt;RootPath&gt;/catalogue.db</c>) and an <see cref="IImageBackend"/> (<see cref="PithosImageBackend"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same service collection, for chaining.</returns>
    /// <remarks>
    /// <para>Every service is a singleton added with <c>TryAdd</c>: one registered before this call wins, so an
    /// application can, for example, swap the block store and keep the rest. The container owns (and disposes) the
    /// stores it makes.</para>
    /// <para>The options are checked when the host starts, through <c>IStartupValidator</c>; invalid options fail
    /// with <see cref="OptionsValidationException"/> listing every problem.</para>
    /// <para>The catalogue is opened when <see cref="IObjectStore"/> is first resolved. Opening is asynchronous
    /// (<see cref="SqliteObjectStore.OpenAsync"/>) but a container factory is not, so the factory waits for it there,
    /// once; it creates or migrates the schema and does not depend on a synchronization context. Resolve the store
    /// (or the image backend) at start-up to pay that cost, and see any error, before serving requests.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddPlanktonCore(this IServiceCollection services, Action<PlanktonStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services
            .AddOptionsWithValidateOnStart<PlanktonStorageOptions, PlanktonStorageOptionsValidator>()
            .Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlanktonStorageOptions>, PlanktonStorageOptionsCustomValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IBlockStore>(static provider => CreateBlockStore(Options(provider)));
        services.TryAddSingleton<IObjectStore>(static provider => OpenObjectStore(
            Options(provider),
            provider.GetRequiredService<IBlockStore>(),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IImageBackend>(static provider => new PithosImageBackend(
            provider.GetRequiredService<IObjectStore>(),
            Options(provider).Images,
            provider.GetRequiredService<TimeProvider>()));

        return services;
    }

    private static PlanktonStorageOptions Options(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<PlanktonStorageOptions>>().Value;

    private static FileSystemBlockStore CreateBlockStore(PlanktonStorageOptions options) =>
        new(new FileSystemBlockStoreOptions
        {
            RootPath = Path.Combine(options.RootPath, PlanktonStorageConstants.BlocksFolderName),
            BlockSize = options.BlockSize,
            WriteMode = options.WriteMode,
        });

    private static SqliteObjectStore OpenObjectStore(PlanktonStorageOptions options, IBlockStore blocks, TimeProvider time)
    {
        Directory.CreateDirectory(options.RootPath);
        var storeOptions = new SqliteObjectStoreOptions
        {
            DatabasePath = Path.Combine(options.RootPath, PlanktonStorageConstants.CatalogueFileName),
            BusyTimeout = options.BusyTimeout,
        };

        // A container factory is synchronous: wait for the open here, once. Microsoft.Data.Sqlite completes its
        // "async" calls on the calling thread, so this cannot deadlock on a synchronization context.
        return SqliteObjectStore.OpenAsync(storeOptions, blocks, time).AsTask().GetAwaiter().GetResult();
    }
}
