using System.Data;
using System.Globalization;
using Dapper;

namespace Plankton.Core.Objects.Catalogue.TypeHandlers;

/// <summary>
/// Stores a <see cref="DateTimeOffset"/> as UTC ticks (a 64-bit integer): exact round trips, and comparisons in SQL
/// (purge <c>mtime &lt;= @Until</c>) are integer comparisons.
/// </summary>
/// <remarks>
/// Dapper consults its built-in type map before handlers when binding <em>parameters</em> of built-in types (a
/// <see cref="DateTimeOffset"/> parameter would be bound as text), so the store passes <c>UtcTicks</c> itself; this
/// handler serves reads.
/// </remarks>
internal sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
    {
        parameter.DbType = DbType.Int64;
        parameter.Value = value.UtcTicks;
    }

    public override DateTimeOffset Parse(object value) =>
        new(Convert.ToInt64(value, CultureInfo.InvariantCulture), TimeSpan.Zero);
}
