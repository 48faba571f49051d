using System.CommandLine;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Images;
using Plankton.Core.Objects.Catalogue;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.PostgreSql;
using Plankton.Core.S3;

namespace Plankton.Cli;

/// <summary>
/// The store opened for one command: the catalogue (<c>&lt;store&gt;/catalogue.db</c>, SQLite, or with
/// <c>--catalogue postgres</c> a PostgreSQL schema) over the blocks (<c>&lt;store&gt;/blocks/</c>, or with
/// <c>--block-store s3</c> an S3 bucket), with the Pithos image backend on top.
/// </summary>
internal sealed class StoreSession : IDisposable
{
    public const string StoreVariable = "PLANKTON_STORE";
    public const string UserVariable = "PLANKTON_USER";
    public const string CatalogueFileName = "catalogue.db";
    public const string BlocksFolderName = "blocks";
    public const string CatalogueVariable = "PLANKTON_CATALOGUE";
    public const string PgConnectionVariable = "PLANKTON_PG_CONNECTION";
    public const string PgSchemaVariable = "PLANKTON_PG_SCHEMA";
    public const string BlockStoreVariable = "PLANKTON_BLOCK_STORE";
    public const string S3EndpointVariable = "PLANKTON_S3_ENDPOINT";
    public const string S3BucketVariable = "PLANKTON_S3_BUCKET";
    public const string S3PrefixVariable = "PLANKTON_S3_PREFIX";
    public const string S3RegionVariable = "PLANKTON_S3_REGION";
    public const string S3AccessKeyVariable = "PLANKTON_S3_ACCESS_KEY";
    public const string S3SecretKeyVariable = "PLANKTON_S3_SECRET_KEY";

    private readonly IBlockStore _blocks;
    private readonly CatalogueObjectStore _objects;

    private StoreSession(string user, string? blocksFolder, IBlockStore blocks, CatalogueObjectStore objects)
    {
        User = user;
        BlocksFolder = blocksFolder;
        _blocks = blocks;
        _objects = objects;
        Images = new PithosImageBackend(objects);
    }

    /// <summary>Gets the user the command acts for.</summary>
    public string User { get; }

    /// <summary>Gets the image backend.</summary>
    public IImageBackend Images { get; }

    /// <summary>Gets the folder of the file-system block store; <see langword="null"/> when blocks are in S3.</summary>
    public string? BlocksFolder { get; }

    /// <summary>Gets garbage collection, scrub and space accounting of the store.</summary>
    public Core.Maintenance.IStoreMaintenance Maintenance => _objects;

    /// <summary>Gets the block size images are cut with (checksums are computed at it).</summary>
    public int BlockSize => _blocks.BlockSize;

