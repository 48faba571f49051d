using System.Text;
using Plankton.Core.Objects;

namespace Plankton.Core.Tests.Objects;

/// <summary>What an owner can see of an object store, as text: equal snapshots mean no visible change.</summary>
internal static class ObjectStoreSnapshot
{
    /// <summary>Everything the owner can see (accounts, containers, objects with their versions, metadata and permissions, groups).</summary>
    public static async Task<string> DescribeAsync(IObjectStore store, string owner, string domain)
    {
        var text = new StringBuilder();
        foreach (string account in await store.ListAccountsAsync(owner))
        {
            text.Append("account ").Append(account).Append('\n');
            foreach ((string group, IReadOnlyList<string> members) in (await store.GetGroupsAsync(owner, account)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                text.Append(" group ").Append(group).Append('=').AppendJoin(',', members).Append('\n');
            }

            foreach (string container in await store.ListContainersAsync(owner, account))
            {
                text.Append(" container ").Append(container).Append('\n');
                foreach (ObjectListEntry entry in (await store.ListObjectsAsync(owner, account, container, new ListObjectsOptions { Limit = ObjectStoreConstants.MaxListLimit })).Entries)
                {
                    ObjectInfo info = entry.Info!;
                    text.Append("  ").Append(info.Path).Append(' ').Append(info.Uuid).Append(' ').Append(info.Serial).Append(' ').Append(info.Size)
                        .Append(' ').Append(info.Hash).Append(' ').Append(info.ContentType).Append('\n');
                    foreach (ObjectVersionInfo version in await store.ListVersionsAsync(owner, info.Path))
                    {
                        text.Append("   v").Append(version).Append('\n');
                    }

                    foreach ((string key, string value) in (await store.GetMetadataAsync(owner, info.Path, domain)).OrderBy(m => m.Key, StringComparer.Ordinal))
                    {
                        text.Append("   ").Append(key).Append('=').Append(value).Append('\n');
                    }

                    ObjectPermissions permissions = (await store.GetPermissionsAsync(owner, info.Path)).Permissions;
                    text.Append("   read=").AppendJoin(',', permissions.Read).Append(" write=").AppendJoin(',', permissions.Write).Append('\n');
                }
            }
        }

        return text.ToString();
    }
}
