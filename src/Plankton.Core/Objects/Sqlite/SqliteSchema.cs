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
    public const int CurrentVersion = 6;

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

    /// <summary>
    /// Version 4: block reference counts, upload pins and collection state (docs/reliability.md). <c>blocks</c> has
    /// one row per block the catalogue knows: <c>refs</c> = how many versions reference it (each version counts each
    /// distinct block once; the empty block is never counted), <c>state</c> 0 = present, 1 = being deleted by the
    /// collector lease <c>deleter</c>. The partial index holds only unreferenced rows, so finding garbage costs what
    /// there is to collect. Triggers keep <c>refs</c> in the transaction that inserts or deletes a version, whichever
    /// statement (or cascade) does it; the counts for existing versions are computed here. <c>leases</c> are held by
    /// uploads (kind 0) and collectors (kind 1) and identify their process; <c>block_pins</c> protect the blocks an
    /// upload has written or found until its version commits. Lease ids are never reused (<c>AUTOINCREMENT</c>): a mark
    /// names its collector's lease, and a new lease with the id of a dead collector would keep that mark alive for ever.
    /// The hashmap BLOB is split with a recursive CTE (32-byte slices).
    /// </summary>
    private const string Migration4 = """
        CREATE TABLE blocks (
            hash         BLOB NOT NULL PRIMARY KEY,
            refs         BIGINT NOT NULL DEFAULT 0,
            state        INTEGER NOT NULL DEFAULT 0,
            deleter      INTEGER NULL
        ) WITHOUT ROWID;
        CREATE INDEX ix_blocks_unreferenced ON blocks (state, hash) WHERE refs = 0;
        CREATE TABLE leases (
            lease_id     INTEGER PRIMARY KEY AUTOINCREMENT,
            kind         INTEGER NOT NULL,
            host         VARCHAR(256) NOT NULL,
            pid          BIGINT NOT NULL,
            started      BIGINT NOT NULL,
            expires      BIGINT NOT NULL
        );
        CREATE TABLE block_pins (
            lease_id     INTEGER NOT NULL REFERENCES leases (lease_id) ON DELETE CASCADE,
            hash         BLOB NOT NULL,
            PRIMARY KEY (lease_id, hash)
        );
        CREATE INDEX ix_block_pins_hash ON block_pins (hash);
        CREATE TABLE damaged_blocks (
            hash         BLOB NOT NULL PRIMARY KEY,
            kind         INTEGER NOT NULL,
            found        BIGINT NOT NULL
        );
        CREATE TABLE maintenance_state (
            name         VARCHAR(64) NOT NULL PRIMARY KEY,
            cursor       BLOB NULL
        );
        CREATE TRIGGER tr_versions_refs_insert AFTER INSERT ON versions WHEN length(NEW.hashmap) > 0
        BEGIN
            INSERT INTO blocks (hash, refs)
            SELECT DISTINCT substr(NEW.hashmap, s.n * 32 + 1, 32), 1
            FROM (WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE (n + 1) * 32 < length(NEW.hashmap)) SELECT n FROM i) s
            WHERE substr(NEW.hashmap, s.n * 32 + 1, 32) <> X'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
            ON CONFLICT (hash) DO UPDATE SET refs = refs + 1;
        END;
        CREATE TRIGGER tr_versions_refs_delete AFTER DELETE ON versions WHEN length(OLD.hashmap) > 0
        BEGIN
            UPDATE blocks SET refs = refs - 1 WHERE hash IN (
                SELECT substr(OLD.hashmap, s.n * 32 + 1, 32)
                FROM (WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE (n + 1) * 32 < length(OLD.hashmap)) SELECT n FROM i) s);
        END;
        INSERT INTO blocks (hash, refs)
        SELECT h, COUNT(*) FROM (
            WITH RECURSIVE i(serial, n) AS (
                SELECT serial, 0 FROM versions WHERE length(hashmap) > 0
                UNION ALL
                SELECT i.serial, i.n + 1 FROM i JOIN versions v ON v.serial = i.serial WHERE (i.n + 1) * 32 < length(v.hashmap))
            SELECT DISTINCT i.serial, substr(v.hashmap, i.n * 32 + 1, 32) AS h FROM i JOIN versions v ON v.serial = i.serial)
        WHERE h <> X'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
        GROUP BY h;
        PRAGMA user_version = 4;
        """;

    /// <summary>
    /// Version 5: public URLs (spec §9.7), separate from the <c>*</c> read entry: a random token per object path that
    /// lets anyone read the path's latest version. One token per path and one path per token; the container's
    /// deletion removes its tokens, an object's deletion or move its own.
    /// </summary>
    private const string Migration5 = """
        CREATE TABLE public_urls (
            container_id INTEGER NOT NULL REFERENCES containers (container_id) ON DELETE CASCADE,
            path         VARCHAR(1024) NOT NULL,
            token        VARCHAR(64) NOT NULL,
            PRIMARY KEY (container_id, path),
            CONSTRAINT uq_public_urls_token UNIQUE (token)
        );
        PRAGMA user_version = 5;
        """;

    /// <summary>
    /// Version 6: the live latest version's size and uuid on each object row (<c>live_size</c>, <c>live_uuid</c>; null
    /// while the latest version is not live: a deletion marker, or none yet), indexed with the container and the name,
    /// so that listings sorted by size or uuid, and name-ordered listings driven by a size range, walk an index instead
    /// of every object of the container (the size twice: descending sizes with ascending names as the tie-breaker is
    /// an order of its own, and many objects can share one size) (docs/object-store.md, "How listings use the indexes"). Triggers keep them in
    /// step whatever statement moves <c>latest_serial</c> or archives the latest version; filled here for existing data.
    /// </summary>
    private const string Migration6 = """
        ALTER TABLE objects ADD COLUMN live_size BIGINT NULL;
        ALTER TABLE objects ADD COLUMN live_uuid VARCHAR(36) NULL;
        CREATE INDEX ix_objects_live_size ON objects (container_id, live_size, name);
        CREATE INDEX ix_objects_live_size_desc ON objects (container_id, live_size DESC, name);
        CREATE INDEX ix_objects_live_uuid ON objects (container_id, live_uuid, name);
        CREATE TRIGGER tr_objects_live_latest AFTER UPDATE OF latest_serial ON objects
        BEGIN
            UPDATE objects SET
                live_size = (SELECT v.size FROM versions v WHERE v.serial = NEW.latest_serial AND v.cluster = 0),
                live_uuid = (SELECT v.uuid FROM versions v WHERE v.serial = NEW.latest_serial AND v.cluster = 0)
            WHERE object_id = NEW.object_id;
        END;
        CREATE TRIGGER tr_objects_live_cluster AFTER UPDATE OF cluster ON versions WHEN NEW.cluster <> 0
        BEGIN
            UPDATE objects SET live_size = NULL, live_uuid = NULL WHERE object_id = NEW.object_id AND latest_serial = NEW.serial;
        END;
        UPDATE objects SET
            live_size = (SELECT v.size FROM versions v WHERE v.serial = objects.latest_serial AND v.cluster = 0),
            live_uuid = (SELECT v.uuid FROM versions v WHERE v.serial = objects.latest_serial AND v.cluster = 0);
        PRAGMA user_version = 6;
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

            if (version < 4)
            {
                await connection.ExecuteAsync(
                    new CommandDefinition(Migration4, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            if (version < 5)
            {
                await connection.ExecuteAsync(
                    new CommandDefinition(Migration5, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            if (version < 6)
            {
                await connection.ExecuteAsync(
                    new CommandDefinition(Migration6, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            transaction.Commit();
        }
    }
}
