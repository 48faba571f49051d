using System.CommandLine;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Images;
using Plankton.Core.Objects.Sqlite;

namespace Plankton.Cli;

/// <summary>
/// The embedded default store opened for one command: <c>&lt;store&gt;/catalogue.db</c> (SQLite catalogue) over
/// <c>&lt;store&gt;/blocks/</c> (file-system blocks), with the Pithos image backend on top.
/// </summary>
internal sealed class StoreSession : IDisposable
{
    public const string StoreVariable = "PLANKTON_STORE";
    public const string UserVariable = "PLANKTON_USER";
    public const string CatalogueFileName = "catalogue.db";
    public const string BlocksFolderName = "blocks";

    private readonly FileSystemBlockStore _fileBlocks;
    private readonly CountingBlockStore _blocks;
    private readonly SqliteObjectStore _objects;

    private StoreSession(string user, FileSystemBlockStore fileBlocks, CountingBlockStore blocks, SqliteObjectStore objects)
    {
        User = user;
        _fileBlocks = fileBlocks;
        _blocks = blocks;
        _objects = objects;
        Images = new PithosImageBackend(objects);
    }

    /// <summary>Gets the user the command acts for.</summary>
    public string User { get; }

    /// <summary>Gets the image backend.</summary>
    public IImageBackend Images { get; }

    /// <summary>Gets garbage collection, scrub and space accounting of the store.</summary>
    public Core.Maintenance.IStoreMaintenance Maintenance => _objects;

    /// <summary>Gets the bytes of blocks this session wrote that were not in the store before.</summary>
    public long NewBytes => _blocks.NewBytes;

    /// <summary>Gets the bytes of blocks this session put that the store already had.</summary>
    public long DeduplicatedBytes => _blocks.DeduplicatedBytes;

    /// <summary>Opens (creating when missing) the store named by <c>--store</c>, for the user named by <c>--user</c>.</summary>
    public static async Task<StoreSession> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        string folder = Path.GetFullPath(ResolveStore(parse.GetValue(CliOptions.Store)));
        string user = ResolveUser(parse.GetValue(CliOptions.User));
        Directory.CreateDirectory(folder);
        var fileBlocks = new FileSystemBlockStore(new FileSystemBlockStoreOptions { RootPath = Path.Combine(folder, BlocksFolderName) });
        try
        {
            var blocks = new CountingBlockStore(fileBlocks);
            SqliteObjectStore objects = await SqliteObjectStore.OpenAsync(
                new SqliteObjectStoreOptions { DatabasePath = Path.Combine(folder, CatalogueFileName) },
                blocks,
                cancellationToken: cancellationToken);
            return new StoreSession(user, fileBlocks, blocks, objects);
        }
        catch
        {
            fileBlocks.Dispose();
            throw;
        }
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
        _fileBlocks.Dispose();
    }
}
