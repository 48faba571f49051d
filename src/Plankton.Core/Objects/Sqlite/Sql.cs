namespace Plankton.Core.Objects.Sqlite;

/// <summary>
/// Every data statement of the object store, one <c>const</c> field each (Dapper caches per SQL text, so text is
/// never built at run time).
/// </summary>
/// <remarks>
/// The statements are standard SQL that PostgreSQL also accepts (<c>ON CONFLICT … DO</c>, <c>RETURNING</c>,
/// <c>excluded</c>); SQLite-only syntax (the DDL, <c>PRAGMA</c>s) lives in <see cref="SqliteSchema"/> and
/// <see cref="SqliteConnectionFactory"/>. Clusters follow Pithos: 0 = live, 1 = history, 2 = deletion marker.
/// </remarks>
internal static class Sql
{
    public const int ClusterNormal = 0;
    public const int ClusterHistory = 1;
    public const int ClusterDeleted = 2;

    /// <summary>One look-up that locates a path level by level (zero rows: no such account) with the object's latest version.</summary>
    public const string Locate = """
        SELECT a.account_id AS AccountId, c.container_id AS ContainerId, c.versioning AS Versioning,
               o.object_id AS ObjectId, v.serial AS LatestSerial, v.cluster AS LatestCluster,
               v.uuid AS LatestUuid, v.mtime AS LatestMtime
        FROM accounts a
        LEFT JOIN containers c ON c.account_id = a.account_id AND c.name = @Container
        LEFT JOIN objects o ON o.container_id = c.container_id AND o.name = @Name
        LEFT JOIN versions v ON v.serial = o.latest_serial
        WHERE a.name = @Account
        """;

    public const string InsertAccount = """
        INSERT INTO accounts (name) VALUES (@Account)
        ON CONFLICT (name) DO NOTHING
        """;

    public const string InsertContainer = """
        INSERT INTO containers (account_id, name, versioning) VALUES (@AccountId, @Container, @Versioning)
        ON CONFLICT (account_id, name) DO NOTHING
        """;

    public const string SelectContainerPolicy = """
        SELECT versioning FROM containers WHERE account_id = @AccountId AND name = @Container
        """;

    public const string InsertObject = """
        INSERT INTO objects (container_id, name) VALUES (@ContainerId, @Name)
        RETURNING object_id
        """;

    public const string InsertVersion = """
        INSERT INTO versions (object_id, uuid, cluster, size, content_type, hash, block_size, hashmap, mtime, muser)
        VALUES (@ObjectId, @Uuid, @Cluster, @Size, @ContentType, @Hash, @BlockSize, @Hashmap, @Mtime, @User)
        RETURNING serial
        """;

    /// <summary>A new live version with the data of <c>@Serial</c> (a metadata-only change).</summary>
    public const string CopyVersion = """
        INSERT INTO versions (object_id, uuid, cluster, size, content_type, hash, block_size, hashmap, mtime, muser)
        SELECT object_id, uuid, 0, size, content_type, hash, block_size, hashmap, @Mtime, @User
        FROM versions WHERE serial = @Serial
        RETURNING serial
        """;

    public const string ArchiveVersion = """
        UPDATE versions SET cluster = 1 WHERE serial = @Serial AND cluster = 0
        """;

    public const string SetLatest = """
        UPDATE objects SET latest_serial = @Serial WHERE object_id = @ObjectId
        """;

    /// <summary>Versioning <c>none</c>: drop every version of the object but the new one.</summary>
    public const string DeleteOtherVersions = """
        DELETE FROM versions WHERE object_id = @ObjectId AND serial <> @Serial
        """;

    public const string DeleteVersionsUntil = """
        DELETE FROM versions WHERE object_id = @ObjectId AND serial <> @Serial AND mtime <= @Until
        """;

    public const string CountVersions = """
        SELECT COUNT(*) FROM versions WHERE object_id = @ObjectId
        """;