    /// <summary>
    /// Opens (creating when missing) the store named by <c>--store</c>, with the blocks named by <c>--block-store</c>,
    /// for the user named by <c>--user</c>.
    /// </summary>
    public static async Task<StoreSession> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        string folder = Path.GetFullPath(ResolveStore(parse.GetValue(CliOptions.Store)));
        string user = ResolveUser(parse.GetValue(CliOptions.User));
        S3BlockStoreOptions? s3 = ResolveS3(parse);
        Directory.CreateDirectory(folder);
        string? blocksFolder = s3 is null ? Path.Combine(folder, BlocksFolderName) : null;
        IBlockStore blocks = blocksFolder is not null
            ? new FileSystemBlockStore(new FileSystemBlockStoreOptions { RootPath = blocksFolder })
            : new S3BlockStore(s3!);
        try
        {
            PostgreSqlObjectStoreOptions? postgres = ResolvePostgreSql(parse);
            CatalogueObjectStore objects = postgres is not null
                ? await PostgreSqlObjectStore.OpenAsync(postgres, blocks, cancellationToken: cancellationToken)
                : await SqliteObjectStore.OpenAsync(
                    new SqliteObjectStoreOptions { DatabasePath = Path.Combine(folder, CatalogueFileName) },
                    blocks,
                    cancellationToken: cancellationToken);
            return new StoreSession(user, blocksFolder, blocks, objects);
        }
        catch
        {
            ((IDisposable)blocks).Dispose();
            throw;
        }
    }

    /// <summary>
    /// The PostgreSQL settings when <c>--catalogue</c> (else <c>$PLANKTON_CATALOGUE</c>) is <c>postgres</c>;
    /// <see langword="null"/> for the SQLite file. The connection string comes only from <c>$PLANKTON_PG_CONNECTION</c>
    /// (it may hold a password, which the command line would show to other users).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown catalogue, no connection string, or settings that are not valid.</exception>
    public static PostgreSqlObjectStoreOptions? ResolvePostgreSql(ParseResult parse)
    {
        string kind = FromOptionOrVariable(parse.GetValue(CliOptions.Catalogue), CatalogueVariable) ?? "sqlite";
        if (string.Equals(kind, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!string.Equals(kind, "postgres", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--catalogue must be 'sqlite' or 'postgres'; it is '{kind}'.");
        }

        var options = new PostgreSqlObjectStoreOptions
        {
            ConnectionString = FromOptionOrVariable(null, PgConnectionVariable)
                ?? throw new ArgumentException($"--catalogue postgres needs a connection string in ${PgConnectionVariable}."),
            Schema = FromOptionOrVariable(parse.GetValue(CliOptions.PgSchema), PgSchemaVariable) ?? PostgreSqlObjectStoreOptions.DefaultSchema,
        };
        options.Validate();
        return options;
    }

    /// <summary>
    /// The S3 settings when <c>--block-store</c> (else <c>$PLANKTON_BLOCK_STORE</c>) is <c>s3</c>; <see langword="null"/>
    /// for file-system blocks. Each <c>--s3-*</c> option falls back to its <c>PLANKTON_S3_*</c> variable; the keys come
    /// only from the environment (never the command line, where other users could see them), else the SDK's chain.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown block store, no bucket, or an S3 setting that is not valid.</exception>
    public static S3BlockStoreOptions? ResolveS3(ParseResult parse)
    {
        string kind = FromOptionOrVariable(parse.GetValue(CliOptions.BlockStore), BlockStoreVariable) ?? "files";
        if (string.Equals(kind, "files", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!string.Equals(kind, "s3", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--block-store must be 'files' or 's3'; it is '{kind}'.");
        }

        string bucket = FromOptionOrVariable(parse.GetValue(CliOptions.S3Bucket), S3BucketVariable)
            ?? throw new ArgumentException($"--block-store s3 needs a bucket: --s3-bucket or ${S3BucketVariable}.");
        string? endpoint = FromOptionOrVariable(parse.GetValue(CliOptions.S3Endpoint), S3EndpointVariable);
        Uri? serviceUrl = null;
        if (endpoint is not null && !Uri.TryCreate(endpoint, UriKind.Absolute, out serviceUrl))
        {
            throw new ArgumentException($"--s3-endpoint must be an absolute http:// or https:// address; it is '{endpoint}'.");
        }

        var options = new S3BlockStoreOptions
        {
            ServiceUrl = serviceUrl,
            BucketName = bucket,
            KeyPrefix = FromOptionOrVariable(parse.GetValue(CliOptions.S3Prefix), S3PrefixVariable) ?? S3BlockStoreOptions.DefaultKeyPrefix,
            Region = FromOptionOrVariable(parse.GetValue(CliOptions.S3Region), S3RegionVariable),
            AccessKey = FromOptionOrVariable(null, S3AccessKeyVariable),
            SecretKey = FromOptionOrVariable(null, S3SecretKeyVariable),
        };
        options.Validate();
        return options;
    }

    private static string? FromOptionOrVariable(string? option, string variable)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return option;
        }

        string? value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>The store folder: the option, else <c>$PLANKTON_STORE</c>, else the per-user data folder.</summary>
    public static string ResolveStore(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return option;
        }

        string? variable = Environment.GetEnvironmentVariable(StoreVariable);
        if (!string.IsNullOrWhiteSpace(variable))
        {
            return variable;
        }

        string data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(data))
        {
            data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(data, "plankton");
    }

    /// <summary>The acting user: the option, else <c>$PLANKTON_USER</c>, else the OS user name.</summary>
    public static string ResolveUser(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return option;
        }

        string? variable = Environment.GetEnvironmentVariable(UserVariable);
        return string.IsNullOrWhiteSpace(variable) ? Environment.UserName : variable;
    }

    public void Dispose()
    {
        _objects.Dispose();
        ((IDisposable)_blocks).Dispose();
    }
}
