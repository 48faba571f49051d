using System.Data;
using System.Globalization;
using Dapper;

namespace Plankton.Core.Objects.Catalogue.TypeHandlers;

/// <summary>Reads a <see cref="Guid"/> stored as its 36-character lower-case text (PostgreSQL's <c>uuid</c> text form).</summary>
/// <remarks>
/// Dapper consults its built-in type map before handlers when binding <em>parameters</em> of built-in types, so the
/// store passes uuids as <c>ToString("D")</c> text itself; this handler serves reads (and any binding Dapper does route here).
/// </remarks>
internal sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
{
    public override void SetValue(IDbDataParameter parameter, Guid value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = value.ToString("D", CultureInfo.InvariantCulture);
    }

    public override Guid Parse(object value) => value switch
    {
        string text => Guid.ParseExact(text, "D"),
        byte[] bytes => new Guid(bytes),
        _ => throw new DataException($"Cannot read a uuid from a {value?.GetType().Name ?? "null"} value."),
    };
}
