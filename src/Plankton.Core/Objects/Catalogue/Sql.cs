using System.Collections.Concurrent;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// Every data statement of the object store, one <c>const</c> field each (Dapper caches per SQL text, so text is
/// never built at run time).
/// </summary>
/// <remarks>
/// The statements are standard SQL that PostgreSQL also accepts (<c>ON CONFLICT … DO</c>, <c>RETURNING</c>,
/// <c>excluded</c>); engine-only syntax (DDL, session settings, functions one engine lacks) lives in each engine's schema and
/// dialect (<see cref="ICatalogueDialect"/>). Clusters follow Pithos: 0 = live, 1 = history, 2 = deletion marker.
/// </remarks>
internal static partial class Sql
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

    internal const string VersionColumns = """
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

    // ---- permissions and groups (schema version 2) ----------------------------------------------------------

    /// <summary>
    /// The nearest path at or above <c>@Name</c> that has permission entries, in the container <c>c</c>: the name
    /// itself, or a prefix of it ending at a <c>/</c> boundary; the longest wins. The range
    /// <c>@FirstSegment ≤ path ≤ @Name</c> holds every candidate, so the index serves it.
    /// </summary>
    private const string NearestPermissionPath = """
        (SELECT q.path FROM permissions q
         WHERE q.container_id = c.container_id AND q.path <= @Name AND q.path >= @FirstSegment
           AND (q.path = @Name OR substr(@Name, 1, length(q.path) + 1) = q.path || '/')
         ORDER BY length(q.path) DESC LIMIT 1)
        """;

    /// <summary>The permission entries in force on a path, with the path they were set on (zero rows: none, or no such container).</summary>
    public const string SelectEffectivePermissions = """
        SELECT p.path AS Path, p.access AS Access, p.member AS Member
        FROM accounts a
        JOIN containers c ON c.account_id = a.account_id
        JOIN permissions p ON p.container_id = c.container_id
        WHERE a.name = @Account AND c.name = @Container AND p.path =
        """ + NearestPermissionPath;

    /// <summary>The groups a user is a member of, as <c>owner:group</c> (the form permission entries use).</summary>
    public const string SelectUserGroups = """
        SELECT ga.name || ':' || g.name FROM account_groups g
        JOIN accounts ga ON ga.account_id = g.account_id
        WHERE g.member = @User
        """;

    public const string DeletePermissions = """
        DELETE FROM permissions WHERE container_id = @ContainerId AND path = @Path
        """;

    public const string InsertPermission = """
        INSERT INTO permissions (container_id, path, access, member) VALUES (@ContainerId, @Path, @Access, @Member)
        ON CONFLICT (container_id, path, access, member) DO NOTHING
        """;

    public const string SelectAccountId = """
        SELECT account_id FROM accounts WHERE name = @Account
        """;

    public const string DeleteGroup = """
        DELETE FROM account_groups WHERE account_id = @AccountId AND name = @Group
        """;

    public const string InsertGroupMember = """
        INSERT INTO account_groups (account_id, name, member) VALUES (@AccountId, @Group, @Member)
        ON CONFLICT (account_id, name, member) DO NOTHING
        """;

    public const string SelectGroups = """
        SELECT name AS Name, member AS Member FROM account_groups WHERE account_id = @AccountId ORDER BY name, member
        """;

    // ---- listings -------------------------------------------------------------------------------------------

    /// <summary>An entry naming the user, everyone, or a group the user is in (alias <c>e</c>).</summary>
    private const string MemberIsUser = """
        (e.member = @User OR e.member = '*' OR e.member IN (
            SELECT ga.name || ':' || g.name FROM account_groups g
            JOIN accounts ga ON ga.account_id = g.account_id
            WHERE g.member = @User))
        """;

    public const string ListOwnContainers = """
        SELECT c.name FROM accounts a
        JOIN containers c ON c.account_id = a.account_id
        WHERE a.name = @Account
        ORDER BY c.name
        """;

    /// <summary>The forms an entry naming the user can take (a <c>WITH</c> item): the user, <c>*</c>, and each group the user is in as <c>owner:group</c>.</summary>
    private const string MemberForms = """
        member_forms(member) AS (
            SELECT @User UNION SELECT '*' UNION
            SELECT ga.name || ':' || g.name FROM account_groups g
            JOIN accounts ga ON ga.account_id = g.account_id
            WHERE g.member = @User)
        """;

    /// <summary>
    /// Containers of an account holding any permission entry that names the user, <c>*</c> or one of the user's
    /// groups: one look-up per container and form in <c>permissions (member, container_id)</c>, however many
    /// entries the container holds.
    /// </summary>
    public const string ListSharedContainers = "WITH " + MemberForms + """

        SELECT c.name FROM accounts a
        JOIN containers c ON c.account_id = a.account_id
        WHERE a.name = @Account
          AND EXISTS (SELECT 1 FROM member_forms f JOIN permissions e ON e.member = f.member AND e.container_id = c.container_id)
        ORDER BY c.name
        """;

    /// <summary>
    /// The user's own account (when it exists) and every account holding a permission entry that names the user,
    /// <c>*</c> or one of the user's groups. The containers granting each form are found by jumping from one
    /// container id to the next in <c>permissions (member, container_id)</c> (a recursive query), so the cost grows
    /// with the containers, not with the entries (a container with 50,000 public objects costs one step).
    /// </summary>
    public const string ListVisibleAccounts = "WITH RECURSIVE " + MemberForms + """
        ,
        granted(member, container_id) AS (
            SELECT f.member, (SELECT MIN(e.container_id) FROM permissions e WHERE e.member = f.member) FROM member_forms f
            UNION ALL
            SELECT s.member, (SELECT MIN(e.container_id) FROM permissions e WHERE e.member = s.member AND e.container_id > s.container_id)
            FROM granted s WHERE s.container_id IS NOT NULL)
        SELECT name FROM accounts WHERE name = @User
        UNION
        SELECT a.name FROM granted s
        JOIN containers c ON c.container_id = s.container_id
        JOIN accounts a ON a.account_id = c.account_id
        ORDER BY 1
        """;

    /// <summary>
    /// The first segment of the listed object's name (up to its first <c>/</c>): every path at or above the name
    /// starts with it, so it bounds the permission paths to read from below. <c>strpos</c> is PostgreSQL's; the
    /// SQLite connection factory defines it.
    /// </summary>
    private const string ObjectFirstSegment = """
        substr(o.name, 1, CASE WHEN strpos(o.name, '/') > 0 THEN strpos(o.name, '/') - 1 ELSE length(o.name) END)
        """;

    /// <summary>The nearest path at or above the listed object <c>o</c> with permission entries (see <see cref="NearestPermissionPath"/>).</summary>
    private const string NearestObjectPermissionPath = """
        (SELECT q.path FROM permissions q
         WHERE q.container_id = o.container_id AND q.path <= o.name AND q.path >=
        """ + ObjectFirstSegment + """

           AND (q.path = o.name OR substr(o.name, 1, length(q.path) + 1) = q.path || '/')
         ORDER BY length(q.path) DESC LIMIT 1)
        """;

    private const string ListHead = VersionColumns + """

        FROM objects o
        JOIN versions v ON v.serial = o.latest_serial
        JOIN containers c ON c.container_id = o.container_id
        JOIN accounts a ON a.account_id = c.account_id
        WHERE o.container_id = @ContainerId AND o.name > @After AND o.name >= @From
        """;

    private const string ListUpperBound = """

          AND o.name < @Until
        """;

    /// <summary>The eighth attribute filter slot of <see cref="ListConditions"/>: <see cref="Widen"/> adds the others after it.</summary>
    private const string FilterSlot8 = """
          AND (@Op8 IS NULL
            OR (@Op8 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f8 WHERE f8.serial = v.serial AND f8.domain = @Domain AND f8.attr_key = @Key8))
            OR (@Op8 <> 1 AND EXISTS (SELECT 1 FROM attributes f8 WHERE f8.serial = v.serial AND f8.domain = @Domain AND f8.attr_key = @Key8
                AND (@Op8 = 0 OR (@Op8 = 2 AND f8.attr_value = @Value8) OR (@Op8 = 3 AND f8.attr_value <> @Value8)
                  OR (@Op8 = 4 AND f8.attr_value < @Value8) OR (@Op8 = 5 AND f8.attr_value <= @Value8)
                  OR (@Op8 = 6 AND f8.attr_value > @Value8) OR (@Op8 = 7 AND f8.attr_value >= @Value8)))))
        """;

    /// <summary>Attribute filter slots 9 to <see cref="FilterSlots"/>, which <see cref="Widen"/> adds to a listing statement.</summary>
    private const string WideFilterSlots = """
          AND (@Op9 IS NULL
            OR (@Op9 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f9 WHERE f9.serial = v.serial AND f9.domain = @Domain AND f9.attr_key = @Key9))
            OR (@Op9 <> 1 AND EXISTS (SELECT 1 FROM attributes f9 WHERE f9.serial = v.serial AND f9.domain = @Domain AND f9.attr_key = @Key9
                AND (@Op9 = 0 OR (@Op9 = 2 AND f9.attr_value = @Value9) OR (@Op9 = 3 AND f9.attr_value <> @Value9)
                  OR (@Op9 = 4 AND f9.attr_value < @Value9) OR (@Op9 = 5 AND f9.attr_value <= @Value9)
                  OR (@Op9 = 6 AND f9.attr_value > @Value9) OR (@Op9 = 7 AND f9.attr_value >= @Value9)))))
          AND (@Op10 IS NULL
            OR (@Op10 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f10 WHERE f10.serial = v.serial AND f10.domain = @Domain AND f10.attr_key = @Key10))
            OR (@Op10 <> 1 AND EXISTS (SELECT 1 FROM attributes f10 WHERE f10.serial = v.serial AND f10.domain = @Domain AND f10.attr_key = @Key10
                AND (@Op10 = 0 OR (@Op10 = 2 AND f10.attr_value = @Value10) OR (@Op10 = 3 AND f10.attr_value <> @Value10)
                  OR (@Op10 = 4 AND f10.attr_value < @Value10) OR (@Op10 = 5 AND f10.attr_value <= @Value10)
                  OR (@Op10 = 6 AND f10.attr_value > @Value10) OR (@Op10 = 7 AND f10.attr_value >= @Value10)))))
          AND (@Op11 IS NULL
            OR (@Op11 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f11 WHERE f11.serial = v.serial AND f11.domain = @Domain AND f11.attr_key = @Key11))
            OR (@Op11 <> 1 AND EXISTS (SELECT 1 FROM attributes f11 WHERE f11.serial = v.serial AND f11.domain = @Domain AND f11.attr_key = @Key11
                AND (@Op11 = 0 OR (@Op11 = 2 AND f11.attr_value = @Value11) OR (@Op11 = 3 AND f11.attr_value <> @Value11)
                  OR (@Op11 = 4 AND f11.attr_value < @Value11) OR (@Op11 = 5 AND f11.attr_value <= @Value11)
                  OR (@Op11 = 6 AND f11.attr_value > @Value11) OR (@Op11 = 7 AND f11.attr_value >= @Value11)))))
          AND (@Op12 IS NULL
            OR (@Op12 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f12 WHERE f12.serial = v.serial AND f12.domain = @Domain AND f12.attr_key = @Key12))
            OR (@Op12 <> 1 AND EXISTS (SELECT 1 FROM attributes f12 WHERE f12.serial = v.serial AND f12.domain = @Domain AND f12.attr_key = @Key12
                AND (@Op12 = 0 OR (@Op12 = 2 AND f12.attr_value = @Value12) OR (@Op12 = 3 AND f12.attr_value <> @Value12)
                  OR (@Op12 = 4 AND f12.attr_value < @Value12) OR (@Op12 = 5 AND f12.attr_value <= @Value12)
                  OR (@Op12 = 6 AND f12.attr_value > @Value12) OR (@Op12 = 7 AND f12.attr_value >= @Value12)))))
          AND (@Op13 IS NULL
            OR (@Op13 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f13 WHERE f13.serial = v.serial AND f13.domain = @Domain AND f13.attr_key = @Key13))
            OR (@Op13 <> 1 AND EXISTS (SELECT 1 FROM attributes f13 WHERE f13.serial = v.serial AND f13.domain = @Domain AND f13.attr_key = @Key13
                AND (@Op13 = 0 OR (@Op13 = 2 AND f13.attr_value = @Value13) OR (@Op13 = 3 AND f13.attr_value <> @Value13)
                  OR (@Op13 = 4 AND f13.attr_value < @Value13) OR (@Op13 = 5 AND f13.attr_value <= @Value13)
                  OR (@Op13 = 6 AND f13.attr_value > @Value13) OR (@Op13 = 7 AND f13.attr_value >= @Value13)))))
          AND (@Op14 IS NULL
            OR (@Op14 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f14 WHERE f14.serial = v.serial AND f14.domain = @Domain AND f14.attr_key = @Key14))
            OR (@Op14 <> 1 AND EXISTS (SELECT 1 FROM attributes f14 WHERE f14.serial = v.serial AND f14.domain = @Domain AND f14.attr_key = @Key14
                AND (@Op14 = 0 OR (@Op14 = 2 AND f14.attr_value = @Value14) OR (@Op14 = 3 AND f14.attr_value <> @Value14)
                  OR (@Op14 = 4 AND f14.attr_value < @Value14) OR (@Op14 = 5 AND f14.attr_value <= @Value14)
                  OR (@Op14 = 6 AND f14.attr_value > @Value14) OR (@Op14 = 7 AND f14.attr_value >= @Value14)))))
          AND (@Op15 IS NULL
            OR (@Op15 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f15 WHERE f15.serial = v.serial AND f15.domain = @Domain AND f15.attr_key = @Key15))
            OR (@Op15 <> 1 AND EXISTS (SELECT 1 FROM attributes f15 WHERE f15.serial = v.serial AND f15.domain = @Domain AND f15.attr_key = @Key15
                AND (@Op15 = 0 OR (@Op15 = 2 AND f15.attr_value = @Value15) OR (@Op15 = 3 AND f15.attr_value <> @Value15)
                  OR (@Op15 = 4 AND f15.attr_value < @Value15) OR (@Op15 = 5 AND f15.attr_value <= @Value15)
                  OR (@Op15 = 6 AND f15.attr_value > @Value15) OR (@Op15 = 7 AND f15.attr_value >= @Value15)))))
          AND (@Op16 IS NULL
            OR (@Op16 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f16 WHERE f16.serial = v.serial AND f16.domain = @Domain AND f16.attr_key = @Key16))
            OR (@Op16 <> 1 AND EXISTS (SELECT 1 FROM attributes f16 WHERE f16.serial = v.serial AND f16.domain = @Domain AND f16.attr_key = @Key16
                AND (@Op16 = 0 OR (@Op16 = 2 AND f16.attr_value = @Value16) OR (@Op16 = 3 AND f16.attr_value <> @Value16)
                  OR (@Op16 = 4 AND f16.attr_value < @Value16) OR (@Op16 = 5 AND f16.attr_value <= @Value16)
                  OR (@Op16 = 6 AND f16.attr_value > @Value16) OR (@Op16 = 7 AND f16.attr_value >= @Value16)))))
        """;

    /// <summary>
    /// The most attribute filter slots a listing statement has (<see cref="Widen"/>): the caller's filters
    /// (<see cref="ObjectStoreConstants.MaxListFilters"/>, the slots of <see cref="ListConditions"/>), then one per sort
    /// key for the tests that confine a sorted listing to one group of first-key ties (<c>key = value</c>, or
    /// <c>!key</c> for the objects without it).
    /// </summary>
    internal const int FilterSlots = ObjectStoreConstants.MaxListFilters + ObjectStoreConstants.MaxListSortKeys;

    private static readonly ConcurrentDictionary<string, string> s_widened = new(StringComparer.Ordinal);

    /// <summary>
    /// A listing statement with <see cref="FilterSlots"/> attribute filter slots instead of
    /// <see cref="ObjectStoreConstants.MaxListFilters"/>, for a listing with more filters than a caller may give (a
    /// group of a sorted listing adds one per sort key). Every statement keeps eight slots otherwise: each slot is
    /// parsed and planned on every execution, so unused ones cost time on every page.
    /// </summary>
    /// <param name="statement">A statement containing <see cref="ListConditions"/>.</param>
    /// <returns>The statement with the slots added (built once per statement).</returns>
    public static string Widen(string statement) => s_widened.GetOrAdd(statement, static s =>
    {
        int at = s.IndexOf(FilterSlot8, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException("The statement has no attribute filter slots to widen.");
        }

        return s.Insert(at + FilterSlot8.Length, "\n" + WideFilterSlots);
    });

    /// <summary>
    /// Every listing condition, each disabled by a null or zero parameter: live versions only, size range
    /// (inclusive), domain, <see cref="FilterSlots"/> attribute filter slots (<c>@OpN</c> = <see cref="AttributeFilterOperator"/>,
    /// null = unused slot), shared, public, and readability for a non-owner (<c>@IsOwner</c> = 0).
    /// </summary>
    internal const string ListConditions = """

          AND v.cluster = 0
        """ + VersionConditions;

    /// <summary>The conditions of <see cref="ListConditions"/> but the first (live versions only): a history listing tests them on older versions.</summary>
    private const string VersionConditions = """
          AND (@MinSize IS NULL OR v.size >= @MinSize)
          AND (@MaxSize IS NULL OR v.size <= @MaxSize)
          AND (@Domain IS NULL OR EXISTS (SELECT 1 FROM attributes d WHERE d.serial = v.serial AND d.domain = @Domain))
        """ + """
          AND (@Op1 IS NULL
            OR (@Op1 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f1 WHERE f1.serial = v.serial AND f1.domain = @Domain AND f1.attr_key = @Key1))
            OR (@Op1 <> 1 AND EXISTS (SELECT 1 FROM attributes f1 WHERE f1.serial = v.serial AND f1.domain = @Domain AND f1.attr_key = @Key1
                AND (@Op1 = 0 OR (@Op1 = 2 AND f1.attr_value = @Value1) OR (@Op1 = 3 AND f1.attr_value <> @Value1)
                  OR (@Op1 = 4 AND f1.attr_value < @Value1) OR (@Op1 = 5 AND f1.attr_value <= @Value1)
                  OR (@Op1 = 6 AND f1.attr_value > @Value1) OR (@Op1 = 7 AND f1.attr_value >= @Value1)))))
          AND (@Op2 IS NULL
            OR (@Op2 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f2 WHERE f2.serial = v.serial AND f2.domain = @Domain AND f2.attr_key = @Key2))
            OR (@Op2 <> 1 AND EXISTS (SELECT 1 FROM attributes f2 WHERE f2.serial = v.serial AND f2.domain = @Domain AND f2.attr_key = @Key2
                AND (@Op2 = 0 OR (@Op2 = 2 AND f2.attr_value = @Value2) OR (@Op2 = 3 AND f2.attr_value <> @Value2)
                  OR (@Op2 = 4 AND f2.attr_value < @Value2) OR (@Op2 = 5 AND f2.attr_value <= @Value2)
                  OR (@Op2 = 6 AND f2.attr_value > @Value2) OR (@Op2 = 7 AND f2.attr_value >= @Value2)))))
          AND (@Op3 IS NULL
            OR (@Op3 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f3 WHERE f3.serial = v.serial AND f3.domain = @Domain AND f3.attr_key = @Key3))
            OR (@Op3 <> 1 AND EXISTS (SELECT 1 FROM attributes f3 WHERE f3.serial = v.serial AND f3.domain = @Domain AND f3.attr_key = @Key3
                AND (@Op3 = 0 OR (@Op3 = 2 AND f3.attr_value = @Value3) OR (@Op3 = 3 AND f3.attr_value <> @Value3)
                  OR (@Op3 = 4 AND f3.attr_value < @Value3) OR (@Op3 = 5 AND f3.attr_value <= @Value3)
                  OR (@Op3 = 6 AND f3.attr_value > @Value3) OR (@Op3 = 7 AND f3.attr_value >= @Value3)))))
          AND (@Op4 IS NULL
            OR (@Op4 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f4 WHERE f4.serial = v.serial AND f4.domain = @Domain AND f4.attr_key = @Key4))
            OR (@Op4 <> 1 AND EXISTS (SELECT 1 FROM attributes f4 WHERE f4.serial = v.serial AND f4.domain = @Domain AND f4.attr_key = @Key4
                AND (@Op4 = 0 OR (@Op4 = 2 AND f4.attr_value = @Value4) OR (@Op4 = 3 AND f4.attr_value <> @Value4)
                  OR (@Op4 = 4 AND f4.attr_value < @Value4) OR (@Op4 = 5 AND f4.attr_value <= @Value4)
                  OR (@Op4 = 6 AND f4.attr_value > @Value4) OR (@Op4 = 7 AND f4.attr_value >= @Value4)))))
          AND (@Op5 IS NULL
            OR (@Op5 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f5 WHERE f5.serial = v.serial AND f5.domain = @Domain AND f5.attr_key = @Key5))
            OR (@Op5 <> 1 AND EXISTS (SELECT 1 FROM attributes f5 WHERE f5.serial = v.serial AND f5.domain = @Domain AND f5.attr_key = @Key5
                AND (@Op5 = 0 OR (@Op5 = 2 AND f5.attr_value = @Value5) OR (@Op5 = 3 AND f5.attr_value <> @Value5)
                  OR (@Op5 = 4 AND f5.attr_value < @Value5) OR (@Op5 = 5 AND f5.attr_value <= @Value5)
                  OR (@Op5 = 6 AND f5.attr_value > @Value5) OR (@Op5 = 7 AND f5.attr_value >= @Value5)))))
          AND (@Op6 IS NULL
            OR (@Op6 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f6 WHERE f6.serial = v.serial AND f6.domain = @Domain AND f6.attr_key = @Key6))
            OR (@Op6 <> 1 AND EXISTS (SELECT 1 FROM attributes f6 WHERE f6.serial = v.serial AND f6.domain = @Domain AND f6.attr_key = @Key6
                AND (@Op6 = 0 OR (@Op6 = 2 AND f6.attr_value = @Value6) OR (@Op6 = 3 AND f6.attr_value <> @Value6)
                  OR (@Op6 = 4 AND f6.attr_value < @Value6) OR (@Op6 = 5 AND f6.attr_value <= @Value6)
                  OR (@Op6 = 6 AND f6.attr_value > @Value6) OR (@Op6 = 7 AND f6.attr_value >= @Value6)))))
          AND (@Op7 IS NULL
            OR (@Op7 = 1 AND NOT EXISTS (SELECT 1 FROM attributes f7 WHERE f7.serial = v.serial AND f7.domain = @Domain AND f7.attr_key = @Key7))
            OR (@Op7 <> 1 AND EXISTS (SELECT 1 FROM attributes f7 WHERE f7.serial = v.serial AND f7.domain = @Domain AND f7.attr_key = @Key7
                AND (@Op7 = 0 OR (@Op7 = 2 AND f7.attr_value = @Value7) OR (@Op7 = 3 AND f7.attr_value <> @Value7)
                  OR (@Op7 = 4 AND f7.attr_value < @Value7) OR (@Op7 = 5 AND f7.attr_value <= @Value7)
                  OR (@Op7 = 6 AND f7.attr_value > @Value7) OR (@Op7 = 7 AND f7.attr_value >= @Value7)))))
        """ + FilterSlot8 + """

          AND (@SharedOnly = 0 OR EXISTS (SELECT 1 FROM permissions s
               WHERE s.container_id = o.container_id AND s.path <= o.name AND s.path >=
        """ + ObjectFirstSegment + """

                 AND (s.path = o.name OR substr(o.name, 1, length(s.path) + 1) = s.path || '/')))
          AND (@PublicOnly = 0 OR EXISTS (SELECT 1 FROM permissions e
               WHERE e.container_id = o.container_id AND e.member = '*' AND e.path =
        """ + NearestObjectPermissionPath + """
               ))
          AND (@IsOwner = 1 OR EXISTS (SELECT 1 FROM permissions e
               WHERE e.container_id = o.container_id AND e.path =
        """ + NearestObjectPermissionPath + """
               AND
        """ + MemberIsUser + """
               ))
        """;

    private const string ListByName = """

        ORDER BY o.name
        LIMIT @Take
        """;

    /// <summary>One batch of a listing, names in <c>(@After, ∞) ∩ [@From, @Until)</c>.</summary>
    public const string ListObjectsBounded = ListHead + ListUpperBound + ListConditions + ListByName;

    /// <summary>One batch of a listing, names in <c>(@After, ∞) ∩ [@From, ∞)</c> (no prefix, or one with no upper bound).</summary>
    public const string ListObjectsUnbounded = ListHead + ListConditions + ListByName;

    /// <summary>
    /// A listing driven by one equality filter (<c>@DriveKey = @DriveValue</c> in <c>@Domain</c>): the listing index
    /// (schema version 3) holds exactly the live objects with that value in name order, so the statement walks one
    /// page of them from the marker; the other conditions are checked on those rows only.
    /// </summary>
    private const string ListByValueHead = VersionColumns + FromListingKey + """
         AND l.attr_value = @DriveValue
          AND l.name > @After AND l.name >= @From
        """;

    private const string ListByValueUpperBound = """

          AND l.name < @Until
        """;

    private const string ListByValueName = """

        ORDER BY l.name
        LIMIT @Take
        """;

    /// <summary>One batch of a listing driven by an equality filter, names in <c>(@After, ∞) ∩ [@From, @Until)</c>.</summary>
    public const string ListObjectsByValueBounded = ListByValueHead + ListByValueUpperBound + ListConditions + ListByValueName;

    /// <summary>One batch of a listing driven by an equality filter, names in <c>(@After, ∞) ∩ [@From, ∞)</c>.</summary>
    public const string ListObjectsByValueUnbounded = ListByValueHead + ListConditions + ListByValueName;

    // ---- copy, move and quotas ------------------------------------------------------------------------------

    /// <summary>A new live version of object <c>@ObjectId</c> with the data of version <c>@Serial</c> (of any object): copy and move.</summary>
    public const string CopyVersionTo = """
        INSERT INTO versions (object_id, uuid, cluster, size, content_type, hash, block_size, hashmap, mtime, muser)
        SELECT @ObjectId, @Uuid, 0, size, content_type, hash, block_size, hashmap, @Mtime, @User
        FROM versions WHERE serial = @Serial
        RETURNING serial
        """;

    public const string SumOtherVersions = """
        SELECT COALESCE(SUM(size), 0) FROM versions WHERE object_id = @ObjectId AND serial <> @Serial
        """;

    public const string SumVersionsUntil = """
        SELECT COALESCE(SUM(size), 0) FROM versions WHERE object_id = @ObjectId AND serial <> @Serial AND mtime <= @Until
        """;

    public const string AddContainerUsage = """
        UPDATE containers SET usage = usage + @Delta WHERE container_id = @ContainerId
        """;

    public const string AddAccountUsage = """
        UPDATE accounts SET usage = usage + @Delta
        WHERE account_id = (SELECT account_id FROM containers WHERE container_id = @ContainerId)
        """;

    public const string SelectQuotas = """
        SELECT a.name AS Account, c.name AS Container, a.quota AS AccountQuota, a.usage AS AccountUsage,
               c.quota AS ContainerQuota, c.usage AS ContainerUsage
        FROM containers c JOIN accounts a ON a.account_id = c.account_id
        WHERE c.container_id = @ContainerId
        """;

    public const string SetAccountQuota = """
        UPDATE accounts SET quota = @Quota WHERE name = @Account
        """;

    public const string SetContainerQuota = """
        UPDATE containers SET quota = @Quota
        WHERE name = @Container AND account_id = (SELECT account_id FROM accounts WHERE name = @Account)
        """;

    // ---- block references, upload pins and garbage collection (schema version 4, docs/reliability.md) -------

    public const int LeaseUpload = 0;
    public const int LeaseCollector = 1;

    public const string InsertLease = """
        INSERT INTO leases (kind, host, pid, started, expires) VALUES (@Kind, @Host, @Pid, @Started, @Expires)
        RETURNING lease_id
        """;

    public const string RenewLease = """
        UPDATE leases SET expires = @Expires WHERE lease_id = @LeaseId
        """;

    /// <summary>Ends a lease; its pins go with it (cascade).</summary>
    public const string DeleteLease = """
        DELETE FROM leases WHERE lease_id = @LeaseId
        """;

    public const string SelectLeases = """
        SELECT lease_id AS LeaseId, kind AS Kind, host AS Host, pid AS Pid, started AS Started, expires AS Expires FROM leases
        """;

    /// <summary>What a pin learns of a block: <see cref="PinSeesDeleting"/>, <see cref="PinSeesStored"/>, or 0 (unknown or absent row).</summary>
    public const int PinSeesDeleting = 1;

    /// <summary>The block is referenced by a committed version and not recorded as damaged: it is stored (docs/reliability.md, I1).</summary>
    public const int PinSeesStored = 2;

    /// <summary>
    /// A block's state as a pin needs it: being deleted (wait), referenced and sound (stored: no need to ask the
    /// block store), or anything else (put it).
    /// </summary>
    public const string SelectBlockForPin = """
        SELECT CASE WHEN b.state = 1 THEN 1
                    WHEN b.refs > 0 AND NOT EXISTS (SELECT 1 FROM damaged_blocks d WHERE d.hash = b.hash) THEN 2
                    ELSE 0 END
        FROM blocks b WHERE b.hash = @Hash
        """;

    public const string InsertBlock = """
        INSERT INTO blocks (hash) VALUES (@Hash)
        ON CONFLICT (hash) DO NOTHING
        """;

    /// <summary>Drops the lease's pin on one block (a block it pinned and then found absent).</summary>
    public const string DeletePin = """
        DELETE FROM block_pins WHERE lease_id = @LeaseId AND hash = @Hash
        """;

    /// <summary>
    /// Forgets a block row that a pin made for a block found absent: only while nothing references it, nobody pins
    /// it and no collector holds it, so that a refused write leaves no row behind.
    /// </summary>
    public const string DeleteAbsentBlock = """
        DELETE FROM blocks WHERE hash = @Hash AND refs = 0 AND state = 0
        AND NOT EXISTS (SELECT 1 FROM block_pins p WHERE p.hash = @Hash)
        """;

    public const string InsertPin = """
        INSERT INTO block_pins (lease_id, hash) VALUES (@LeaseId, @Hash)
        ON CONFLICT (lease_id, hash) DO NOTHING
        """;

    /// <summary>How many distinct blocks of <c>@Hashmap</c> (the empty block aside) the lease <c>@LeaseId</c> does not pin.</summary>
    public const string CountUnpinned = """
        WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE (n + 1) * 32 < length(@Hashmap))
        SELECT COUNT(DISTINCT substr(@Hashmap, i.n * 32 + 1, 32)) FROM i
        WHERE length(@Hashmap) > 0 AND substr(@Hashmap, i.n * 32 + 1, 32) <> @Empty
          AND NOT EXISTS (SELECT 1 FROM block_pins p WHERE p.lease_id = @LeaseId AND p.hash = substr(@Hashmap, i.n * 32 + 1, 32))
        """;

    /// <summary>One batch of unreferenced, present blocks after <c>@After</c>, from the partial index.</summary>
    public const string SelectGarbage = """
        SELECT hash FROM blocks WHERE refs = 0 AND state = 0 AND hash > @After ORDER BY hash LIMIT @Take
        """;

    /// <summary>Marks a block for deletion when, at this moment, nothing references or pins it.</summary>
    public const string MarkDeleting = """
        UPDATE blocks SET state = 1, deleter = @LeaseId
        WHERE hash = @Hash AND refs = 0 AND state = 0 AND NOT EXISTS (SELECT 1 FROM block_pins p WHERE p.hash = @Hash)
        """;

    /// <summary>The row of a block deleted by the collector lease <c>@LeaseId</c> (which marked or claimed it).</summary>
    public const string DeleteBlockRow = """
        DELETE FROM blocks WHERE hash = @Hash AND state = 1 AND deleter = @LeaseId
        """;

    /// <summary>Takes over an abandoned mark (its collector's lease is gone); at most one recovering process wins it.</summary>
    public const string ClaimDeletion = """
        UPDATE blocks SET deleter = @LeaseId
        WHERE hash = @Hash AND state = 1 AND (deleter IS NULL OR NOT EXISTS (SELECT 1 FROM leases l WHERE l.lease_id = blocks.deleter))
        """;

    /// <summary>Blocks marked for deletion by a collector whose lease is gone (it crashed): anyone may finish them.</summary>
    public const string SelectAbandonedDeletions = """
        SELECT hash FROM blocks WHERE refs = 0 AND state = 1
          AND (deleter IS NULL OR NOT EXISTS (SELECT 1 FROM leases l WHERE l.lease_id = blocks.deleter))
        LIMIT @Take
        """;

    public const string RegisterBlock = """
        INSERT INTO blocks (hash) VALUES (@Hash)
        ON CONFLICT (hash) DO NOTHING
        """;

    public const string SelectBlockRefs = """
        SELECT refs FROM blocks WHERE hash = @Hash
        """;

    /// <summary>One batch of referenced blocks after <c>@After</c> (scrub).</summary>
    public const string SelectReferenced = """
        SELECT hash FROM blocks WHERE refs > 0 AND hash > @After ORDER BY hash LIMIT @Take
        """;

    /// <summary>Versions whose hashmap contains <c>@Hash</c> somewhere (callers check the 32-byte alignment).</summary>
    public const string SelectVersionsContaining = VersionColumns + WithHashmap + FromVersionsAll + """
         WHERE v.cluster <> 2 AND instr(v.hashmap, @Hash) > 0
        """;

    private const string FromVersionsAll = """

        FROM versions v
        JOIN objects o ON o.object_id = v.object_id
        JOIN containers c ON c.container_id = o.container_id
        JOIN accounts a ON a.account_id = c.account_id
        """;

    /// <summary>Every stored version of one object (deletion markers aside), with hashmaps: exclusive bytes.</summary>
    public const string SelectObjectHashmaps = """
        SELECT v.size AS Size, v.block_size AS BlockSize, v.hashmap AS Hashmap FROM versions v
        WHERE v.object_id = @ObjectId AND v.cluster <> 2
        """;

    public const string UpsertDamage = """
        INSERT INTO damaged_blocks (hash, kind, found) VALUES (@Hash, @Kind, @Found)
        ON CONFLICT (hash) DO UPDATE SET kind = excluded.kind, found = excluded.found
        """;

    public const string DeleteDamage = """
        DELETE FROM damaged_blocks WHERE hash = @Hash
        """;

    public const string SelectDamage = """
        SELECT d.hash AS Hash, d.kind AS Kind FROM damaged_blocks d
        JOIN blocks b ON b.hash = d.hash WHERE b.refs > 0 ORDER BY d.hash
        """;

    public const string DeleteUnreferencedDamage = """
        DELETE FROM damaged_blocks WHERE NOT EXISTS (SELECT 1 FROM blocks b WHERE b.hash = damaged_blocks.hash AND b.refs > 0)
        """;

    public const string SelectCursor = """
        SELECT cursor FROM maintenance_state WHERE name = @Name
        """;

    public const string SaveCursor = """
        INSERT INTO maintenance_state (name, cursor) VALUES (@Name, @Cursor)
        ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor
        """;

    public const string DeleteCursor = """
        DELETE FROM maintenance_state WHERE name = @Name
        """;

    /// <summary>Flags a live version as damaged in a metadata domain, without a new version (an operational mark, not a user change).</summary>
    public const string MarkVersionDamaged = """
        INSERT INTO attributes (serial, domain, attr_key, attr_value)
        SELECT @Serial, @Domain, @Key, @Value WHERE EXISTS (SELECT 1 FROM attributes WHERE serial = @Serial AND domain = @Domain)
        ON CONFLICT (serial, domain, attr_key) DO UPDATE SET attr_value = excluded.attr_value
        """;

    /// <summary>Removes the damage flag a scrub set for one block (either kind) from a version.</summary>
    public const string ClearVersionDamaged = """
        DELETE FROM attributes WHERE serial = @Serial AND domain = @Domain AND attr_key = @Key AND attr_value IN (@Missing, @Corrupt)
        """;
}
