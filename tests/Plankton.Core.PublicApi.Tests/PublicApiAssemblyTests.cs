using System.Reflection;
using System.Runtime.CompilerServices;
using Plankton.Core.Objects;
using Plankton.Core.PostgreSql;
using Plankton.Core.PublicApi.Tests.Auditing;
using Plankton.Core.Tests.Objects;

namespace Plankton.Core.PublicApi.Tests;

/// <summary>
/// Keeps this assembly an outsider: the compiler refuses its code any internal member (CS0122) only as long as no
/// assembly it references names it in <see cref="InternalsVisibleToAttribute"/>.
/// </summary>
[TestFixture]
public sealed class PublicApiAssemblyTests
{
    [Test]
    public void ReferencedAssemblies_GrantThisAssemblyNoInternals()
    {
        string self = typeof(AuditingObjectStore).Assembly.GetName().Name!;
        Assembly[] referenced = [typeof(IObjectStore).Assembly, typeof(PostgreSqlObjectStore).Assembly, typeof(ObjectStoreContractTests).Assembly];

        string[] grants = [.. referenced.SelectMany(a => a.GetCustomAttributes<InternalsVisibleToAttribute>()).Select(a => a.AssemblyName)];

        grants.Should().Contain("Plankton.Core.Tests", "the grants are read (the library's own tests do see its internals)");
        grants.Should().NotContain(g => g.Split(',')[0].Trim() == self);
    }
}
