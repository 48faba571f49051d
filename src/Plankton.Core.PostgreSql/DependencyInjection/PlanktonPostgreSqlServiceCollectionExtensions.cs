using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Plankton.Core.Blocks;
using Plankton.Core.Objects;
using Plankton.Core.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL catalogue of Plankton.Core.PostgreSql in an <see cref="IServiceCollection"/>.</summary>
public static class PlanktonPostgreSqlServiceCollectionExtensions
{
    /// <summary>
    /// Makes <see cref="IObjectStore"/> a <see cref="PostgreSqlObjectStore"/> configured by <paramref name="configure"/>,
    /// replacing any object store registered before (such as the SQLite catalogue of <c>AddPlanktonCore</c>); the image
    /// backend uses it, over the registered <see cref="IBlockStore"/> (with several instances, a shared one such as
    /// <c>AddPlanktonS3BlockStore</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options: at least the connection string.</param>
    /// <returns>The same service collection, for chaining.</returns>
    /// <remarks>
    /// <para>Call it before or after <c>AddPlanktonCore</c>: either way the PostgreSQL store is the one resolved. The
    /// store is a singleton owned (and disposed) by the container.</para>
    /// <para>The catalogue is opened (its schema created or migrated) when <see cref="IObjectStore"/> is first
    /// resolved; a container factory is synchronous, so it waits for the open there, once, on a thread-pool thread.
    /// Resolve the store at start-up to pay that cost, and see any error, before serving requests.</para>
    /// <para>The options are checked when the host starts, through <c>IStartupValidator</c>; invalid options fail
    /// with <see cref="OptionsValidationException"/> listing every problem.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddPlanktonPostgreSqlCatalogue(this IServiceCollection services, Action<PostgreSqlObjectStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services
            .AddOptionsWithValidateOnStart<PostgreSqlObjectStoreOptions>()
            .Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlObjectStoreOptions>, PostgreSqlObjectStoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.RemoveAll<IObjectStore>();
        services.AddSingleton<IObjectStore>(static provider =>
        {
            PostgreSqlObjectStoreOptions options = provider.GetRequiredService<IOptions<PostgreSqlObjectStoreOptions>>().Value;
            IBlockStore blocks = provider.GetRequiredService<IBlockStore>();
            TimeProvider time = provider.GetRequiredService<TimeProvider>();

            // Npgsql's async calls really are asynchronous: run the open on the thread pool so that no
            // synchronization context of the resolving thread can deadlock the wait.
            return Task.Run(async () => await PostgreSqlObjectStore.OpenAsync(options, blocks, time).ConfigureAwait(false)).GetAwaiter().GetResult();
        });
        return services;
    }
}
