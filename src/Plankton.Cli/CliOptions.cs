using System.CommandLine;

namespace Plankton.Cli;

/// <summary>The options every command shares.</summary>
internal static class CliOptions
{
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print data as JSON on stdout (snake_case fields, see docs/cli.md); nothing else goes to stdout.",
        Recursive = true,
    };

    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress output on stderr.",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "On error, print the full exception (with stack trace) instead of one line.",
        Recursive = true,
    };

    public static readonly Option<string?> Store = new("--store")
    {
        Description = "The store folder (catalogue.db + blocks/), created on first use. Default: $PLANKTON_STORE, else ~/.local/share/plankton.",
        Recursive = true,
    };

    public static readonly Option<string?> User = new("--user")
    {
        Description = "The user every operation acts for. Default: $PLANKTON_USER, else the OS user name.",
        Recursive = true,
    };

    public static readonly Option<string?> Catalogue = new("--catalogue")
    {
        Description = "Where the catalogue (metadata) is kept: 'sqlite' (<store>/catalogue.db) or 'postgres' (a PostgreSQL database, shared by several instances; the connection string comes from $PLANKTON_PG_CONNECTION only, as it may hold a password). Default: $PLANKTON_CATALOGUE, else sqlite.",
        Recursive = true,
    };

    public static readonly Option<string?> PgSchema = new("--pg-schema")
    {
        Description = "With --catalogue postgres: the PostgreSQL schema holding the catalogue (created on first use). Default: $PLANKTON_PG_SCHEMA, else plankton.",
        Recursive = true,
    };

    public static readonly Option<string?> BlockStore = new("--block-store")
    {
        Description = "Where blocks are kept: 'files' (<store>/blocks/) or 's3' (an S3 bucket). Default: $PLANKTON_BLOCK_STORE, else files.",
        Recursive = true,
    };

    public static readonly Option<string?> S3Endpoint = new("--s3-endpoint")
    {
        Description = "With --block-store s3: the S3-compatible server, e.g. http://127.0.0.1:7480. Default: $PLANKTON_S3_ENDPOINT, else AWS S3 in --s3-region.",
        Recursive = true,
    };

    public static readonly Option<string?> S3Bucket = new("--s3-bucket")
    {
        Description = "With --block-store s3: the bucket (must exist). Default: $PLANKTON_S3_BUCKET.",
        Recursive = true,
    };

    public static readonly Option<string?> S3Prefix = new("--s3-prefix")
    {
        Description = "With --block-store s3: the prefix of block object keys. Default: $PLANKTON_S3_PREFIX, else blocks/.",
        Recursive = true,
    };

    public static readonly Option<string?> S3Region = new("--s3-region")
    {
        Description = "With --block-store s3: the region (required for AWS S3; us-east-1 with an endpoint). Default: $PLANKTON_S3_REGION. Keys come from $PLANKTON_S3_ACCESS_KEY and $PLANKTON_S3_SECRET_KEY, else the AWS SDK's chain.",
        Recursive = true,
    };
}
