namespace Plankton.Core.Objects.Catalogue;

/// <summary>The result of <see cref="Sql.Locate"/>: which levels of a path exist, and the object's latest version.</summary>
internal sealed class LocateRow
{
    public long AccountId { get; set; }

    public long? ContainerId { get; set; }

    public long? Versioning { get; set; }

    public long? ObjectId { get; set; }

    public long? LatestSerial { get; set; }

    public long? LatestCluster { get; set; }

    public string? LatestUuid { get; set; }

    public long? LatestMtime { get; set; }
}

/// <summary>One version with its path, as the version queries return it.</summary>
internal sealed class VersionRow
{
    public string Account { get; set; } = string.Empty;

    public string Container { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public long Serial { get; set; }

    public Guid Uuid { get; set; }

    public long Cluster { get; set; }

    public long Size { get; set; }

    public string ContentType { get; set; } = string.Empty;

    public byte[] Hash { get; set; } = [];

    public long BlockSize { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    public string ModifiedBy { get; set; } = string.Empty;

    public byte[]? Hashmap { get; set; }
}

/// <summary>One entry of <see cref="Sql.ListVersions"/>.</summary>
internal sealed class VersionListRow
{
    public long Serial { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    public string ModifiedBy { get; set; } = string.Empty;
}

/// <summary>One attribute of <see cref="Sql.SelectAttributes"/>.</summary>
internal sealed class AttributeRow
{
    public string Key { get; set; } = string.Empty;

    public string Value { get; set; } = string.Empty;
}

/// <summary>One permission entry of <see cref="Sql.SelectEffectivePermissions"/>.</summary>
internal sealed class PermissionRow
{
    public string Path { get; set; } = string.Empty;

    public long Access { get; set; }

    public string Member { get; set; } = string.Empty;
}

/// <summary>One group member of <see cref="Sql.SelectGroups"/>.</summary>
internal sealed class GroupMemberRow
{
    public string Name { get; set; } = string.Empty;

    public string Member { get; set; } = string.Empty;
}

/// <summary>The quotas and usage of a container and its account (<see cref="Sql.SelectQuotas"/>).</summary>
internal sealed class QuotaRow
{
    public string Account { get; set; } = string.Empty;

    public string Container { get; set; } = string.Empty;

    public long? AccountQuota { get; set; }

    public long AccountUsage { get; set; }

    public long? ContainerQuota { get; set; }

    public long ContainerUsage { get; set; }
}

/// <summary>One version's data shape (<see cref="Sql.SelectObjectHashmaps"/>).</summary>
internal sealed class HashmapRow
{
    public long Size { get; set; }

    public long BlockSize { get; set; }

    public byte[] Hashmap { get; set; } = [];
}

/// <summary>One recorded damaged block (<see cref="Sql.SelectDamage"/>).</summary>
internal sealed class DamageRow
{
    public byte[] Hash { get; set; } = [];

    public long Kind { get; set; }
}

/// <summary>One attribute of one version (<see cref="SortedListSql.MetadataOfSerials"/>).</summary>
internal sealed class SerialAttributeRow
{
    public long Serial { get; set; }

    public string Key { get; set; } = string.Empty;

    public string Value { get; set; } = string.Empty;
}
