using Dapper;
using Microsoft.Data.Sqlite;
using Plankton.Core.Exceptions;

namespace Plankton.Core.Objects.Sqlite;

/// <summary>
/// Creates and migrates the catalogue schema; the schema version is kept in <c>PRAGMA user_version</c>. This class
/// and <see cref="SqliteConnectionFactory"/> hold all SQLite-only syntax.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this code writes.</summary>
    public const int CurrentVersion = 3;

    private const string EnableWal = "PRAGMA journal_mode = WAL";

    private const string ReadUserVersion = "PRAGMA user_version";

    /// <summary>
    /// Version 1: accounts, containers, objects (one row per path, pointing at its latest version), versions (one
    /// row per version, hashmap as a BLOB of 32-byte hashes), attributes (per version and domain).
    /// <c>AUTOINCREMENT</c> keeps serials from ever being reused after a purge.
    /// </summary>
    private const string Migration1 = """
        CREATE TABLE accounts (
            account_id   INTEGER PRIMARY KEY,
            name         VARCHAR(256) NOT NULL,
            CONSTRAINT uq_accounts_name UNIQUE (name)
        );
        CREATE TABLE containers (
            container_id INTEGER PRIMARY KEY,
            account_id   INTEGER NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
            name         VARCHAR(256) NOT NULL,
            versioning   INTEGER NOT NULL,
            CONSTRAINT uq_containers_name UNIQUE (account_id, name)
        );
        CREATE TABLE objects (
            object_id     INTEGER PRIMARY KEY,
            container_id  INTEGER NOT NULL REFERENCES containers (container_id) ON DELETE CASCADE,
            name          VARCHAR(1024) NOT NULL,
            latest_serial INTEGER NULL,
            CONSTRAINT uq_objects_name UNIQUE (container_id, name)
        );
        CREATE TABLE versions (
            serial       INTEGER PRIMARY KEY AUTOINCREMENT,
            object_id    INTEGER NOT NULL REFERENCES objects (object_id) ON DELETE CASCADE,
            uuid         VARCHAR(36) NOT NULL,
            cluster      INTEGER NOT NULL,
            size         BIGINT NOT NULL,
            content_type VARCHAR(256) NOT NULL,
            hash         BLOB NOT NULL,
            block_size   INTEGER NOT NULL,
            hashmap      BLOB NOT NULL,
            mtime        BIGINT NOT NULL,
            muser        VARCHAR(256) NOT NULL
        );
        CREATE INDEX ix_versions_object_serial ON versions (object_id, serial);
        CREATE INDEX ix_versions_uuid_serial ON versions (uuid, serial);
        CREATE TABLE attributes (
            serial       INTEGER NOT NULL REFERENCES versions (serial) ON DELETE CASCADE,
            domain       VARCHAR(256) NOT NULL,
            attr_key     VARCHAR(128) NOT NULL,
            attr_value   TEXT NOT NULL,
            PRIMARY KEY (serial, domain, attr_key)
        );
        PRAGMA user_version = 1;
        """;

    /// <summary>
    /// Version 2: permission entries per container and path (<c>access</c> 0 = read, 1 = write; <c>member</c> a user
    /// id, <c>*</c> or <c>owner:group</c>), indexed by member for "shared with me" listings; groups per account,
    /// indexed by member for "my groups" (<c>account_groups</c>, because <c>GROUPS</c> is an SQL keyword); optional
    /// quotas in bytes and usage counters (the sum of the sizes of every stored version, history included) on accounts
    /// and containers, computed once here for existing data and then kept by each transaction that adds or removes
    /// versions.
    /// </summary>
    private const string Migration2 = """
        CREATE TABLE permissions (
            container_id INTEGER NOT NULL REFERENCES containers (container_id) ON DELETE CASCADE,
            path         VARCHAR(1024) NOT NULL,
            access       INTEGER NOT NULL,
            member       VARCHAR(513) NOT NULL,
            PRIMARY KEY (container_id, path, access, member)
        );
        CREATE INDEX ix_permissions_member ON permissions (member, container_id);
        CREATE TABLE account_groups (
            account_id   INTEGER NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
            name         VARCHAR(256) NOT NULL,
            member       VARCHAR(256) NOT NULL,
            PRIMARY KEY (account_id, name, member)
        );
        CREATE INDEX ix_account_groups_member ON account_groups (member);
        ALTER TABLE accounts ADD COLUMN quota BIGINT NULL;
        ALTER TABLE accounts ADD COLUMN usage BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE containers ADD COLUMN quota BIGINT NULL;
        ALTER TABLE containers ADD COLUMN usage BIGINT NOT NULL DEFAULT 0;
        UPDATE containers SET usage = (
            SELECT COALESCE(SUM(v.size), 0) FROM objects o JOIN versions v ON v.object_id = o.object_id
            WHERE o.container_id = containers.container_id);
        UPDATE accounts SET usage = (
            SELECT COALESCE(SUM(c.usage), 0) FROM containers c WHERE c.account_id = accounts.account_id);
        PRAGMA user_version = 2;
        """;

    /// <summary>
    /// Version 3: the listing index. <c>listing</c> holds one row per attribute of every object's latest version when
    /// that version is live, with the object's container and name, so that an attribute (an equality filter, or the
    /// key a listing is sorted by) drives a listing through <c>ix_listing_value</c> in value and then name order,
    /// touching only the rows of one page (not every object of the container). Triggers keep it in step with
    /// <c>attributes</c>, <c>versions</c> and <c>objects</c>, whatever statement changes them; deleting a version
    /// removes its rows through the foreign key. <c>listing_counts</c> counts, per container and domain, the
    /// listed objects having each key (and, under the key <c>''</c>, having any key), so a sorted listing knows
    /// without a pass whether some object lacks its first key. Filled here for existing data.
    /// </summary>
    private const string Migration3 = """
        CREATE TABLE listing (
            serial       INTEGER NOT NULL REFERENCES versions (serial) ON DELETE CASCADE,
            domain       VARCHAR(256) NOT NULL,
            attr_key     VARCHAR(128) NOT NULL,
            attr_value   TEXT NOT NULL,
            container_id INTEGER NOT NULL,
            name         VARCHAR(1024) NOT NULL,
            PRIMARY KEY (serial, domain, attr_key)
        );
        CREATE INDEX ix_listing_value ON listing (container_id, domain, attr_key, attr_value, name);
        CREATE TRIGGER tr_listing_latest AFTER UPDATE OF latest_serial ON objects
        BEGIN
            DELETE FROM listing WHERE serial = OLD.latest_serial;
            INSERT INTO listing (serial, domain, attr_key, attr_value, container_id, name)
            SELECT t.serial, t.domain, t.attr_key, t.attr_value, NEW.container_id, NEW.name
            FROM attributes t JOIN versions v ON v.serial = t.serial
            WHERE t.serial = NEW.latest_serial AND v.cluster = 0
            ON CONFLICT (serial, domain, attr_key) DO UPDATE SET attr_value = excluded.attr_value;
        END;
        CREATE TRIGGER tr_listing_insert AFTER INSERT ON attributes
        BEGIN
            INSERT INTO listing (serial, domain, attr_key, attr_value, container_id, name)
            SELECT NEW.serial, NEW.domain, NEW.attr_key, NEW.attr_value, o.container_id, o.name
            FROM versions v JOIN objects o ON o.object_id = v.object_id
            WHERE v.serial = NEW.serial AND v.cluster = 0 AND o.latest_serial = v.serial
            ON CONFLICT (serial, domain, attr_key) DO UPDATE SET attr_value = excluded.attr_value;
        END;
        CREATE TRIGGER tr_listing_update AFTER UPDATE OF attr_value ON attributes
        BEGIN
            UPDATE listing SET attr_value = NEW.attr_value
            WHERE serial = NEW.serial AND domain = NEW.domain AND attr_key = NEW.attr_key;
        END;
        CREATE TRIGGER tr_listing_delete AFTER DELETE ON attributes
        BEGIN
            DELETE FROM listing WHERE serial = OLD.serial AND domain = OLD.domain AND attr_key = OLD.attr_key;
        END;
        CREATE TRIGGER tr_listing_cluster AFTER UPDATE OF cluster ON versions WHEN NEW.cluster <> 0
        BEGIN
            DELETE FROM listing WHERE serial = NEW.serial;
        END;
        CREATE TABLE listing_counts (
            container_id INTEGER NOT NULL,
            domain       VARCHAR(256) NOT NULL,
            attr_key     VARCHAR(128) NOT NULL,
            objects      BIGINT NOT NULL,
            PRIMARY KEY (container_id, domain, attr_key)
        );
        CREATE TRIGGER tr_listing_counts_insert AFTER INSERT ON listing
        BEGIN
            INSERT INTO listing_counts (container_id, domain, attr_key, objects)
            SELECT NEW.container_id, NEW.domain, '', 1
            WHERE NOT EXISTS (SELECT 1 FROM listing x WHERE x.serial = NEW.serial AND x.domain = NEW.domain AND x.attr_key <> NEW.attr_key)
            ON CONFLICT (container_id, domain, attr_key) DO UPDATE SET objects = objects + 1;
            INSERT INTO listing_counts (container_id, domain, attr_key, objects) VALUES (NEW.container_id, NEW.domain, NEW.attr_key, 1)
            ON CONFLICT (container_id, domain, attr_key) DO UPDATE SET objects = objects + 1;
        END;
        CREATE TRIGGER tr_listing_counts_delete AFTER DELETE ON listing
        BEGIN
            UPDATE listing_counts SET objects = objects - 1
            WHERE container_id = OLD.container_id AND domain = OLD.domain
              AND (attr_key = OLD.attr_key
                OR (attr_key = '' AND NOT EXISTS (SELECT 1 FROM listing x WHERE x.serial = OLD.serial AND x.domain = OLD.domain)));
        END;
        INSERT INTO listing (serial, domain, attr_key, attr_value, container_id, name)
        SELECT t.serial, t.domain, t.attr_key, t.attr_value, o.container_id, o.name
        FROM objects o
        JOIN versions v ON v.serial = o.latest_serial
        JOIN attributes t ON t.serial = v.serial
        WHERE v.cluster = 0;
        PRAGMA user_version = 3;
        """;

    /// <summary>Switches the database to WAL (stored in the file) and applies the migrations it lacks, in one transaction.</summary>
    /// <param name="factory">The connection factory.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    /// <exception cref="StoreConfigurationException">The database was made by a newer version of Plankton.</exception>
    public static async Task EnsureCurrentAsync(SqliteConnectionFactory factory, CancellationToken cancellationToken)
    {
        SqliteConnection connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteScalarAsync<string>(new CommandDefinition(EnableWal, cancellationToken: cancellationToken)).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            long version = await connection.ExecuteScalarAsync<long>(
                new CommandDefinition(ReadUserVersion, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (version > CurrentVersion)
            {
                throw new StoreConfigurationException(
                    $"The object catalogue '{connection.DataSource}' has schema version {version}; this version of Plankton.Core knows up to {CurrentVersion}.");
            }

            if (version < 1)
            {
                await connection.ExecuteAsync(
                    new CommandDefinition(Migration1, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            if (version < 2)
            {
                await connection.ExecuteAsync(
                    new CommandDefinition(Migration2, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            if (version < 3)
            {
                await connection.ExecuteAsync(
                    new CommandDefinition(Migration3, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            transaction.Commit();
        }
    }
}