    public const string DeleteObject = """
        DELETE FROM objects WHERE object_id = @ObjectId
        """;

    public const string CopyAttributes = """
        INSERT INTO attributes (serial, domain, attr_key, attr_value)
        SELECT @NewSerial, domain, attr_key, attr_value FROM attributes WHERE serial = @OldSerial
        """;

    public const string DeleteDomainAttributes = """
        DELETE FROM attributes WHERE serial = @Serial AND domain = @Domain
        """;

    public const string DeleteAttribute = """
        DELETE FROM attributes WHERE serial = @Serial AND domain = @Domain AND attr_key = @Key
        """;

    public const string UpsertAttribute = """
        INSERT INTO attributes (serial, domain, attr_key, attr_value) VALUES (@Serial, @Domain, @Key, @Value)
        ON CONFLICT (serial, domain, attr_key) DO UPDATE SET attr_value = excluded.attr_value
        """;

    public const string SelectAttributes = """
        SELECT attr_key AS "Key", attr_value AS "Value" FROM attributes
        WHERE serial = @Serial AND domain = @Domain
        ORDER BY attr_key
        """;

    public const string ListVersions = """
        SELECT serial AS Serial, mtime AS Timestamp, muser AS ModifiedBy FROM versions
        WHERE object_id = @ObjectId AND cluster <> 2
        ORDER BY serial
        """;

    private const string VersionColumns = """
        SELECT a.name AS Account, c.name AS Container, o.name AS Name, v.serial AS Serial, v.uuid AS Uuid,
               v.cluster AS Cluster, v.size AS Size, v.content_type AS ContentType, v.hash AS Hash,
               v.block_size AS BlockSize, v.mtime AS Timestamp, v.muser AS ModifiedBy
        """;

    private const string WithHashmap = ", v.hashmap AS Hashmap";

    private const string FromPathLatest = """

        FROM accounts a
        JOIN containers c ON c.account_id = a.account_id
        JOIN objects o ON o.container_id = c.container_id
        JOIN versions v ON v.serial = o.latest_serial
        WHERE a.name = @Account AND c.name = @Container AND o.name = @Name
        """;

    /// <summary>The version must belong to the object at the path (Pithos accepted another object's serial, spec §11.19).</summary>
    private const string FromPathSerial = """

        FROM accounts a
        JOIN containers c ON c.account_id = a.account_id
        JOIN objects o ON o.container_id = c.container_id
        JOIN versions v ON v.object_id = o.object_id
        WHERE a.name = @Account AND c.name = @Container AND o.name = @Name AND v.serial = @Serial
        """;

    private const string FromUuid = """

        FROM versions v
        JOIN objects o ON o.object_id = v.object_id
        JOIN containers c ON c.container_id = o.container_id
        JOIN accounts a ON a.account_id = c.account_id
        WHERE v.uuid = @Uuid
        """;

    private const string FromSerial = """

        FROM versions v
        JOIN objects o ON o.object_id = v.object_id
        JOIN containers c ON c.container_id = o.container_id
        JOIN accounts a ON a.account_id = c.account_id
        WHERE v.serial = @Serial
        """;

    public const string VersionLatestByPath = VersionColumns + FromPathLatest;

    public const string VersionBySerialAtPath = VersionColumns + FromPathSerial;

    public const string ReadLatestByPath = VersionColumns + WithHashmap + FromPathLatest;

    public const string ReadBySerialAtPath = VersionColumns + WithHashmap + FromPathSerial;

    /// <summary>The live version carrying a uuid (at most one: a uuid is live on one path at a time).</summary>
    public const string VersionLiveByUuid = VersionColumns + FromUuid + " AND v.cluster = 0";

    public const string VersionByUuidAndSerial = VersionColumns + FromUuid + " AND v.serial = @Serial AND v.cluster <> 2";

    public const string VersionBySerial = VersionColumns + FromSerial;
}
